import { createHash } from 'node:crypto';
import {
  type EventContent,
  ICS_LIMITS,
  type IcsEvent,
  type PullIssue,
  type RemoteChange,
  type RemoteEvent,
  excludedOriginalStarts,
  normalizeContent,
  originalStartKey,
  parseICS,
} from '@calsync/core';
import { formatExternalId, instanceExternalId } from '../ids.js';
import {
  type RawComponent,
  type RawDocument,
  childrenOf,
  componentText,
  propertiesOf,
  readDocument,
} from './document.js';

/** The property stamping Calsync's appointment id on its own writes (echo detection). */
export const APPOINTMENT_ID_PROPERTY = 'X-CALSYNC-APPOINTMENT-ID';

/** One VEVENT of a resource, read. */
export interface ReadEvent {
  readonly remote: RemoteEvent;
  readonly ics: IcsEvent;
  readonly component: RawComponent;
}

/** Everything read from one calendar object resource. */
export interface ResourceReading {
  /** The parsed document; `events[].component` are nodes of it (patch them in place to write back). */
  readonly document: RawDocument;
  readonly events: readonly ReadEvent[];
  readonly changes: readonly RemoteChange[];
  readonly issues: readonly PullIssue[];
}

/** Input of {@link readResource}. */
export interface ReadResourceInput {
  readonly href: string;
  readonly calendarId: string;
  readonly text: string;
  readonly now: Date;
}

/**
 * The version tag of one VEVENT: a hash of its lines. Master and overrides share a resource
 * (and its HTTP etag), so each gets its own tag: editing one override does not make the
 * master's stored tag stale.
 *
 * @example
 * componentEtag(vevent) // '"c-9f86d081884c7d65…"'
 */
export function componentEtag(component: RawComponent): string {
  return `"c-${createHash('sha256').update(componentText(component)).digest('hex').slice(0, 32)}"`;
}

/**
 * Reads a calendar object resource into canonical events. A broken VEVENT becomes a
 * {@link PullIssue} and the rest of the resource is still read; nothing throws.
 *
 * @example
 * const { changes, issues } = readResource({ href, calendarId, text, now: new Date() });
 */
export function readResource(input: ReadResourceInput): ResourceReading {
  const issues: PullIssue[] = [];
  const events: ReadEvent[] = [];
  const changes: RemoteChange[] = [];
  const document = readDocument(input.text);
  const calendars = document.roots.filter((r) => r.name === 'VCALENDAR');
  const allEvents = calendars.flatMap((c) => childrenOf(c, 'VEVENT'));
  if (
    document.refused ||
    calendars.length === 0 ||
    (allEvents.length === 0 && document.problems.length > 0)
  ) {
    const reason = document.refused
      ? `resource refused: ${document.refused}`
      : calendars.length === 0
        ? 'not an iCalendar object (no VCALENDAR)'
        : document.problems.join('; ');
    return {
      document,
      events,
      changes,
      issues: [{ externalId: input.href, reason, excerpt: excerptOf(input.text) }],
    };
  }
  const zones = calendars
    .flatMap((c) => childrenOf(c, 'VTIMEZONE'))
    .map(componentText)
    .join('');
  const vevents = capEvents(allEvents);
  if (vevents.length < allEvents.length) {
    const kept = new Set(vevents);
    issues.push({
      externalId: input.href,
      reason: `${allEvents.length} VEVENTs in one resource: the ${allEvents.length - vevents.length} past the first ${ICS_LIMITS.maxEventsPerResource} (masters first) were skipped`,
      excerpt: excerptOf(componentText(allEvents.find((c) => !kept.has(c))!)),
    });
  }
  let primaryUID: string | null = null;
  for (const component of vevents) {
    const text = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${zones}${componentText(component)}END:VCALENDAR\r\n`;
    const parsed = parseICS(text);
    const ics = parsed.events[0];
    if (!ics) {
      const errors = parsed.issues.filter((i) => i.severity === 'error').map((i) => i.message);
      issues.push({
        externalId: input.href,
        reason: errors.join('; ') || 'unreadable VEVENT',
        excerpt: excerptOf(componentText(component)),
      });
      continue;
    }
    primaryUID ??= ics.uid;
    const uid = ics.uid === primaryUID ? null : ics.uid;
    const instanceKey = ics.originalStart ? originalStartKey(ics.originalStart) : null;
    const remote: RemoteEvent = {
      externalId: formatExternalId({ href: input.href, uid, instanceKey }),
      calendarId: input.calendarId,
      etag: componentEtag(component),
      iCalUID: ics.uid,
      seriesExternalId: ics.originalStart
        ? formatExternalId({ href: input.href, uid, instanceKey: null })
        : null,
      originalStart: ics.originalStart,
      updatedAt: ics.lastModifiedAt ?? input.now.toISOString(),
      calsyncAppointmentId:
        propertiesOf(component, APPOINTMENT_ID_PROPERTY)[0]?.value.trim() || null,
      content: canonicalContent(ics.content),
      extraProperties: ics.extraProperties,
    };
    events.push({ remote, ics, component });
  }
  for (const { remote } of events) changes.push(...changesOf(remote, events));
  return { document, events, changes, issues };
}

/**
 * The VEVENTs of a resource read, at most `ICS_LIMITS.maxEventsPerResource`: masters (no
 * RECURRENCE-ID) first, then overrides, each in document order.
 */
function capEvents(vevents: readonly RawComponent[]): RawComponent[] {
  if (vevents.length <= ICS_LIMITS.maxEventsPerResource) return [...vevents];
  const isOverride = (c: RawComponent): boolean => propertiesOf(c, 'RECURRENCE-ID').length > 0;
  return [...vevents.filter((c) => !isOverride(c)), ...vevents.filter(isOverride)].slice(
    0,
    ICS_LIMITS.maxEventsPerResource,
  );
}

/**
 * Canonical content as Calsync reads it back from its own writes: the meeting link is written
 * to LOCATION when there is no location, so a LOCATION equal to the join URL is no location.
 */
export function canonicalContent(content: EventContent): EventContent {
  if (content.meeting && content.location?.trim() === content.meeting.joinUrl) {
    return normalizeContent({ ...content, location: null });
  }
  return content;
}

function changesOf(remote: RemoteEvent, all: readonly ReadEvent[]): RemoteChange[] {
  const removal = (
    externalId: string,
    seriesExternalId: string | null,
    originalStart: RemoteEvent['originalStart'],
  ): RemoteChange => ({
    kind: 'removed',
    externalId,
    calendarId: remote.calendarId,
    seriesExternalId,
    originalStart,
    reason: 'cancelled',
    removedAt: remote.updatedAt,
  });
  if (remote.content.status === 'cancelled')
    return [removal(remote.externalId, remote.seriesExternalId, remote.originalStart)];
  const result: RemoteChange[] = [{ kind: 'upsert', event: remote }];
  if (remote.originalStart === null && remote.content.recurrence) {
    const overridden = new Set(
      all
        .filter((e) => e.remote.seriesExternalId === remote.externalId && e.remote.originalStart)
        .map((e) => originalStartKey(e.remote.originalStart!)),
    );
    for (const originalStart of excludedOriginalStarts(
      remote.content.time,
      remote.content.recurrence,
    )) {
      const key = originalStartKey(originalStart);
      if (overridden.has(key)) continue;
      result.push(
        removal(
          instanceExternalId(remote.externalId, originalStart),
          remote.externalId,
          originalStart,
        ),
      );
    }
  }
  return result;
}

function excerptOf(text: string): string {
  const printable = [...text.replace(/\r?\n/g, '⏎')]
    .map((c) => (c.charCodeAt(0) < 0x20 ? '?' : c))
    .join('');
  return printable.length > 200 ? `${printable.slice(0, 197)}...` : printable;
}
