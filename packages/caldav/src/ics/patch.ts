import {
  type EventContent,
  type EventTime,
  escapeText,
  foldLine,
  normalizeEmail,
  parseContentLine,
  valuesEqual,
  vtimezoneLines,
} from '@calsync/core';
import {
  type RawComponent,
  type RawItem,
  type RawProperty,
  childrenOf,
  propertiesOf,
  readDocument,
} from './document.js';
import {
  alarmLines,
  attendeeLine,
  basicUTC,
  meetingLines,
  organizerLine,
  textLine,
  timeLines,
} from './lines.js';

/**
 * Writes canonical content into an existing VEVENT by touching only the properties of fields
 * that changed: everything else (X- properties, COLOR, CATEGORIES, ATTACH, unknown parameters,
 * absolute alarms, even the original line folding) stays as the other client wrote it.
 */
export interface PatchInput {
  /** The VEVENT as stored (not modified; a patched copy is returned). */
  readonly component: RawComponent;
  /** What Calsync read from it, or `null` for a new VEVENT (then every field is written). */
  readonly before: EventContent | null;
  readonly after: EventContent;
  readonly now: Date;
}

/** Fields whose change is "significant" (RFC 5545 §3.8.7.4) and bumps SEQUENCE. */
const SIGNIFICANT: readonly (keyof EventContent)[] = [
  'time',
  'recurrence',
  'location',
  'status',
  'meeting',
];
const MEETING_PROPERTIES = new Set([
  'CONFERENCE',
  'X-GOOGLE-CONFERENCE',
  'X-MICROSOFT-SKYPETEAMSMEETINGURL',
]);

/**
 * Returns a patched copy of the VEVENT with DTSTAMP and LAST-MODIFIED set to `now` and
 * SEQUENCE incremented on significant changes.
 *
 * @example
 * const patched = patchEvent({ component: vevent, before: stored.content, after: edited, now: new Date() });
 */
export function patchEvent(input: PatchInput): RawComponent {
  const { before, after } = input;
  const component: RawComponent = {
    kind: 'component',
    name: 'VEVENT',
    items: [...input.component.items],
  };
  const changed = (field: keyof EventContent): boolean =>
    before === null || !valuesEqual(before[field], after[field]);

  if (changed('time')) replace(component, ['DTSTART', 'DTEND', 'DURATION'], timeLines(after.time));
  if (changed('title')) replace(component, ['SUMMARY'], [`SUMMARY:${escapeText(after.title)}`]);
  if (changed('description'))
    replace(component, ['DESCRIPTION'], textLine('DESCRIPTION', after.description));
  if (changed('location') || changed('meeting')) {
    replace(
      component,
      ['LOCATION'],
      textLine('LOCATION', after.location ?? after.meeting?.joinUrl ?? null),
    );
  }
  if (changed('meeting')) {
    const oldUrl = before?.meeting?.joinUrl ?? null;
    remove(
      component,
      (p) =>
        MEETING_PROPERTIES.has(p.name) ||
        (p.name === 'URL' && (oldUrl === null || p.value.trim() === oldUrl)),
    );
    insert(component, after.meeting ? meetingLines(after.meeting) : []);
  }
  if (changed('recurrence') && propertiesOf(component, 'RECURRENCE-ID').length === 0) {
    replace(
      component,
      ['RRULE', 'EXRULE', 'RDATE', 'EXDATE'],
      [...(after.recurrence?.lines ?? [])],
    );
  }
  if (changed('status')) replace(component, ['STATUS'], [`STATUS:${after.status.toUpperCase()}`]);
  if (changed('transparency'))
    replace(component, ['TRANSP'], [`TRANSP:${after.transparency.toUpperCase()}`]);
  if (changed('attendees')) patchAttendees(component, before, after);
  if (changed('reminders')) patchAlarms(component, after);

  const sequence = Number(propertiesOf(component, 'SEQUENCE')[0]?.value.trim() ?? '0');
  const current = Number.isInteger(sequence) && sequence >= 0 ? sequence : 0;
  if (before === null) replace(component, ['SEQUENCE'], [`SEQUENCE:${current}`]);
  else if (SIGNIFICANT.some(changed)) replace(component, ['SEQUENCE'], [`SEQUENCE:${current + 1}`]);
  replace(component, ['DTSTAMP'], [`DTSTAMP:${basicUTC(input.now.toISOString())}`]);
  replace(component, ['LAST-MODIFIED'], [`LAST-MODIFIED:${basicUTC(input.now.toISOString())}`]);
  return component;
}

/**
 * A VEVENT skeleton for a new event or override: UID (and RECURRENCE-ID, extra lines such as
 * Calsync's appointment stamp) first; {@link patchEvent} with `before: null` fills the rest.
 */
export function skeletonEvent(lines: readonly string[]): RawComponent {
  return { kind: 'component', name: 'VEVENT', items: lines.map(property) };
}

/** Adds a VTIMEZONE for every zone the content uses that the VCALENDAR does not define yet. */
export function ensureTimeZones(
  calendar: RawComponent,
  times: readonly { time: EventTime; recurring: boolean }[],
): void {
  const defined = new Set(
    childrenOf(calendar, 'VTIMEZONE').map((z) => propertiesOf(z, 'TZID')[0]?.value.trim()),
  );
  const needed = new Map<string, [number, number]>();
  for (const { time, recurring } of times) {
    if (
      time.kind !== 'zoned' ||
      time.timeZone === 'UTC' ||
      time.timeZone === 'Etc/UTC' ||
      defined.has(time.timeZone)
    )
      continue;
    const year = new Date(time.startsAtUTC).getUTCFullYear();
    const known = needed.get(time.timeZone);
    const range: [number, number] = [year, year + (recurring ? 10 : 1)];
    needed.set(
      time.timeZone,
      known ? [Math.min(known[0], range[0]), Math.max(known[1], range[1])] : range,
    );
  }
  if (needed.size === 0) return;
  const zones = [...needed].flatMap(
    ([zone, [from, to]]) => readDocument(vtimezoneLines(zone, from, to).join('\r\n')).roots,
  );
  const firstEvent = calendar.items.findIndex((i) => i.kind === 'component' && i.name === 'VEVENT');
  calendar.items.splice(firstEvent < 0 ? calendar.items.length : firstEvent, 0, ...zones);
}

/** A new VCALENDAR around the given VEVENTs, with the VTIMEZONEs they need. */
export function newCalendar(
  events: readonly RawComponent[],
  times: readonly { time: EventTime; recurring: boolean }[],
): RawComponent {
  const calendar: RawComponent = {
    kind: 'component',
    name: 'VCALENDAR',
    items: [
      property('VERSION:2.0'),
      property('PRODID:-//Calsync//Calsync CalDAV adapter//EN'),
      property('CALSCALE:GREGORIAN'),
      ...events,
    ],
  };
  ensureTimeZones(calendar, times);
  return calendar;
}

/** A property from unfolded text, folded at 75 octets. */
export function property(text: string): RawProperty {
  const parsed = parseContentLine(text);
  if (!parsed) throw new Error(`not a content line: ${text}`);
  return { kind: 'property', ...parsed, raw: foldLine(text) };
}

function isProperty(item: RawItem): item is RawProperty {
  return item.kind === 'property';
}

/** Replaces every property named in `names` by `lines`, at the place of the first one. */
function replace(
  component: RawComponent,
  names: readonly string[],
  lines: readonly string[],
): void {
  const set = new Set(names);
  const at = component.items.findIndex((i) => isProperty(i) && set.has(i.name));
  component.items = component.items.filter((i) => !(isProperty(i) && set.has(i.name)));
  insert(component, lines, at < 0 ? null : at);
}

function remove(component: RawComponent, predicate: (p: RawProperty) => boolean): void {
  component.items = component.items.filter((i) => !(isProperty(i) && predicate(i)));
}

/** Inserts at `at`, or after the last property (before sub-components) when `null`. */
function insert(component: RawComponent, lines: readonly string[], at: number | null = null): void {
  const firstChild = component.items.findIndex((i) => i.kind === 'component');
  const index = at ?? (firstChild < 0 ? component.items.length : firstChild);
  component.items.splice(index, 0, ...lines.map(property));
}

/** Keeps the stored ATTENDEE/ORGANIZER line of every participant whose modelled fields are unchanged. */
function patchAttendees(
  component: RawComponent,
  before: EventContent | null,
  after: EventContent,
): void {
  const oldLines = new Map(
    propertiesOf(component, 'ATTENDEE').map((p) => [normalizeEmail(p.value), p]),
  );
  const oldOrganizer = propertiesOf(component, 'ORGANIZER')[0];
  const oldByEmail = new Map((before?.attendees ?? []).map((a) => [a.email, a]));
  const organizer = after.attendees.find((a) => a.organizer);
  const lines: RawProperty[] = [];
  if (organizer) {
    lines.push(
      oldOrganizer && normalizeEmail(oldOrganizer.value) === organizer.email
        ? oldOrganizer
        : property(organizerLine(organizer)),
    );
  }
  for (const attendee of after.attendees) {
    const kept = oldLines.get(attendee.email);
    const unchanged = kept && valuesEqual(oldByEmail.get(attendee.email), attendee);
    lines.push(unchanged ? kept : property(attendeeLine(attendee)));
  }
  const at = component.items.findIndex(
    (i) => isProperty(i) && (i.name === 'ATTENDEE' || i.name === 'ORGANIZER'),
  );
  component.items = component.items.filter(
    (i) => !(isProperty(i) && (i.name === 'ATTENDEE' || i.name === 'ORGANIZER')),
  );
  const firstChild = component.items.findIndex((i) => i.kind === 'component');
  component.items.splice(
    at >= 0 ? at : firstChild < 0 ? component.items.length : firstChild,
    0,
    ...lines,
  );
}

/**
 * Replaces the alarms Calsync models (relative, before the start) by the new reminders; absolute
 * and after-start alarms, and anything else inside the VEVENT, are kept.
 */
function patchAlarms(component: RawComponent, after: EventContent): void {
  component.items = component.items.filter(
    (i) => !(i.kind === 'component' && i.name === 'VALARM' && isModelledAlarm(i)),
  );
  if (after.reminders.useDefault) return;
  const alarms = after.reminders.overrides.flatMap(
    (r) => readDocument(alarmLines(r, after.title).join('\r\n')).roots,
  );
  component.items.push(...alarms);
}

function isModelledAlarm(alarm: RawComponent): boolean {
  const trigger = propertiesOf(alarm, 'TRIGGER')[0];
  if (
    !trigger ||
    trigger.params.VALUE?.toUpperCase() === 'DATE-TIME' ||
    trigger.params.RELATED?.toUpperCase() === 'END'
  )
    return false;
  // Core reads non-positive relative triggers as reminders: negative, or zero ("PT0S").
  const value = trigger.value.trim();
  return value.startsWith('-') || !/[1-9]/.test(value);
}
