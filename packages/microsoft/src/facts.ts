/**
 * Facts about Microsoft Graph and the identity platform, as data. Everything the adapter knows
 * about limits, endpoints and scopes lives here so a change in Microsoft's rules is one edit.
 */

/** Production Graph root (the adapter appends `/v1.0/...`). */
export const GRAPH_BASE_URL = 'https://graph.microsoft.com';
/** Production identity platform root (the adapter appends `/{tenant}/oauth2/v2.0/...`). */
export const IDENTITY_BASE_URL = 'https://login.microsoftonline.com';
/** The Graph version every call uses. */
export const GRAPH_VERSION = 'v1.0';

/**
 * Delegated scopes asked for at connect time:
 * - `offline_access`: a refresh token, so sync runs while the user is away;
 * - `User.Read`: `/me`, for the account's email;
 * - `Calendars.ReadWrite`: the user's own calendars (read, write, subscriptions, delta);
 * - `Calendars.ReadWrite.Shared`: calendars other people shared or delegated to the user, and
 *   room/resource calendars they can see (without it those appear but cannot be read).
 * `OnlineMeetings.ReadWrite` is not needed: Teams meetings are created on the event itself.
 */
export const MICROSOFT_SCOPES = [
  'offline_access',
  'User.Read',
  'Calendars.ReadWrite',
  'Calendars.ReadWrite.Shared',
] as const;

/** Refresh this long before the access token expires (ARCHITECTURE: "5 minutes before expiry"). */
export const REFRESH_MARGIN_SECONDS = 300;

/** Outlook allows 4 concurrent requests per app and mailbox; more are answered 429. */
export const MAILBOX_MAX_CONCURRENT_REQUESTS = 4;
/** Outlook's request budget per app and mailbox: 10,000 requests per 10 minutes. */
export const MAILBOX_REQUESTS_PER_WINDOW = 10_000;
export const MAILBOX_WINDOW_SECONDS = 600;

/** Delta page size asked for with `Prefer: odata.maxpagesize` unless the caller says otherwise. */
export const DEFAULT_DELTA_PAGE_SIZE = 100;
/** Graph caps `odata.maxpagesize` at 1,000 for calendar items. */
export const MAX_DELTA_PAGE_SIZE = 1000;
/** Page size for `instances` and `calendars` listings. */
export const LIST_PAGE_SIZE = 100;

/** Longest lifetime of an Outlook event subscription without resource data (7 days). */
export const SUBSCRIPTION_MAX_MINUTES = 10_080;
/** Graph's limit on `clientState`. */
export const CLIENT_STATE_MAX_LENGTH = 128;
/** What a calendar subscription listens for. */
export const SUBSCRIPTION_CHANGE_TYPES = 'created,updated,deleted';

/** getSchedule refuses windows over 62 days (`ErrorTimeIntervalTooBig`). */
export const SCHEDULE_MAX_DAYS = 62;
/** getSchedule slot length in minutes (5..1440). */
export const SCHEDULE_INTERVAL_MINUTES = 15;

/** Graph error codes that mean "the delta state is gone: restart without a token". */
export const SYNC_STATE_CODES: readonly string[] = [
  'SyncStateNotFound',
  'syncStateNotFound',
  'resyncRequired',
  'SyncStateInvalid',
];

/**
 * Single-value extended properties Calsync stamps on events it writes, in the PS_PUBLIC_STRINGS
 * property set. Graph returns them only when asked with `$expand`, which delta does not allow,
 * so pulls also keep `transactionId` (the echo of the create) in `extraProperties`.
 */
export const PUBLIC_STRINGS_GUID = '{00020329-0000-0000-C000-000000000046}';
export const APPOINTMENT_ID_PROPERTY = `String ${PUBLIC_STRINGS_GUID} Name calsyncAppointmentId`;
/** The non-Teams meeting link of an event (Zoom, Meet, other), as JSON. */
export const MEETING_PROPERTY = `String ${PUBLIC_STRINGS_GUID} Name calsyncMeeting`;

/** Reminder Outlook applies when none is given; pulled back as "use the default". */
export const DEFAULT_REMINDER_MINUTES = 15;
