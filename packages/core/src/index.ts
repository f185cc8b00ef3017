/**
 * Public API of @calsync/core: the canonical model, the provider contract and its error
 * classes, the retry matrix, the three-way reconcile, recurrence and time zones, iCalendar.
 * Pure and deterministic: no I/O, the clock is always an argument. Every export is listed here.
 */
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
} from './model/time.js';
export { originalStartKey, normalizeInstant, instantMs } from './model/time.js';
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
} from './model/event.js';
export { CONTENT_FIELDS, DEFAULT_REMINDERS, normalizeEmail } from './model/event.js';
export type { Appointment, AppointmentSource } from './model/appointment.js';
export type { EventLink, LinkState } from './model/link.js';
export type { SyncCursor, PageCheckpoint } from './model/cursor.js';

export type {
  ProviderErrorClass,
  ProviderErrorOptions,
  RetryAfterErrorOptions,
} from './provider/errors.js';
export {
  PROVIDER_ERROR_CLASSES,
  ProviderError,
  TransientProviderError,
  RateLimitedError,
  AuthError,
  NotFoundError,
  PreconditionFailedError,
  CursorExpiredError,
  NonRetryableProviderError,
  errorClassOf,
  providerErrorFor,
} from './provider/errors.js';
export type {
  FailureAction,
  RetryPolicy,
  BackoffOptions,
  RetryInput,
  RetryDecision,
} from './provider/retry.js';
export {
  RETRY_MATRIX,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  nextRetryDelay,
  retryDecisionFor,
} from './provider/retry.js';
export type { RemoteEvent, RemoteChange, RemovalReason, PullIssue } from './provider/remote.js';
export type {
  CalendarProvider,
  RemoteCalendar,
  PullRequest,
  PullPage,
  CreateEventRequest,
  UpdateEventRequest,
  DeleteEventRequest,
  EventExistsRequest,
  WatchRequest,
  WatchChannel,
  FreeBusyRequest,
  BusyInterval,
  WriteResult,
  ProviderCapabilities,
  ProviderAdapter,
  AdapterContext,
} from './provider/contract.js';
export { PROVIDER_CAPABILITIES } from './provider/contract.js';

export type {
  SyncDirection,
  RemovalPolicy,
  ReconcilePolicy,
  ReconcileInput,
  ReconcileDecision,
  PushIntent,
  ConflictRecord,
  ReconcileResult,
} from './reconcile/types.js';
export { reconcile } from './reconcile/reconcile.js';
export { linkAfterPush } from './reconcile/push.js';
export type { Side, MergeResult } from './reconcile/merge.js';
export { threeWayMerge } from './reconcile/merge.js';
export {
  normalizeContent,
  normalizeAttendees,
  stableStringify,
  valuesEqual,
  contentEqual,
  contentHash,
} from './reconcile/equality.js';
export type { ConflictChoice, ConflictResolution } from './reconcile/resolve.js';
export {
  resolveConflict,
  MAX_UNRESOLVED_CONFLICTS,
  shouldPauseForConflicts,
} from './reconcile/resolve.js';
export type { LinkIndex } from './reconcile/match.js';
export { indexLinks, findLink, iCalUIDKey } from './reconcile/match.js';

export type {
  SeriesOverride,
  ExpandRequest,
  Occurrence,
  ExpandResult,
} from './recurrence/expand.js';
export { expandSeries } from './recurrence/expand.js';
export type { LocalDateTime } from './recurrence/local.js';
export { parseLocal, formatLocal, formatDate } from './recurrence/local.js';
export { isIANAZone, zoneOffsetMinutes, utcToLocal, localToUTC } from './recurrence/zone.js';
export { WINDOWS_TO_IANA, resolveZoneName } from './recurrence/zone-names.js';
export type { ContentLine, RecurrenceParts } from './recurrence/lines.js';
export { parseContentLine, splitRecurrence } from './recurrence/lines.js';
export { excludedOriginalStarts } from './recurrence/expand.js';
export type { RecurrenceLimitProblem, RecurrenceLimitReason } from './recurrence/limits.js';
export {
  RECURRENCE_LIMITS,
  RecurrenceLimitError,
  recurrenceLimitProblem,
  ruleLimitProblem,
} from './recurrence/limits.js';
export type {
  GraphDayOfWeek,
  GraphWeekIndex,
  GraphPatternedRecurrence,
  GraphRecurrenceConversion,
} from './recurrence/graph.js';
export { recurrenceToGraph, recurrenceFromGraph } from './recurrence/graph.js';
export { withGraphExclusions, contentWithGraphExclusions } from './recurrence/graph-exclusions.js';
export type { GoogleEventDateTime } from './recurrence/google.js';
export {
  recurrenceToGoogle,
  recurrenceFromGoogle,
  eventTimeToGoogle,
  eventTimeFromGoogle,
  originalStartToGoogle,
  originalStartFromGoogle,
  formatInstantInZone,
} from './recurrence/google.js';
export type { ProviderRecurrencePlan } from './recurrence/fallback.js';
export { planRecurrence } from './recurrence/fallback.js';

export type { IcsEvent, IcsIssue, IcsParseResult, ParseICSOptions } from './ics/parse.js';
export { parseICS } from './ics/parse.js';
export type { SerializeICSOptions } from './ics/serialize.js';
export { serializeICS, vtimezoneLines } from './ics/serialize.js';
export { unfoldLines, foldLine, escapeText, unescapeText } from './ics/text.js';
export { ICS_LIMITS } from './ics/limits.js';

export type { PrivacyLevel } from './privacy.js';
export { PRIVACY_MASKED_FIELDS } from './privacy.js';
export { BUSY_TITLE, applyPrivacy } from './privacy.js';
export type { SyncWindowConfig } from './window.js';
export { DEFAULT_SYNC_WINDOW, syncWindowRange } from './window.js';
