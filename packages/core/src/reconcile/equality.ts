import type { Attendee, ContentField, EventContent, Reminders } from '../model/event.js';
import type { EventTime } from '../model/time.js';
import { CONTENT_FIELDS, normalizeEmail } from '../model/event.js';
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

const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function normalizeTime(time: EventTime): EventTime {
  if (time.kind !== 'zoned') return time;
  if (CANONICAL_INSTANT.test(time.startsAtUTC) && CANONICAL_INSTANT.test(time.endsAtUTC))
    return time;
  return {
    ...time,
    startsAtUTC: normalizeInstant(time.startsAtUTC),
    endsAtUTC: normalizeInstant(time.endsAtUTC),
  };
}

/** Attendees with lower-cased emails, one per email, sorted by email. */
export function normalizeAttendees(attendees: readonly Attendee[]): readonly Attendee[] {
  if (isNormalized(attendees)) return attendees;
  const byEmail = new Map<string, Attendee>();
  for (const attendee of attendees) {
    const email = normalizeEmail(attendee.email);
    if (!byEmail.has(email)) byEmail.set(email, { ...attendee, email });
  }
  return [...byEmail.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

/** Fast path: already lower-case, unique and sorted (the common case inside the engine). */
function isNormalized(attendees: readonly Attendee[]): boolean {
  for (let index = 0; index < attendees.length; index++) {
    const email = attendees[index]!.email;
    if (email !== email.toLowerCase() || email.startsWith('mailto:') || email.trim() !== email)
      return false;
    if (index > 0 && !(attendees[index - 1]!.email < email)) return false;
  }
  return true;
}

function normalizeReminders(reminders: Reminders): Reminders {
  if (reminders.overrides.length < 2) return reminders;
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

/** Deep equality of two JSON-like values (object key order ignored, `undefined` keys ignored). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++)
      if (!valuesEqual(a[index], b[index])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let leftKeys = 0;
  for (const key in left) {
    if (left[key] === undefined) continue;
    leftKeys++;
    if (!valuesEqual(left[key], right[key])) return false;
  }
  let rightKeys = 0;
  for (const key in right) if (right[key] !== undefined) rightKeys++;
  return leftKeys === rightKeys;
}

/** Equality of one field of two (normalised) contents. */
export function fieldEqual(field: ContentField, a: EventContent, b: EventContent): boolean {
  return valuesEqual(a[field], b[field]);
}

/** Equality of two contents, field by field after normalisation. */
export function contentEqual(a: EventContent, b: EventContent): boolean {
  const left = normalizeContent(a);
  const right = normalizeContent(b);
  for (const field of CONTENT_FIELDS) if (!valuesEqual(left[field], right[field])) return false;
  return true;
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
