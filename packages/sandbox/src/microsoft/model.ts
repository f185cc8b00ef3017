import type { PatternedRecurrence } from './recurrence.js';

/** A sandbox mailbox. */
export interface StoredUser {
  id: string;
  email: string;
  displayName: string;
  /** The control token handed out by `createAccount`; acts as the user until expired. */
  controlToken: string;
}

/** Roles of `calendarPermission`. */
export type CalendarRole =
  | 'none'
  | 'freeBusyRead'
  | 'limitedRead'
  | 'read'
  | 'write'
  | 'delegateWithoutPrivateEventAccess'
  | 'delegateWithPrivateEventAccess';

/** A calendar and who it is shared with. */
export interface StoredCalendar {
  id: string;
  ownerUserId: string;
  name: string;
  color: string;
  hexColor: string;
  isDefault: boolean;
  changeKey: string;
  /** userId → role granted on this calendar. */
  permissions: Map<string, CalendarRole>;
}

/** An email address as Graph spells it. */
export interface EmailAddress {
  name: string;
  address: string;
}

/** Graph `responseStatus`. */
export interface ResponseStatus {
  response: 'none' | 'organizer' | 'tentativelyAccepted' | 'accepted' | 'declined' | 'notResponded';
  time: string;
}

/** Graph `attendee`. */
export interface Attendee {
  type: 'required' | 'optional' | 'resource';
  status: ResponseStatus;
  emailAddress: EmailAddress;
}

/** Graph `onlineMeetingInfo`. */
export interface OnlineMeetingInfo {
  joinUrl: string;
  conferenceId: string;
  tollNumber: string | null;
  tollFreeNumbers: string[];
  quickDial: string | null;
  phones: unknown[];
}

/** The writable, per-instance content of an event (a master, a single, or an exception's copy). */
export interface EventFields {
  subject: string;
  body: { contentType: 'html' | 'text'; content: string };
  startMs: number;
  endMs: number;
  startZone: string;
  endZone: string;
  isAllDay: boolean;
  isCancelled: boolean;
  importance: 'low' | 'normal' | 'high';
  sensitivity: 'normal' | 'personal' | 'private' | 'confidential';
  showAs: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
  categories: string[];
  location: Record<string, unknown>;
  locations: Record<string, unknown>[];
  attendees: Attendee[];
  organizer: { emailAddress: EmailAddress };
  responseStatus: ResponseStatus;
  responseRequested: boolean;
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
  allowNewTimeProposals: boolean;
  hideAttendees: boolean;
  isOnlineMeeting: boolean;
  onlineMeetingProvider: 'unknown' | 'teamsForBusiness' | 'skypeForBusiness' | 'skypeForConsumer';
  onlineMeeting: OnlineMeetingInfo | null;
  /** Extension data the emulator stores but does not interpret (extended properties, extensions). */
  extra: Record<string, unknown>;
}

/** An exception or cancellation of one occurrence of a series. */
export interface OccurrenceOverride {
  cancelled: boolean;
  fields: EventFields;
  changeKey: string;
  lastModifiedMs: number;
}

/** A single event or a series master as stored. */
export interface StoredEvent {
  /** Current REST id; changes when the event moves to another calendar. */
  id: string;
  /** Stable across moves (`Prefer: IdType="ImmutableId"`). */
  immutableId: string;
  calendarId: string;
  iCalUId: string;
  transactionId: string | null;
  /** Hash of the create body, to tell a retried POST from a different event with the same transactionId. */
  transactionBodyHash: string | null;
  createdMs: number;
  lastModifiedMs: number;
  changeKey: string;
  /** changeKey of the plain occurrences: moves only when the series itself changes, not one exception. */
  occurrenceChangeKey: string;
  isOrganizer: boolean;
  fields: EventFields;
  recurrence: PatternedRecurrence | null;
  /** Keyed by the occurrence's original start instant (ms). */
  overrides: Map<number, OccurrenceOverride>;
  /** For an attendee's copy: the organizer's event it mirrors. */
  organizerEventId: string | null;
}

/** What a read returns for one item: a single, a master, an occurrence or an exception. */
export interface EventView {
  id: string;
  event: StoredEvent;
  type: 'singleInstance' | 'seriesMaster' | 'occurrence' | 'exception';
  fields: EventFields;
  changeKey: string;
  lastModifiedMs: number;
  originalStartMs: number | null;
}
