/**
 * Public API of @calsync/core: the canonical model, the provider contract and its error
 * classes, the retry matrix, the three-way reconcile, recurrence and time zones, iCalendar.
 * Pure and deterministic: no I/O, the clock is always an argument.
 */
export * from './model/index.js';
export * from './provider/index.js';
export type { PrivacyLevel } from './privacy.js';
export { PRIVACY_MASKED_FIELDS } from './privacy.js';
export { BUSY_TITLE, applyPrivacy } from './privacy.js';
export type { SyncWindowConfig } from './window.js';
export { DEFAULT_SYNC_WINDOW, syncWindowRange } from './window.js';
export * from './reconcile/index.js';
export * from './recurrence/index.js';
export * from './ics/index.js';
