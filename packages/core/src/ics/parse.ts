import ICAL from 'ical.js';
import type {
  Attendee,
  EventContent,
  MeetingLink,
  Reminder,
  Reminders,
  ResponseStatus,
} from '../model/event.js';
import { DEFAULT_REMINDERS, normalizeEmail } from '../model/event.js';
import type { EventTime, InstantUTC, OriginalStart } from '../model/time.js';
import { normalizeContent } from '../reconcile/equality.js';
import { recurrenceLimitProblem } from '../recurrence/limits.js';
import { parseRuleParts } from '../recurrence/lines.js';
import {
  type LocalDateTime,
  formatDate,
  formatLocal,
  localToPseudoMs,
  parseLocal,
  pseudoMsToLocal,
} from '../recurrence/local.js';
import { localToUTC, utcToLocal } from '../recurrence/zone.js';
import { unescapeText } from './text.js';
import {
  type TreeComponent,
  type TreeProperty,
  componentLines,
  excerpt,
  readTree,
} from './tree.js';
import { DocumentZones } from './zones.js';

/** One VEVENT in canonical form. */
export interface IcsEvent {
  readonly uid: string;
  /** RECURRENCE-ID: set on overrides of one instance. */
  readonly originalStart: OriginalStart | null;
  readonly content: EventContent;
  readonly sequence: number;
  readonly lastModifiedAt: InstantUTC | null;
  /** Content lines not modelled (including unknown sub-components), verbatim and in order. */
  readonly extraProperties: readonly string[];
  /** The TZID as written when it was not an IANA name (kept for round-trips). */
  readonly originalTZID: string | null;
}

/** Something broken or degraded in a document. `error`: the item was skipped. */
export interface IcsIssue {
  readonly severity: 'error' | 'warning';
  readonly lineNumber: number | null;
  readonly uid: string | null;
  readonly message: string;
}

/** The outcome of {@link parseICS}. Never throws. */
export interface IcsParseResult {
  readonly events: readonly IcsEvent[];
  readonly issues: readonly IcsIssue[];
}

/** Options of {@link parseICS}. */
export interface ParseICSOptions {
  /** Also read VEVENTs that are not inside a VCALENDAR (default true). */
  readonly lenientRoots?: boolean;
}

/** The largest instant `Date` can represent (±8.64e15 ms). */
const MAX_INSTANT_MS = 8.64e15;

/** Properties this parser models; everything else is preserved verbatim. */
const MODELED = new Set([
  'UID',
  'SUMMARY',
  'DESCRIPTION',
  'LOCATION',
  'DTSTART',
  'DTEND',
  'DURATION',
  'RRULE',
  'EXRULE',
  'RDATE',
  'EXDATE',
  'RECURRENCE-ID',
  'STATUS',
  'TRANSP',
  'ATTENDEE',
  'ORGANIZER',
  'SEQUENCE',
  'LAST-MODIFIED',
  'DTSTAMP',
  'CONFERENCE',
  'X-GOOGLE-CONFERENCE',
  'X-MICROSOFT-SKYPETEAMSMEETINGURL',
]);

/**
 * Parses iCalendar text: valid VEVENTs become {@link IcsEvent}s, broken ones are skipped and
 * reported, good events next to a broken one are kept, and nothing throws. Unknown properties
 * and components stay in `extraProperties` for round-trips.
 *
 * @example
 * const { events, issues } = parseICS(await readFile('feed.ics', 'utf8'));
 */
export function parseICS(text: string, options: ParseICSOptions = {}): IcsParseResult {
  const issues: IcsIssue[] = [];
  try {
    const tree = readTree(text);
    for (const issue of tree.issues)
      issues.push({
        severity: 'warning',
        lineNumber: issue.lineNumber,
        uid: null,
        message: issue.message,
      });
    const calendars = tree.roots.filter((root) => root.name === 'VCALENDAR');
    const looseEvents =
      options.lenientRoots === false ? [] : tree.roots.filter((root) => root.name === 'VEVENT');
    if (calendars.length === 0 && looseEvents.length === 0 && text.trim() !== '') {
      issues.push({
        severity: 'error',
        lineNumber: null,
        uid: null,
        message: 'no VCALENDAR in the document',
      });
    }
    // VTIMEZONEs are shared across the document (forward references and split calendars happen).
    const definitions = new Map<string, TreeComponent>();
    for (const component of [...calendars.flatMap((c) => c.children), ...tree.roots]) {
      if (component.name !== 'VTIMEZONE') continue;
      const tzid = component.properties.find((p) => p.name === 'TZID')?.value;
      if (tzid && !definitions.has(tzid)) definitions.set(tzid, component);
    }
    const zones = new DocumentZones(definitions);
    const events: IcsEvent[] = [];
    for (const vevent of [...calendars.flatMap((c) => c.children), ...looseEvents]) {
      if (vevent.name !== 'VEVENT') continue;
      try {
        const result = readEvent(vevent, zones);
        issues.push(...result.issues);
        if (result.event) events.push(result.event);
      } catch (error) {
        // One unreadable VEVENT never takes its neighbours down.
        const uid = vevent.properties.find((p) => p.name === 'UID')?.value.trim() ?? null;
        issues.push({
          severity: 'error',
          lineNumber: vevent.lineNumber,
          uid,
          message: `VEVENT skipped: ${String(error)}`,
        });
      }
    }
    return { events, issues };
  } catch (error) {
    // Defensive: a bug here must not take the caller down with it.
    issues.push({
      severity: 'error',
      lineNumber: null,
      uid: null,
      message: `parser failure: ${String(error)}`,
    });
    return { events: [], issues };
  }
}

interface EventReading {
  readonly event: IcsEvent | null;
  readonly issues: IcsIssue[];
}

/** A DATE / DATE-TIME property value as read. */
type PointValue =
  | { readonly kind: 'date'; readonly local: LocalDateTime }
  | { readonly kind: 'instant'; readonly utcMs: number; readonly zone: string }
  | { readonly kind: 'floating'; readonly local: LocalDateTime };

function readEvent(vevent: TreeComponent, zones: DocumentZones): EventReading {
  const issues: IcsIssue[] = [];
  const first = (name: string): TreeProperty | undefined =>
    vevent.properties.find((p) => p.name === name);
  const all = (name: string): TreeProperty[] => vevent.properties.filter((p) => p.name === name);
  const uidProp = first('UID');
  const uid = uidProp?.value.trim() || null;
  const issue = (
    severity: IcsIssue['severity'],
    message: string,
    lineNumber: number | null = vevent.lineNumber,
  ): void => {
    issues.push({ severity, lineNumber, uid, message });
  };
  if (vevent.refused) {
    issue('error', `VEVENT skipped: ${vevent.refused}`);
    return { event: null, issues };
  }
  let originalTZID: string | null = null;
  const readPoint = (property: TreeProperty): PointValue | null => {
    const tzid = property.params.TZID ?? null;
    const value = property.value.trim();
    if (property.params.VALUE?.toUpperCase() === 'DATE' || /^\d{8}$/.test(value)) {
      const local = /^\d{8}$/.test(value) ? parseLocal(value) : null;
      return local ? { kind: 'date', local } : null;
    }
    const match = /^(\d{8}T\d{6})(Z?)$/i.exec(value);
    const local = match ? parseLocal(match[1]!) : null;
    if (!match || !local) return null;
    if (match[2]) return { kind: 'instant', utcMs: localToPseudoMs(local), zone: 'UTC' };
    if (!tzid) return { kind: 'floating', local };
    const converted = zones.toUTC(tzid, local);
    if (!converted) {
      issue(
        'warning',
        `unknown TZID "${tzid}" without VTIMEZONE: kept as floating time`,
        property.lineNumber,
      );
      originalTZID ??= tzid;
      return { kind: 'floating', local };
    }
    if (converted.zone !== tzid) originalTZID ??= tzid;
    if (!converted.exact)
      issue(
        'warning',
        `custom zone "${tzid}": instants converted exactly, expansion uses ${converted.zone}`,
        property.lineNumber,
      );
    return { kind: 'instant', utcMs: converted.utcMs, zone: converted.zone };
  };

  const startProp = first('DTSTART');
  if (!startProp) {
    issue('error', 'VEVENT without DTSTART skipped');
    return { event: null, issues };
  }
  const start = readPoint(startProp);
  if (!start) {
    issue(
      'error',
      `invalid DTSTART "${excerpt(startProp.value)}": VEVENT skipped`,
      startProp.lineNumber,
    );
    return { event: null, issues };
  }
  const time = readTime(start, first('DTEND'), first('DURATION'), readPoint, (m, l) =>
    issue('warning', m, l),
  );

  const recurrenceLines: string[] = [];
  for (const property of vevent.properties) {
    if (property.name === 'RRULE' || property.name === 'EXRULE') {
      try {
        ICAL.Recur.fromString(property.value.trim());
        if (!parseRuleParts(property.value).has('FREQ')) throw new Error('no FREQ');
        recurrenceLines.push(`${property.name}:${property.value.trim()}`);
      } catch (error) {
        issue(
          'warning',
          `invalid ${property.name} dropped: ${excerpt(property.value)} (${String(error)})`,
          property.lineNumber,
        );
      }
    } else if (property.name === 'RDATE' || property.name === 'EXDATE') {
      const line = normalizeDateList(property, readPoint);
      if (line) recurrenceLines.push(line);
      else issue('warning', `empty or invalid ${property.name} dropped`, property.lineNumber);
    }
  }
  const refused = recurrenceLimitProblem(recurrenceLines);
  if (refused) {
    issue('error', `VEVENT skipped: recurrence refused (${refused.reason}): ${refused.message}`);
    return { event: null, issues };
  }

  let originalStart: OriginalStart | null = null;
  const recurrenceIdProp = first('RECURRENCE-ID');
  if (recurrenceIdProp) {
    const point = readPoint(recurrenceIdProp);
    if (!point) {
      issue(
        'error',
        `invalid RECURRENCE-ID "${excerpt(recurrenceIdProp.value)}": override skipped`,
        recurrenceIdProp.lineNumber,
      );
      return { event: null, issues };
    }
    originalStart = toOriginalStart(point);
  }

  const statusValue = first('STATUS')?.value.trim().toUpperCase();
  const content = normalizeContent({
    title: unescapeText(first('SUMMARY')?.value ?? ''),
    description: textOrNull(first('DESCRIPTION')),
    location: textOrNull(first('LOCATION')),
    time,
    recurrence: recurrenceLines.length > 0 ? { lines: recurrenceLines } : null,
    attendees: readAttendees(all('ATTENDEE'), first('ORGANIZER')),
    status:
      statusValue === 'CANCELLED'
        ? 'cancelled'
        : statusValue === 'TENTATIVE'
          ? 'tentative'
          : 'confirmed',
    meeting: readMeeting(vevent),
    reminders: readReminders(vevent.children),
    transparency:
      first('TRANSP')?.value.trim().toUpperCase() === 'TRANSPARENT' ? 'transparent' : 'opaque',
  });
  if (!uid) issue('warning', 'VEVENT without UID: a deterministic UID was generated');
  const extraProperties = [
    ...vevent.properties
      .filter(
        (p) =>
          !MODELED.has(p.name) &&
          !(p.name === 'URL' && content.meeting?.joinUrl === p.value.trim()),
      )
      .map((p) => p.raw),
    ...vevent.children.flatMap(componentLines),
  ];
  const lastModified = first('LAST-MODIFIED') ?? first('DTSTAMP');
  const lastModifiedPoint = lastModified ? readPoint(lastModified) : null;
  const sequence = Number(first('SEQUENCE')?.value.trim() ?? '0');
  return {
    event: {
      uid: uid ?? generatedUID(content),
      originalStart,
      content,
      sequence: Number.isInteger(sequence) ? sequence : 0,
      lastModifiedAt:
        lastModifiedPoint?.kind === 'instant'
          ? new Date(lastModifiedPoint.utcMs).toISOString()
          : null,
      extraProperties,
      originalTZID,
    },
    issues,
  };
}

function textOrNull(property: TreeProperty | undefined): string | null {
  const value = property ? unescapeText(property.value) : '';
  return value === '' ? null : value;
}

function readTime(
  start: PointValue,
  endProp: TreeProperty | undefined,
  durationProp: TreeProperty | undefined,
  readPoint: (property: TreeProperty) => PointValue | null,
  warn: (message: string, lineNumber: number) => void,
): EventTime {
  const end = endProp ? readPoint(endProp) : null;
  if (endProp && !end)
    warn(`invalid DTEND "${excerpt(endProp.value)}" ignored`, endProp.lineNumber);
  let duration: ICAL.Duration | null = null;
  if (!end && durationProp) {
    try {
      duration = ICAL.Duration.fromString(durationProp.value.trim());
    } catch {
      warn(`invalid DURATION "${excerpt(durationProp.value)}" ignored`, durationProp.lineNumber);
    }
  }
  switch (start.kind) {
    case 'date': {
      const startDate = formatDate(start.local);
      let days = 1;
      if (end?.kind === 'date')
        days = Math.round((localToPseudoMs(end.local) - localToPseudoMs(start.local)) / 86_400_000);
      else if (duration) days = Math.max(1, duration.weeks * 7 + duration.days);
      if (days < 1 || !Number.isFinite(days) || days > 36_600) days = 1;
      return {
        kind: 'all_day',
        startDate,
        endDate: formatDate(pseudoMsToLocal(localToPseudoMs(start.local) + days * 86_400_000)),
      };
    }
    case 'instant': {
      let endMs = start.utcMs;
      if (end?.kind === 'instant') endMs = end.utcMs;
      else if (end?.kind === 'floating') endMs = localToUTC(start.zone, end.local);
      else if (end?.kind === 'date') endMs = localToUTC(start.zone, end.local);
      else if (duration) endMs = addNominal(start.utcMs, start.zone, duration);
      if (!Number.isFinite(endMs) || Math.abs(endMs) > MAX_INSTANT_MS) {
        warn(
          'end out of range (DTEND/DURATION): treated as zero duration',
          (endProp ?? durationProp)?.lineNumber ?? 0,
        );
        endMs = start.utcMs;
      }
      if (endMs < start.utcMs) {
        warn('DTEND before DTSTART: treated as zero duration', endProp?.lineNumber ?? 0);
        endMs = start.utcMs;
      }
      return {
        kind: 'zoned',
        startsAtUTC: new Date(start.utcMs).toISOString(),
        endsAtUTC: new Date(endMs).toISOString(),
        timeZone: start.zone,
      };
    }
    case 'floating': {
      const startPseudo = localToPseudoMs(start.local);
      let endPseudo = startPseudo;
      if (end && end.kind !== 'instant') endPseudo = localToPseudoMs(end.local);
      else if (end?.kind === 'instant') endPseudo = end.utcMs;
      else if (duration) endPseudo = startPseudo + duration.toSeconds() * 1000;
      if (
        !Number.isFinite(endPseudo) ||
        Math.abs(endPseudo) > MAX_INSTANT_MS ||
        endPseudo < startPseudo
      )
        endPseudo = startPseudo;
      return {
        kind: 'floating',
        startsAtLocal: formatLocal(start.local),
        endsAtLocal: formatLocal(pseudoMsToLocal(endPseudo)),
      };
    }
  }
}

/** RFC 5545 §3.3.6: days and weeks are nominal (same wall-clock), hours and less are exact. */
function addNominal(utcMs: number, zone: string, duration: ICAL.Duration): number {
  const sign = duration.isNegative ? -1 : 1;
  const days = sign * (duration.weeks * 7 + duration.days);
  const exactMs = sign * ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000;
  if (days === 0) return utcMs + exactMs;
  const local = utcToLocal(zone, utcMs);
  const shifted = pseudoMsToLocal(localToPseudoMs(local) + days * 86_400_000);
  return localToUTC(zone, shifted) + exactMs;
}

/** Rewrites an RDATE/EXDATE with a non-IANA TZID to UTC so the line stands on its own. */
function normalizeDateList(
  property: TreeProperty,
  readPoint: (property: TreeProperty) => PointValue | null,
): string | null {
  const values = property.value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (values.length === 0) return null;
  const isPeriod =
    property.params.VALUE?.toUpperCase() === 'PERIOD' || values.some((v) => v.includes('/'));
  const starts = values.map((v) => v.split('/')[0]!);
  const points = starts.map((value) => readPoint({ ...property, value }));
  if (points.some((p) => p === null)) return null;
  const tzid = property.params.TZID;
  if (!isPeriod && (!tzid || points.every((p) => p!.kind !== 'instant' || p!.zone === tzid))) {
    return property.raw.replace(/^[^:;]+/, property.name);
  }
  // Periods keep only their start (the engine models instances by start); custom zones become UTC.
  const formatted = points.map((p) =>
    p!.kind === 'instant'
      ? `${new Date(p!.utcMs).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`
      : p!.kind === 'date'
        ? formatDate(p!.local).replaceAll('-', '')
        : formatLocal(p!.local).replace(/[-:]/g, ''),
  );
  const isDate = points.every((p) => p!.kind === 'date');
  return `${property.name}${isDate ? ';VALUE=DATE' : ''}:${formatted.join(',')}`;
}

function toOriginalStart(point: PointValue): OriginalStart {
  switch (point.kind) {
    case 'date':
      return { kind: 'date', date: formatDate(point.local) };
    case 'instant':
      return { kind: 'instant', atUTC: new Date(point.utcMs).toISOString() };
    case 'floating':
      return { kind: 'floating', atLocal: formatLocal(point.local) };
  }
}

const PARTSTAT: Readonly<Record<string, ResponseStatus>> = {
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  TENTATIVE: 'tentative',
  'NEEDS-ACTION': 'needs_action',
  DELEGATED: 'declined',
};

function readAttendees(attendees: TreeProperty[], organizer: TreeProperty | undefined): Attendee[] {
  const result: Attendee[] = [];
  const organizerEmail = organizer ? emailOf(organizer.value) : null;
  for (const property of attendees) {
    const email = emailOf(property.value);
    if (!email) continue;
    const cutype = property.params.CUTYPE?.toUpperCase();
    result.push({
      email,
      name: property.params.CN ?? null,
      responseStatus:
        PARTSTAT[property.params.PARTSTAT?.toUpperCase() ?? 'NEEDS-ACTION'] ?? 'needs_action',
      optional: property.params.ROLE?.toUpperCase() === 'OPT-PARTICIPANT',
      organizer: email === organizerEmail,
      resource: cutype === 'ROOM' || cutype === 'RESOURCE',
    });
  }
  if (organizer && organizerEmail && !result.some((a) => a.email === organizerEmail)) {
    result.push({
      email: organizerEmail,
      name: organizer.params.CN ?? null,
      responseStatus: 'accepted',
      optional: false,
      organizer: true,
      resource: false,
    });
  }
  return result;
}

function emailOf(value: string): string | null {
  const email = normalizeEmail(value);
  return email.includes('@') ? email : null;
}

const MEETING_HOSTS: [RegExp, MeetingLink['provider']][] = [
  [/zoom\.us\//i, 'zoom'],
  [/meet\.google\.com\//i, 'google_meet'],
  [/teams\.microsoft\.com\//i, 'teams'],
];

function readMeeting(vevent: TreeComponent): MeetingLink | null {
  const candidates = vevent.properties.filter((p) =>
    ['CONFERENCE', 'X-GOOGLE-CONFERENCE', 'X-MICROSOFT-SKYPETEAMSMEETINGURL', 'URL'].includes(
      p.name,
    ),
  );
  for (const property of candidates) {
    const url = property.value.trim();
    if (!/^https?:\/\//i.test(url)) continue;
    const provider = MEETING_HOSTS.find(([pattern]) => pattern.test(url))?.[1];
    if (provider || property.name !== 'URL')
      return { provider: provider ?? 'other', joinUrl: url, conferenceId: null };
  }
  return null;
}

/** Relative VALARMs become reminders (EMAIL → email, others → popup); absolute ones stay extra. */
export function readReminders(children: readonly TreeComponent[]): Reminders {
  const overrides: Reminder[] = [];
  for (const alarm of children) {
    if (alarm.name !== 'VALARM') continue;
    const trigger = alarm.properties.find((p) => p.name === 'TRIGGER');
    if (!trigger || trigger.params.VALUE?.toUpperCase() === 'DATE-TIME') continue;
    if (trigger.params.RELATED?.toUpperCase() === 'END') continue;
    try {
      const seconds = ICAL.Duration.fromString(trigger.value.trim()).toSeconds();
      if (seconds > 0) continue;
      const action = alarm.properties
        .find((p) => p.name === 'ACTION')
        ?.value.trim()
        .toUpperCase();
      overrides.push({
        method: action === 'EMAIL' ? 'email' : 'popup',
        minutesBefore: Math.round(-seconds / 60),
      });
    } catch {
      continue;
    }
  }
  return overrides.length > 0 ? { useDefault: false, overrides } : DEFAULT_REMINDERS;
}

/** A UID derived from content, so the same UID-less event always gets the same one. */
function generatedUID(content: EventContent): string {
  const text = JSON.stringify([content.title, content.time]);
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return `calsync-${(hash >>> 0).toString(16).padStart(8, '0')}@generated`;
}
