import type { Attendee, EventContent } from '../model/event.js';
import type { EventTime, InstantUTC, OriginalStart } from '../model/time.js';
import { normalizeContent, valuesEqual } from '../reconcile/equality.js';
import { parseLocal } from '../recurrence/local.js';
import { utcToLocal, zoneTransitions } from '../recurrence/zone.js';
import type { IcsEvent } from './parse.js';
import { readReminders } from './parse.js';
import { escapeText, foldLine } from './text.js';
import { readTree } from './tree.js';

/** Options of {@link serializeICS}. */
export interface SerializeICSOptions {
  /** DTSTAMP of every VEVENT (the clock is an argument). */
  readonly now: InstantUTC;
  readonly prodId?: string;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const basicUTC = (iso: string): string =>
  `${new Date(iso).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
const basicDate = (date: string): string => date.replaceAll('-', '');
const basicLocal = (local: string): string => local.replace(/[-:]/g, '').slice(0, 15);

function localInZone(iso: string, zone: string): string {
  const l = utcToLocal(zone, Date.parse(iso));
  return `${pad(l.year, 4)}${pad(l.month)}${pad(l.day)}T${pad(l.hour)}${pad(l.minute)}${pad(l.second)}`;
}

function timeLines(time: EventTime): string[] {
  switch (time.kind) {
    case 'all_day':
      return [
        `DTSTART;VALUE=DATE:${basicDate(time.startDate)}`,
        `DTEND;VALUE=DATE:${basicDate(time.endDate)}`,
      ];
    case 'floating':
      return [`DTSTART:${basicLocal(time.startsAtLocal)}`, `DTEND:${basicLocal(time.endsAtLocal)}`];
    case 'zoned':
      if (time.timeZone === 'UTC' || time.timeZone === 'Etc/UTC') {
        return [`DTSTART:${basicUTC(time.startsAtUTC)}`, `DTEND:${basicUTC(time.endsAtUTC)}`];
      }
      return [
        `DTSTART;TZID=${time.timeZone}:${localInZone(time.startsAtUTC, time.timeZone)}`,
        `DTEND;TZID=${time.timeZone}:${localInZone(time.endsAtUTC, time.timeZone)}`,
      ];
  }
}

function recurrenceIdLine(originalStart: OriginalStart, time: EventTime): string {
  switch (originalStart.kind) {
    case 'date':
      return `RECURRENCE-ID;VALUE=DATE:${basicDate(originalStart.date)}`;
    case 'floating':
      return `RECURRENCE-ID:${basicLocal(originalStart.atLocal)}`;
    case 'instant':
      return time.kind === 'zoned' && time.timeZone !== 'UTC'
        ? `RECURRENCE-ID;TZID=${time.timeZone}:${localInZone(originalStart.atUTC, time.timeZone)}`
        : `RECURRENCE-ID:${basicUTC(originalStart.atUTC)}`;
  }
}

const PARTSTAT = {
  needs_action: 'NEEDS-ACTION',
  accepted: 'ACCEPTED',
  declined: 'DECLINED',
  tentative: 'TENTATIVE',
} as const;

function paramText(value: string): string {
  return /[;:,]/.test(value) ? `"${value.replaceAll('"', "'")}"` : value;
}

function attendeeLines(attendees: readonly Attendee[]): string[] {
  const lines: string[] = [];
  const organizer = attendees.find((a) => a.organizer);
  if (organizer)
    lines.push(
      `ORGANIZER${organizer.name ? `;CN=${paramText(organizer.name)}` : ''}:mailto:${organizer.email}`,
    );
  for (const a of attendees) {
    const params = [
      a.name ? `CN=${paramText(a.name)}` : null,
      `PARTSTAT=${PARTSTAT[a.responseStatus]}`,
      `ROLE=${a.organizer ? 'CHAIR' : a.optional ? 'OPT-PARTICIPANT' : 'REQ-PARTICIPANT'}`,
      a.resource ? 'CUTYPE=RESOURCE' : null,
    ].filter(Boolean);
    lines.push(`ATTENDEE;${params.join(';')}:mailto:${a.email}`);
  }
  return lines;
}

/**
 * Extra lines to write back: verbatim, except VALARM blocks when the reminders changed
 * (then the reminders are written fresh instead).
 */
function extraLines(event: IcsEvent): { lines: string[]; alarmsKept: boolean } {
  const extra = [...event.extraProperties];
  const alarmTree = readTree(['BEGIN:X', ...extra, 'END:X'].join('\r\n')).roots[0];
  const originalReminders = normalizeContent({
    ...event.content,
    reminders: readReminders(alarmTree?.children ?? []),
  }).reminders;
  const alarmsKept = valuesEqual(originalReminders, event.content.reminders);
  if (alarmsKept) return { lines: extra, alarmsKept };
  const lines: string[] = [];
  let depth = 0;
  for (const line of extra) {
    if (/^BEGIN:VALARM$/i.test(line)) depth++;
    if (depth === 0) lines.push(line);
    if (/^END:VALARM$/i.test(line)) depth--;
  }
  return { lines, alarmsKept };
}

function eventLines(event: IcsEvent, now: InstantUTC): string[] {
  const c: EventContent = event.content;
  const lines = [`UID:${event.uid}`, `DTSTAMP:${basicUTC(now)}`, ...timeLines(c.time)];
  if (event.originalStart) lines.push(recurrenceIdLine(event.originalStart, c.time));
  lines.push(`SUMMARY:${escapeText(c.title)}`);
  if (c.description !== null) lines.push(`DESCRIPTION:${escapeText(c.description)}`);
  if (c.location !== null) lines.push(`LOCATION:${escapeText(c.location)}`);
  lines.push(
    `STATUS:${c.status.toUpperCase()}`,
    `TRANSP:${c.transparency.toUpperCase()}`,
    `SEQUENCE:${event.sequence}`,
  );
  if (c.recurrence) lines.push(...c.recurrence.lines);
  lines.push(...attendeeLines(c.attendees));
  if (c.meeting) lines.push(`CONFERENCE;VALUE=URI;FEATURE=VIDEO:${c.meeting.joinUrl}`);
  const extra = extraLines(event);
  if (!extra.alarmsKept && !c.reminders.useDefault) {
    for (const reminder of c.reminders.overrides) {
      lines.push(
        'BEGIN:VALARM',
        `ACTION:${reminder.method === 'email' ? 'EMAIL' : 'DISPLAY'}`,
        `TRIGGER:-PT${reminder.minutesBefore}M`,
      );
      lines.push(`DESCRIPTION:${escapeText(c.title)}`);
      if (reminder.method === 'email') lines.push(`SUMMARY:${escapeText(c.title)}`);
      lines.push('END:VALARM');
    }
  }
  // Extra properties go before nested components so that the VEVENT stays well-formed.
  const firstComponent = extra.lines.findIndex((line) => /^BEGIN:/i.test(line));
  const props = firstComponent < 0 ? extra.lines : extra.lines.slice(0, firstComponent);
  const components = firstComponent < 0 ? [] : extra.lines.slice(firstComponent);
  const alarmStart = lines.indexOf('BEGIN:VALARM');
  if (alarmStart < 0) return ['BEGIN:VEVENT', ...lines, ...props, ...components, 'END:VEVENT'];
  return [
    'BEGIN:VEVENT',
    ...lines.slice(0, alarmStart),
    ...props,
    ...lines.slice(alarmStart),
    ...components,
    'END:VEVENT',
  ];
}

/**
 * A VTIMEZONE for an IANA zone built from Intl's transitions over the given years (explicit
 * STANDARD/DAYLIGHT observances, no RRULE), so readers without a zone database get it right.
 */
export function vtimezoneLines(zone: string, fromYear: number, toYear: number): string[] {
  const transitions = zoneTransitions(zone, fromYear, toYear);
  const offset = (minutes: number): string => {
    const sign = minutes < 0 ? '-' : '+';
    const abs = Math.abs(minutes);
    return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
  };
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  if (transitions.length === 0) {
    const fixed = Math.round(utcToLocalOffset(zone, Date.UTC(fromYear, 0, 1)));
    lines.push(
      'BEGIN:STANDARD',
      `DTSTART:${fromYear}0101T000000`,
      `TZOFFSETFROM:${offset(fixed)}`,
      `TZOFFSETTO:${offset(fixed)}`,
      'END:STANDARD',
    );
  }
  for (const t of transitions) {
    const kind = t.offsetToMinutes > t.offsetFromMinutes ? 'DAYLIGHT' : 'STANDARD';
    const local = new Date(t.atUTC + t.offsetFromMinutes * 60_000)
      .toISOString()
      .replace(/[-:]/g, '')
      .slice(0, 15);
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${local}`,
      `TZOFFSETFROM:${offset(t.offsetFromMinutes)}`,
      `TZOFFSETTO:${offset(t.offsetToMinutes)}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

function utcToLocalOffset(zone: string, utcMs: number): number {
  const l = utcToLocal(zone, utcMs);
  return (Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second) - utcMs) / 60_000;
}

function yearsOf(time: EventTime, recurring: boolean): [number, number] {
  const start =
    time.kind === 'zoned'
      ? new Date(time.startsAtUTC).getUTCFullYear()
      : (parseLocal(time.kind === 'all_day' ? time.startDate : time.startsAtLocal)?.year ?? 2000);
  return [start, recurring ? start + 10 : start + 1];
}

/**
 * Writes a VCALENDAR (CRLF, folded at 75 octets) with a VTIMEZONE for every zone used.
 *
 * @example
 * serializeICS(parseICS(text).events, { now: clock().toISOString() })
 */
export function serializeICS(events: readonly IcsEvent[], options: SerializeICSOptions): string {
  const zones = new Map<string, [number, number]>();
  for (const event of events) {
    const time = event.content.time;
    if (time.kind !== 'zoned' || time.timeZone === 'UTC' || time.timeZone === 'Etc/UTC') continue;
    const [from, to] = yearsOf(time, event.content.recurrence !== null);
    const known = zones.get(time.timeZone);
    zones.set(
      time.timeZone,
      known ? [Math.min(known[0], from), Math.max(known[1], to)] : [from, to],
    );
  }
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${options.prodId ?? '-//Calsync//Calsync core//EN'}`,
    'CALSCALE:GREGORIAN',
  ];
  for (const [zone, [from, to]] of zones) lines.push(...vtimezoneLines(zone, from, to));
  for (const event of events) lines.push(...eventLines(event, options.now));
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
