import {
  type Attendee,
  type EventTime,
  type MeetingLink,
  type OriginalStart,
  type Reminder,
  escapeText,
  utcToLocal,
} from '@calsync/core';

/** Content-line builders for the properties Calsync models (RFC 5545). Unfolded text. */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `20260310T140000Z`. */
export function basicUTC(iso: string): string {
  return `${new Date(iso).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
}

/** The wall-clock of an instant in a zone, `20260310T100000`. */
export function basicLocalInZone(iso: string, zone: string): string {
  const l = utcToLocal(zone, Date.parse(iso));
  return `${pad(l.year, 4)}${pad(l.month)}${pad(l.day)}T${pad(l.hour)}${pad(l.minute)}${pad(l.second)}`;
}

const isUTCZone = (zone: string): boolean => zone === 'UTC' || zone === 'Etc/UTC';

/** A DATE-TIME value with its parameters for one instant written in `zone`. */
function zonedValue(name: string, iso: string, zone: string): string {
  return isUTCZone(zone)
    ? `${name}:${basicUTC(iso)}`
    : `${name};TZID=${zone}:${basicLocalInZone(iso, zone)}`;
}

/** DTSTART and DTEND (never DURATION). */
export function timeLines(time: EventTime): string[] {
  switch (time.kind) {
    case 'all_day':
      return [
        `DTSTART;VALUE=DATE:${time.startDate.replaceAll('-', '')}`,
        `DTEND;VALUE=DATE:${time.endDate.replaceAll('-', '')}`,
      ];
    case 'floating':
      return [
        `DTSTART:${time.startsAtLocal.replace(/[-:]/g, '').slice(0, 15)}`,
        `DTEND:${time.endsAtLocal.replace(/[-:]/g, '').slice(0, 15)}`,
      ];
    case 'zoned':
      return [
        zonedValue('DTSTART', time.startsAtUTC, time.timeZone),
        zonedValue('DTEND', time.endsAtUTC, time.timeZone),
      ];
  }
}

/**
 * A RECURRENCE-ID or EXDATE for one original start, in the value type and zone of the series'
 * DTSTART (RFC 5545 §3.8.4.4: they must match for clients to pair them).
 */
export function instanceLine(
  name: 'RECURRENCE-ID' | 'EXDATE',
  originalStart: OriginalStart,
  seriesTime: EventTime,
): string {
  switch (originalStart.kind) {
    case 'date':
      return `${name};VALUE=DATE:${originalStart.date.replaceAll('-', '')}`;
    case 'floating':
      return `${name}:${originalStart.atLocal.replace(/[-:]/g, '').slice(0, 15)}`;
    case 'instant':
      return seriesTime.kind === 'zoned'
        ? zonedValue(name, originalStart.atUTC, seriesTime.timeZone)
        : `${name}:${basicUTC(originalStart.atUTC)}`;
  }
}

const PARTSTAT = {
  needs_action: 'NEEDS-ACTION',
  accepted: 'ACCEPTED',
  declined: 'DECLINED',
  tentative: 'TENTATIVE',
} as const;

function paramText(value: string): string {
  return /[;:,"]/.test(value) ? `"${value.replaceAll('"', "'")}"` : value;
}

/** ORGANIZER line for the organizer among the attendees. */
export function organizerLine(organizer: Attendee): string {
  return `ORGANIZER${organizer.name ? `;CN=${paramText(organizer.name)}` : ''}:mailto:${organizer.email}`;
}

/** ATTENDEE with CN, PARTSTAT, ROLE, RSVP and CUTYPE. */
export function attendeeLine(attendee: Attendee): string {
  const params = [
    attendee.name ? `CN=${paramText(attendee.name)}` : null,
    `PARTSTAT=${PARTSTAT[attendee.responseStatus]}`,
    `ROLE=${attendee.organizer ? 'CHAIR' : attendee.optional ? 'OPT-PARTICIPANT' : 'REQ-PARTICIPANT'}`,
    attendee.organizer
      ? null
      : `RSVP=${attendee.responseStatus === 'needs_action' ? 'TRUE' : 'FALSE'}`,
    attendee.resource ? 'CUTYPE=RESOURCE' : 'CUTYPE=INDIVIDUAL',
  ].filter(Boolean);
  return `ATTENDEE;${params.join(';')}:mailto:${attendee.email}`;
}

/** The meeting link as URL plus RFC 7986 CONFERENCE (read back by any client that knows either). */
export function meetingLines(meeting: MeetingLink): string[] {
  return [
    `URL:${meeting.joinUrl}`,
    `CONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL=Join:${meeting.joinUrl}`,
  ];
}

/** A VALARM for one reminder (DISPLAY needs DESCRIPTION, EMAIL also SUMMARY). */
export function alarmLines(reminder: Reminder, title: string): string[] {
  const lines = [
    'BEGIN:VALARM',
    `ACTION:${reminder.method === 'email' ? 'EMAIL' : 'DISPLAY'}`,
    `TRIGGER:-PT${reminder.minutesBefore}M`,
  ];
  lines.push(`DESCRIPTION:${escapeText(title || 'Reminder')}`);
  if (reminder.method === 'email') lines.push(`SUMMARY:${escapeText(title || 'Reminder')}`);
  lines.push('END:VALARM');
  return lines;
}

/** TEXT property or nothing. */
export function textLine(name: string, value: string | null): string[] {
  return value === null || value === '' ? [] : [`${name}:${escapeText(value)}`];
}
