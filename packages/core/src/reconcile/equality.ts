import type { Attendee, ContentField, EventContent, Reminders } from '../model/event.js';
import type { EventTime } from '../model/time.js';
import { normalizeEmail } from '../model/event.js';
import { normalizeInstant } from '../model/time.js';

/**
 * Normalises content so that equal meaning compares equal: lower-cased attendee emails sorted,
 * empty strings as `null`, instants in canonical form, reminders sorted. Every comparison in
 * reconcile goes through it; adapters should hand over content already in this shape.
 *
 * @example
 * normalizeContent({ ...content, description: '' }).description // null
 */
export function normalizeContent(content: EventContent): EventContent {
  return {
    title: content.title,
    description: emptyToNull(content.description),
    location: emptyToNull(content.location),
    time: normalizeTime(content.time),
    recurrence:
      content.recurrence && content.recurrence.lines.length > 0 ? content.recurrence : null,
    attendees: normalizeAttendees(content.attendees),
    status: content.status,
    meeting: content.meeting,
    reminders: normalizeReminders(content.reminders),
    transparency: content.transparency,
  };
}

function emptyToNull(value: string | null): string | null {
  return value === null || value === '' ? null : value;
}

function normalizeTime(time: EventTime): EventTime {
  if (time.kind !== 'zoned') return time;
  return {
    ...time,
    startsAtUTC: normalizeInstant(time.startsAtUTC),
    endsAtUTC: normalizeInstant(time.endsAtUTC),
  };
}

/** Attendees with lower-cased emails, one per email, sorted by email. */
export function normalizeAttendees(attendees: readonly Attendee[]): Attendee[] {
  const byEmail = new Map<string, Attendee>();
  for (const attendee of attendees) {
    const email = normalizeEmail(attendee.email);
    if (!byEmail.has(email)) byEmail.set(email, { ...attendee, email });
  }
  return [...byEmail.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

function normalizeReminders(reminders: Reminders): Reminders {
  const overrides = [...reminders.overrides].sort(
    (a, b) => a.minutesBefore - b.minutesBefore || a.method.localeCompare(b.method),
  );
  return { useDefault: reminders.useDefault, overrides };
}

/**
 * A canonical string for any JSON-like value (object keys sorted), for equality and hashing.
 *
 * @example
 * stableStringify({ b: 1, a: [2] }) // '{"a":[2],"b":1}'
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${stableStringify(record[key])}`).join(',')}}`;
}

/** Deep equality of two JSON-like values. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return stableStringify(a) === stableStringify(b);
}

/** Equality of one field of two (normalised) contents. */
export function fieldEqual(field: ContentField, a: EventContent, b: EventContent): boolean {
  return valuesEqual(a[field], b[field]);
}

/** Equality of two contents, field by field after normalisation. */
export function contentEqual(a: EventContent, b: EventContent): boolean {
  return stableStringify(normalizeContent(a)) === stableStringify(normalizeContent(b));
}

/**
 * A short deterministic fingerprint of content (FNV-1a over the canonical form), for "last
 * written hash" columns and echo checks.
 *
 * @example
 * contentHash(content) === contentHash(structuredClone(content)) // true
 */
export function contentHash(content: EventContent): string {
  const text = stableStringify(normalizeContent(content));
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
