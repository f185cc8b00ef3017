/**
 * Public API of @calsync/microsoft: the Microsoft Graph adapter (core's `ProviderAdapter`), the
 * identity-platform OAuth helpers, subscription notification parsing, and the pure field mappers.
 */
export type { MicrosoftAdapter, MicrosoftAdapterOptions } from './adapter.js';
export { createMicrosoftAdapter } from './adapter.js';
export {
  GRAPH_BASE_URL,
  IDENTITY_BASE_URL,
  MICROSOFT_SCOPES,
  REFRESH_MARGIN_SECONDS,
  MAILBOX_MAX_CONCURRENT_REQUESTS,
  SUBSCRIPTION_MAX_MINUTES,
  APPOINTMENT_ID_PROPERTY,
  MEETING_PROPERTY,
} from './facts.js';
export type { MailboxLimiterOptions, RequestLimiter } from './graph/limiter.js';
export { MailboxLimiter } from './graph/limiter.js';
export { toProviderError, parseRetryAfterSeconds } from './graph/errors.js';
export type {
  MicrosoftOAuthConfig,
  MicrosoftAuthorizationRequest,
  MicrosoftCallback,
  RandomBytes,
} from './oauth/authorize.js';
export {
  createAuthorizationRequest,
  parseAuthorizationCallback,
  pkceChallengeS256,
  OAuthStateMismatchError,
} from './oauth/authorize.js';
export type { MicrosoftTokens, TokenIO } from './oauth/tokens.js';
export { exchangeCode, refreshTokens, shouldRefresh } from './oauth/tokens.js';
export { readAccountEmail } from './oauth/account.js';
export type {
  ValidationAnswer,
  GraphChangeNotification,
  GraphLifecycleNotification,
  GraphLifecycleEvent,
  RejectedNotification,
  ParsedGraphNotifications,
  ExpectedClientState,
} from './subscriptions/notifications.js';
export {
  answerValidation,
  parseGraphNotifications,
  clientStateMatches,
  LIFECYCLE_ACTIONS,
} from './subscriptions/notifications.js';
export { subscriptionExpiry } from './subscriptions/watch.js';
export type { GraphEvent, GraphEventInput } from './mapping/graph-types.js';
export type { GraphEventMapping } from './mapping/from-graph.js';
export { graphEventToRemote } from './mapping/from-graph.js';
export type { ContentToGraphOptions } from './mapping/to-graph.js';
export { contentToGraph } from './mapping/to-graph.js';
export type { GraphCalendar } from './calendars.js';
export { calendarFromGraph } from './calendars.js';
export { transactionIdFor } from './push/body.js';
