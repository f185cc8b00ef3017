export type {
  InstantUTC,
  DateString,
  LocalDateTimeString,
  IANAZone,
  ZonedTime,
  AllDayTime,
  FloatingTime,
  EventTime,
  OriginalStart,
  InstantRange,
} from './time.js';
export { originalStartKey, normalizeInstant, instantMs } from './time.js';
export type {
  ResponseStatus,
  Attendee,
  Reminder,
  Reminders,
  MeetingLink,
  EventStatus,
  Transparency,
  Recurrence,
  EventContent,
  ContentField,
} from './event.js';
export { CONTENT_FIELDS, DEFAULT_REMINDERS, normalizeEmail } from './event.js';
export type { Appointment, AppointmentSource } from './appointment.js';
export type { EventLink, LinkState } from './link.js';
export type { SyncCursor, PageCheckpoint } from './cursor.js';
