/**
 * Public API of @calsync/google: the Google Calendar adapter (core's `ProviderAdapter` over the
 * official client), the OAuth code flow, push-notification parsing, the request pacer and the
 * field mappings, each listed explicitly.
 */
export { createGoogleAdapter } from './adapter.js';
export type { GoogleAdapterOptions, GoogleCalendarAdapter } from './adapter.js';
export {
  GOOGLE_API_ROOT_URL,
  GOOGLE_OAUTH_ENDPOINTS,
  GOOGLE_SCOPES,
  REQUIRED_GOOGLE_SCOPES,
  GOOGLE_LIMITS,
  APPOINTMENT_ID_PROPERTY,
  googleEndpointsAt,
} from './endpoints.js';
export type { GoogleOAuthEndpoints } from './endpoints.js';
export {
  GoogleOAuth,
  TOKEN_REFRESH_MARGIN_MS,
  needsRefresh,
  createPKCEPair,
  codeChallengeS256,
  createOAuthState,
} from './oauth.js';
export type {
  GoogleOAuthConfig,
  GoogleOAuthDeps,
  GoogleTokenSet,
  GoogleCodeExchange,
  PKCEPair,
} from './oauth.js';
export { parseGoogleNotification } from './notification.js';
export type {
  GoogleNotification,
  GoogleNotificationRejection,
  GoogleNotificationResult,
  GoogleResourceState,
  NotificationHeaders,
} from './notification.js';
export { RequestPacer, RequestPacers } from './pacer.js';
export type { Pacer, RequestPacerOptions } from './pacer.js';
export { googleEventIdFor, isValidGoogleEventId } from './ids.js';
export { googleErrorFor, parseRetryAfter } from './errors.js';
export type { GoogleFailure } from './errors.js';
export { googleItemToChange, googleEventToRemote } from './mapping/inbound.js';
export type { InboundResult } from './mapping/inbound.js';
export { contentToGoogleEvent } from './mapping/outbound.js';
export type { OutboundOptions, GoogleVisibility } from './mapping/outbound.js';
export { GOOGLE_MEET_REQUEST } from './mapping/meeting.js';
export { calendarFromGoogle } from './calendars.js';
export { freeBusyRanges } from './freebusy.js';
