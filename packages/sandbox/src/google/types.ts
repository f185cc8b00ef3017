/** Google's EventDateTime. */
export interface EventDateTime {
  date?: string;
  dateTime?: string;
  timeZone?: string;
}

/** One attendee of an event. */
export interface EventAttendee {
  email: string;
  displayName?: string;
  optional?: boolean;
  resource?: boolean;
  responseStatus: 'needsAction' | 'declined' | 'tentative' | 'accepted';
  comment?: string;
  additionalGuests?: number;
}

/** One reminder override. */
export interface ReminderOverride {
  method: 'email' | 'popup';
  minutes: number;
}

/** An event's reminders. */
export interface EventReminders {
  useDefault: boolean;
  overrides?: ReminderOverride[];
}

/** `extendedProperties`. */
export interface ExtendedProperties {
  private?: Record<string, string>;
  shared?: Record<string, string>;
}

/** The conferenceData resource (Meet only). */
export interface ConferenceData {
  createRequest?: {
    requestId: string;
    conferenceSolutionKey: { type: string };
    status: { statusCode: 'pending' | 'success' | 'failure' };
  };
  conferenceId?: string;
  conferenceSolution?: { key: { type: string }; name: string; iconUri: string };
  entryPoints?: { entryPointType: string; uri: string; label?: string }[];
  signature?: string;
  notes?: string;
}

/** Event status. */
export type EventStatus = 'confirmed' | 'tentative' | 'cancelled';

/** The fields a client writes (everything else is computed). */
export interface EventFields {
  summary?: string;
  description?: string;
  location?: string;
  colorId?: string;
  start?: EventDateTime;
  end?: EventDateTime;
  endTimeUnspecified?: boolean;
  recurrence?: string[];
  attendees?: EventAttendee[];
  reminders?: EventReminders;
  extendedProperties?: ExtendedProperties;
  transparency?: 'opaque' | 'transparent';
  visibility?: 'default' | 'public' | 'private' | 'confidential';
  guestsCanModify?: boolean;
  guestsCanInviteOthers?: boolean;
  guestsCanSeeOtherGuests?: boolean;
  anyoneCanAddSelf?: boolean;
  source?: { url: string; title?: string };
  eventType?: string;
  status?: EventStatus;
}

/** An event as the emulator stores it: masters, singles and exceptions alike. */
export interface StoredEvent {
  id: string;
  calendarId: string;
  iCalUID: string;
  fields: EventFields;
  status: EventStatus;
  recurringEventId?: string;
  originalStartTime?: EventDateTime;
  conferenceData?: ConferenceData;
  /** When a pending conference resolves, by the injected clock. */
  conferenceReadyAtMs?: number;
  conferenceWillFail?: boolean;
  createdMs: number;
  updatedMs: number;
  sequence: number;
  etag: string;
  /** Position in the change log; sync tokens compare against it. */
  changeSeq: number;
}

/** A calendar, owned by one account. */
export interface GoogleCalendar {
  id: string;
  ownerEmail: string;
  summary: string;
  timeZone: string;
  primary: boolean;
  defaultReminders: ReminderOverride[];
  events: Map<string, StoredEvent>;
  /** Every id ever used here: ids are never reusable, even after deletion. */
  usedIds: Set<string>;
  /** Highest change sequence of a purged tombstone: older sync tokens would miss a deletion. */
  purgedThroughSeq: number;
}

/** A sandbox Google account. */
export interface GoogleAccount {
  email: string;
  calendarIds: string[];
  /** Bumped to invalidate every sync token of the account. */
  syncEpoch: number;
}
