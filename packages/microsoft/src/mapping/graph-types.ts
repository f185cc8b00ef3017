import type { GraphPatternedRecurrence } from '@calsync/core';

/**
 * The Graph event resource, as far as the adapter reads or writes it (PROTOCOLS.md §2.1).
 * Every property is optional: delta pages may carry only changed properties.
 */

/** Graph `dateTimeTimeZone`. */
export interface GraphDateTimeTimeZone {
  readonly dateTime: string;
  readonly timeZone: string;
}

/** Graph `emailAddress`. */
export interface GraphEmailAddress {
  readonly name?: string | null;
  readonly address?: string | null;
}

/** Graph attendee response values. */
export type GraphResponse =
  'none' | 'organizer' | 'tentativelyAccepted' | 'accepted' | 'declined' | 'notResponded';

/** Graph `attendee`. */
export interface GraphAttendee {
  readonly type?: 'required' | 'optional' | 'resource';
  readonly status?: { readonly response?: GraphResponse; readonly time?: string };
  readonly emailAddress?: GraphEmailAddress;
}

/** Graph `showAs`. */
export type GraphShowAs = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
/** Graph `sensitivity`. */
export type GraphSensitivity = 'normal' | 'personal' | 'private' | 'confidential';
/** Graph `importance`. */
export type GraphImportance = 'low' | 'normal' | 'high';

/** Graph `singleValueLegacyExtendedProperty`. */
export interface GraphExtendedProperty {
  readonly id: string;
  readonly value: string;
}

/** A Graph event as read from any endpoint. */
export interface GraphEvent {
  readonly '@odata.etag'?: string;
  readonly '@removed'?: { readonly reason?: string };
  readonly id?: string;
  readonly type?: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
  readonly seriesMasterId?: string | null;
  readonly originalStart?: string | null;
  readonly changeKey?: string;
  readonly createdDateTime?: string;
  readonly lastModifiedDateTime?: string;
  readonly iCalUId?: string | null;
  readonly transactionId?: string | null;
  readonly subject?: string | null;
  readonly body?: { readonly contentType?: 'html' | 'text'; readonly content?: string | null };
  readonly bodyPreview?: string | null;
  readonly start?: GraphDateTimeTimeZone;
  readonly end?: GraphDateTimeTimeZone;
  readonly originalStartTimeZone?: string | null;
  readonly originalEndTimeZone?: string | null;
  readonly isAllDay?: boolean;
  readonly isCancelled?: boolean;
  readonly isOrganizer?: boolean;
  readonly isReminderOn?: boolean;
  readonly reminderMinutesBeforeStart?: number;
  readonly importance?: GraphImportance;
  readonly sensitivity?: GraphSensitivity;
  readonly showAs?: GraphShowAs;
  readonly categories?: readonly string[];
  readonly location?: { readonly displayName?: string | null };
  readonly attendees?: readonly GraphAttendee[];
  readonly organizer?: { readonly emailAddress?: GraphEmailAddress };
  readonly responseStatus?: { readonly response?: GraphResponse };
  readonly recurrence?: GraphPatternedRecurrence | null;
  readonly isOnlineMeeting?: boolean;
  readonly onlineMeetingProvider?: string;
  readonly onlineMeeting?: {
    readonly joinUrl?: string | null;
    readonly conferenceId?: string | null;
  } | null;
  readonly singleValueExtendedProperties?: readonly GraphExtendedProperty[];
}

/** One page of a Graph collection. */
export interface GraphPage<T> {
  readonly value?: readonly T[];
  readonly '@odata.nextLink'?: string;
  readonly '@odata.deltaLink'?: string;
}

/** The body written on create / PATCH. */
export type GraphEventInput = Record<string, unknown>;
