export type { ProviderErrorClass, ProviderErrorOptions } from './errors.js';
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
} from './errors.js';
export type {
  FailureAction,
  RetryPolicy,
  BackoffOptions,
  RetryInput,
  RetryDecision,
} from './retry.js';
export {
  RETRY_MATRIX,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  nextRetryDelay,
  retryDecisionFor,
} from './retry.js';
export type { RemoteEvent, RemoteChange, RemovalReason, PullIssue } from './remote.js';
export type {
  CalendarProvider,
  RemoteCalendar,
  PullRequest,
  PullPage,
  CreateEventRequest,
  UpdateEventRequest,
  DeleteEventRequest,
  WatchRequest,
  WatchChannel,
  FreeBusyRequest,
  BusyInterval,
  WriteResult,
  ProviderCapabilities,
  ProviderAdapter,
  AdapterContext,
} from './contract.js';
export { PROVIDER_CAPABILITIES } from './contract.js';
