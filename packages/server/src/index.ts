/**
 * Public API of @calsync/server: the HTTP app, the store, the job queue and the pieces
 * `apps/server` composes into a process.
 */
export { connectDatabase } from './db/connect.js';
export type { SQL, Tx, Db, ConnectOptions } from './db/connect.js';
export {
  startEmbeddedPostgres,
  findFreePort,
  findRunningEmbeddedPostgres,
} from './db/embedded-postgres.js';
export type { EmbeddedPostgresOptions, EmbeddedPostgresHandle } from './db/embedded-postgres.js';
export {
  migrate,
  loadMigrations,
  migrationsDir,
  isSchemaCurrent,
  MigrationChecksumError,
} from './store/migrate.js';
export type { Migration, MigrationReport } from './store/migrate.js';
export { createTenant, findTenant, listTenants } from './store/tenants.js';
export type { TenantRow } from './store/tenants.js';
export { createApiKey, revokeApiKey, findApiKeyBySecret, listApiKeys } from './store/api-keys.js';
export type { ApiKeyRow, CreatedApiKey, RevokedApiKey } from './store/api-keys.js';
export { Keyring, InvalidKeyringError, DecryptionError } from './crypto/keyring.js';
export type { EncryptionKey, UnboundEnvelopes, DecryptionFailure } from './crypto/keyring.js';
export { secretBinding } from './crypto/secret-binding.js';
export type { SecretBinding } from './crypto/secret-binding.js';
export { bindUnboundEnvelopes } from './crypto/bind-envelopes.js';
export type { BindingReport } from './crypto/bind-envelopes.js';
export {
  checkKeysAgainstStore,
  storedEnvelopeKeyIds,
  EncryptionKeysMismatchError,
} from './crypto/key-check.js';
export type { KeyCheckReport } from './crypto/key-check.js';
export {
  listLiveProcesses,
  sweepDeadProcesses,
  PROCESS_STALE_AFTER_MS,
} from './store/process-registry.js';
export type { ProcessRow } from './store/process-registry.js';
export { startProcessRegistration } from './processes/process-registration.js';
export type {
  ProcessRegistration,
  ProcessRegistrationOptions,
} from './processes/process-registration.js';
export { startJobQueue, JOB_SCHEMA } from './jobs/boss.js';
export type { ProcessRole, JobQueueOptions } from './jobs/boss.js';
export {
  registerHousekeeping,
  purgeExpiredSecrets,
  HOUSEKEEPING_QUEUE,
  DEAD_ATTEMPTS_QUEUE,
} from './jobs/housekeeping.js';
export type { HousekeepingResult } from './jobs/housekeeping.js';
export { JOB_HEARTBEAT_SECONDS, SUPERVISE_INTERVAL_SECONDS } from './jobs/liveness.js';
export {
  closeAttemptsOfDeadJobs,
  sweepAttemptsOfDeadJobs,
  WORKER_LOST_MESSAGE,
} from './jobs/dead-attempts.js';
export type { AttemptOwner } from './jobs/dead-attempts.js';
export { cancelStuckPull, TAKEN_OVER_MESSAGE } from './jobs/stuck-pulls.js';
export { createApp, MAX_BODY_BYTES, DATABASE_RETRY_AFTER_SECONDS } from './http/app.js';
export { createOpsApp } from './http/ops-app.js';
export { accessLog } from './http/access-log.js';
export type { ReadinessCheck } from './http/health.js';
export { isDatabaseUnavailableError } from './db/unavailable-errors.js';
export { TrustedProxies, InvalidTrustedProxyError } from './http/client-address.js';
export { DEFAULT_WEBHOOK_RATE_LIMIT } from './http/source-rate-limit.js';
export type { RateLimitOptions } from './http/token-buckets.js';
export type { RateLimitStore, RateLimitStoreFactory } from './http/rate-limit-store.js';
export {
  SharedLimits,
  SharedMailboxLimiter,
  SharedPacer,
  SharedTokenBuckets,
  sharedRateLimitStores,
  type SharedMailboxLimiterOptions,
  type SharedPacerOptions,
} from './limits/index.js';
export type { AppEnv, AuthContext } from './http/env.js';
export type { ServerContext } from './context.js';
export { NO_SYNC_HOOKS } from './services/sync-hooks.js';
export type { SyncHooks, AppointmentChangeKind } from './services/sync-hooks.js';
export { pgBossSender } from './jobs/sender.js';
export type { JobSender } from './jobs/sender.js';
export { ApiError } from './http/errors.js';
export type { ErrorEnvelope } from './http/errors.js';
export { createLogger, REDACTED_PATHS } from './logging.js';
export type { Logger } from './logging.js';
export { registerWebhookDelivery } from './jobs/webhook-delivery.js';
export type { WebhookDeliveryJob } from './jobs/webhook-delivery.js';
export { startWebhookDispatcher } from './webhooks/dispatcher.js';
export type { WebhookDispatcher } from './webhooks/dispatcher.js';
export { dispatchChanges } from './webhooks/dispatch.js';
export type { DispatchOptions, DispatchResult } from './webhooks/dispatch.js';
export { deliverWebhook, WEBHOOK_DELIVERY_QUEUE } from './webhooks/deliver.js';
export type { DeliveryOptions, DeliveryOutcome } from './webhooks/deliver.js';
export { closeStreams } from './webhooks/change-hub.js';
export {
  signWebhook,
  verifyWebhook,
  generateWebhookSecret,
  WebhookVerificationError,
} from './webhooks/signing.js';
export type { WebhookHeaders } from './webhooks/signing.js';
export { WEBHOOK_RETRY_DELAYS_SECONDS, WEBHOOK_MAX_ATTEMPTS } from './webhooks/backoff.js';
export { metricsRegistry, recordSyncAttempt, observeWebhookToApplied } from './metrics/registry.js';
export { instrumentProviderFetch } from './metrics/provider-fetch.js';
export { httpMetrics } from './metrics/http.js';
export { recordAudit, listAudit } from './store/audit.js';
export type { AuditInput, AuditEntryRow } from './store/audit.js';
export { exportUser } from './gdpr/export.js';
export type { UserExport } from './gdpr/export.js';
export { eraseUser, ERASED_CONNECTION_QUEUE } from './gdpr/erase.js';
export type { ErasedConnectionJob, ExternalEventRef, EraseResult } from './gdpr/erase.js';
export { registerErasedConnectionCleanup } from './gdpr/cleanup-queue.js';
export type { ErasedConnectionCleanup } from './gdpr/cleanup-queue.js';
export { rotateEncryption, ENVELOPE_COLUMNS } from './crypto/rotate.js';
export type { RotationReport } from './crypto/rotate.js';
export { ProviderRegistry, UnknownProviderError } from './providers/registry.js';
export type { ProviderEntry, AdapterFactoryInput, RefreshContext } from './providers/registry.js';
export { sealCredentials, openCredentials } from './providers/credentials.js';
export type {
  StoredCredentials,
  SealedCredentials,
  ConnectionIdentity,
} from './providers/credentials.js';
export { registerSyncJobs } from './jobs/register-sync.js';
export { createSyncHooks } from './sync/hooks.js';
export type { SyncRuntime, SyncOptions } from './sync/runtime.js';
export type {
  Connectors,
  OAuthConnector,
  CalDAVConnector,
  CalDAVConnectFailure,
  AuthorisedAccount,
} from './connect/connectors.js';
export type { AppServices, PublicRouter } from './http/services.js';
export {
  openProviderSession,
  refreshConnectionTokens,
  ConnectionUnavailableError,
} from './providers/session.js';
export type { ProviderSession } from './providers/session.js';
export { createSyncQueues, SYNC_SCHEDULES } from './jobs/register-sync.js';
export { createSyncRuntime } from './sync/runtime.js';
export {
  PULL_QUEUE,
  PUSH_QUEUE,
  AVAILABILITY_QUEUE,
  enqueuePull,
  enqueuePushTo,
  enqueueAvailability,
} from './jobs/queues.js';
export type { PullJobData, PushJobData, AvailabilityJobData } from './jobs/queues.js';
export { runPullJob } from './jobs/pull.js';
export { runPushJob } from './jobs/push.js';
export { enqueuePush } from './sync/enqueue-push.js';
export { initializeConnection } from './sync/initialize.js';
export {
  triggerSync,
  ConnectionNotFoundError,
  ConnectionNotSyncingError,
} from './sync/trigger-sync.js';
export type { TriggerSyncInput, TriggeredSync } from './sync/trigger-sync.js';
export { syncStatus } from './sync/sync-status.js';
export type { SyncStatus } from './sync/sync-status.js';
export { resolveConflictAndSync, ConflictNotOpenError } from './sync/resolve-conflict.js';
export {
  disconnectConnection,
  pauseConnection,
  resumeConnection,
} from './sync/connection-lifecycle.js';
export { reprocessAttempt, NotReprocessableError } from './sync/reprocess.js';
export { decideApproval, ApprovalNotPendingError } from './sync/approvals.js';
export { handleChannelNotification } from './sync/notifications.js';
export type { NotificationOutcome } from './sync/notifications.js';
export { createConnection, findConnection, listConnections } from './store/connections.js';
export type { ConnectionRow, ConnectionStatus, NewConnection } from './store/connections.js';
export { upsertCalendars, listCalendars, updateCalendarSelection } from './store/calendars.js';
export type { CalendarRow } from './store/calendars.js';
export type { AppointmentRow } from './store/appointments.js';
export type { SqlExecutor } from './jobs/sender.js';
export { listAttempts } from './store/sync-attempts.js';
export type { SyncAttemptRow } from './store/sync-attempts.js';
export { googleIntegration } from './integrations/google/index.js';
export type { GoogleIntegration, GoogleIntegrationOptions } from './integrations/google/index.js';
export { caldavIntegration } from './integrations/caldav/index.js';
export type { CalDAVIntegration, CalDAVIntegrationOptions } from './integrations/caldav/index.js';
export { microsoftIntegration } from './integrations/microsoft/index.js';
export type {
  MicrosoftIntegration,
  MicrosoftIntegrationOptions,
} from './integrations/microsoft/index.js';
export type { ChangeType, ChangeRow } from './store/changes.js';
export { upsertUser, findUserByExternalId } from './store/users.js';
export type { UserRow } from './store/users.js';
export {
  composeHooks,
  createVideoHooks,
  createVideoRuntime,
  registerVideoJobs,
  settleMeeting,
  VIDEO_MEETING_QUEUE,
  zoomProviderFor,
} from './video/index.js';
export type {
  SettleOutcome,
  VideoMeetingRow,
  VideoOptions,
  VideoPlatform,
  VideoRuntime,
  ZoomSetup,
} from './video/index.js';
export type { VideoServices } from './http/routes/video-meetings.js';
export {
  createAddressPolicy,
  parseAllowList,
  nonPublicReason,
  InvalidAllowListError,
  PUBLIC_ONLY,
  ANY_ADDRESS,
} from './net/address-policy.js';
export type { AddressPolicy } from './net/address-policy.js';
export { createGuardedFetch, DEFAULT_MAX_REDIRECTS } from './net/guarded-fetch.js';
export type { GuardedFetchOptions } from './net/guarded-fetch.js';
export type { ResolveHost } from './net/guarded-lookup.js';
export { literalTargetRefusal } from './net/target-url.js';
export { withResponseCap, capResponseBody, DEFAULT_MAX_RESPONSE_BYTES } from './net/capped-body.js';
export {
  ServerUnreachableError,
  ResponseTooLargeError,
  UNREACHABLE_MESSAGE,
} from './net/errors.js';
