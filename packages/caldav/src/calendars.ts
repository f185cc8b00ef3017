import type { RemoteCalendar } from '@calsync/core';
import { resolveZoneName } from '@calsync/core';
import type { DAVTransport } from './dav/transport.js';
import { childNames, componentNames, privilegeNames, textOf } from './dav/multistatus.js';
import { CALENDAR_PROPS, propfindBody } from './dav/xml.js';

/** One calendar collection found in a calendar home. `calendarId` is its absolute URL. */
export interface CalDAVCalendar extends RemoteCalendar {
  readonly url: string;
  /** `CALDAV:supported-calendar-component-set`; empty when the server did not say (all allowed). */
  readonly components: readonly string[];
  readonly ctag: string | null;
  readonly syncToken: string | null;
}

const WRITE_PRIVILEGES = new Set(['all', 'write', 'writeContent', 'bind']);

/**
 * Lists the event calendars of a calendar home (PROPFIND Depth 1). Collections that are not
 * calendars (iCloud's inbox, outbox, notifications) and task-only calendars are skipped. The
 * first event calendar is reported as primary.
 *
 * @example
 * const calendars = await fetchCalendars(transport, 'https://p01-caldav.icloud.com/123/calendars/');
 */
export async function fetchCalendars(
  transport: DAVTransport,
  homeUrl: string,
): Promise<CalDAVCalendar[]> {
  const answer = await transport.multistatus('PROPFIND', homeUrl, propfindBody(CALENDAR_PROPS), {
    depth: '1',
  });
  const calendars: CalDAVCalendar[] = [];
  for (const entry of answer.entries) {
    if (!childNames(entry.props.resourcetype).includes('calendar')) continue;
    const components = componentNames(entry.props.supportedCalendarComponentSet);
    if (components.length > 0 && !components.includes('VEVENT')) continue;
    const privileges = privilegeNames(entry.props.currentUserPrivilegeSet);
    const writable = privileges.length === 0 || privileges.some((p) => WRITE_PRIVILEGES.has(p));
    const url = entry.url.endsWith('/') ? entry.url : `${entry.url}/`;
    calendars.push({
      calendarId: url,
      url,
      name: textOf(entry.props.displayname) || lastSegment(url),
      primary: false,
      accessRole: writable ? 'owner' : 'reader',
      timeZone: zoneOf(textOf(entry.props.calendarTimezone)),
      color: colorOf(textOf(entry.props.calendarColor)),
      components,
      ctag: textOf(entry.props.getctag),
      syncToken: textOf(entry.props.syncToken),
    });
  }
  calendars.sort((a, b) => a.url.localeCompare(b.url));
  return calendars.map((c, index) => (index === 0 ? { ...c, primary: true } : c));
}

function lastSegment(url: string): string {
  const parts = new URL(url).pathname.split('/').filter(Boolean);
  return decodeURIComponent(parts[parts.length - 1] ?? url);
}

/** `#RRGGBBAA` (Apple) → `#rrggbb`. */
function colorOf(value: string | null): string | null {
  const match = value ? /^#?([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(value.trim()) : null;
  return match ? `#${match[1]!.toLowerCase()}` : null;
}

/** The zone of a `calendar-timezone` VTIMEZONE (its TZID or X-LIC-LOCATION), when IANA-known. */
function zoneOf(vtimezone: string | null): string | null {
  if (!vtimezone) return null;
  for (const name of ['X-LIC-LOCATION', 'TZID']) {
    const match = new RegExp(`^${name}[^:]*:(.+)$`, 'm').exec(vtimezone);
    const zone = match ? resolveZoneName(match[1]!.trim()) : null;
    if (zone) return zone;
  }
  return null;
}
