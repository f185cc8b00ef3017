/**
 * `@calsync/caldav`: talks CalDAV to iCloud and generic servers and knows nothing about
 * Postgres or HTTP routes. Connect (discovery + credential test), core's `ProviderAdapter`,
 * and the polling schedule.
 */
export type { ConnectCalDAVOptions, CalDAVAccount, ConnectCalDAVResult } from './connect.js';
export { connectCalDAV } from './connect.js';
export type { CalDAVCalendar } from './calendars.js';
export type { CalDAVCredentials, CalDAVAdapterOptions } from './adapter.js';
export { createCalDAVAdapter, CALDAV_CAPABILITIES } from './adapter.js';
export type { CalDAVConnectError, CalDAVConnectErrorCode } from './errors.js';
export { CalDAVAuthFailedError, CalDAVDiscoveryError } from './errors.js';
export type { CalDAVFlavour, CalDAVFlavourFacts, CalDAVServerQuirks } from './facts.js';
export { CALDAV_FLAVOURS, SERVER_QUIRKS } from './facts.js';
export type { SyncMethod, SyncMethodPreference } from './pull/plan.js';
export { nextPollAt, DEFAULT_POLL_INTERVAL_SECONDS, POLL_JITTER_RATIO } from './poll.js';
export type { ExternalIdParts } from './ids.js';
export { parseExternalId, formatExternalId } from './ids.js';
