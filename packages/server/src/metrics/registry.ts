import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The server's metrics, in a registry of their own (never prom-client's global one, so nothing a
 * dependency registers leaks into `/metrics`). Labels never carry tenant or user ids.
 */
export const metricsRegistry = new Registry();

const registers = [metricsRegistry];

// Node's own: CPU, resident memory, heap, event-loop lag, open handles, GC (`process_*`, `nodejs_*`).
collectDefaultMetrics({ register: metricsRegistry });

/** Sync attempts by provider, operation and final status. */
export const syncAttemptsTotal = new Counter({
  name: 'calsync_sync_attempts_total',
  help: 'Sync attempts by provider, operation (pull, push, full_resync, …) and status.',
  labelNames: ['provider', 'operation', 'status'] as const,
  registers,
});

/** From a provider notification reaching the server to its change being applied. */
export const webhookToAppliedSeconds = new Histogram({
  name: 'calsync_webhook_to_applied_seconds',
  help: 'Seconds from an inbound provider notification to the change being applied.',
  buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
  registers,
});

/** HTTP request durations by method, matched route and status. */
export const httpRequestDurationSeconds = new Histogram({
  name: 'calsync_http_request_duration_seconds',
  help: 'HTTP request durations by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

/** Outbound webhook attempts by outcome. */
export const webhookAttemptsTotal = new Counter({
  name: 'calsync_webhook_attempts_total',
  help: 'Outbound webhook delivery attempts by outcome (delivered, retry_scheduled, failed, skipped).',
  labelNames: ['outcome'] as const,
  registers,
});

/** Connections by time since their last successful sync (computed at scrape time). */
export const syncLagConnections = new Gauge({
  name: 'calsync_sync_lag_connections',
  help: 'Enabled connections by time since their last successful sync.',
  labelNames: ['provider', 'lag'] as const,
  registers,
});

/** The longest time since a successful sync, per provider (computed at scrape time). */
export const syncLagMaxSeconds = new Gauge({
  name: 'calsync_sync_lag_max_seconds',
  help: 'Longest time since the last successful sync among enabled connections, per provider.',
  labelNames: ['provider'] as const,
  registers,
});

/** Jobs waiting or running per queue (computed at scrape time). */
export const queueDepth = new Gauge({
  name: 'calsync_queue_depth',
  help: 'Jobs per queue and state (created, retry, active).',
  labelNames: ['queue', 'state'] as const,
  registers,
});

/** Seconds the oldest job waiting to start has waited, per queue (computed at scrape time). */
export const queueOldestWaitingSeconds = new Gauge({
  name: 'calsync_queue_oldest_waiting_seconds',
  help: 'Age of the oldest job per queue that is due and waiting for a worker (created or retry).',
  labelNames: ['queue'] as const,
  registers,
});

/** Failed sync attempts by provider, operation and error class. */
export const syncFailuresTotal = new Counter({
  name: 'calsync_sync_failures_total',
  help: 'Sync attempts that failed or will be retried, by provider, operation and error class.',
  labelNames: ['provider', 'operation', 'error_class'] as const,
  registers,
});

/** Remote changes applied by pulls. */
export const syncItemsAppliedTotal = new Counter({
  name: 'calsync_sync_items_applied_total',
  help: 'Remote changes read from a provider and reconciled, by provider.',
  labelNames: ['provider'] as const,
  registers,
});

/** Requests to calendar providers by provider, HTTP method and status (or `error`). */
export const providerRequestsTotal = new Counter({
  name: 'calsync_provider_requests_total',
  help: 'Requests to calendar providers by provider, method and status code (error: no answer).',
  labelNames: ['provider', 'method', 'status'] as const,
  registers,
});

/** Time until a provider's response headers arrived. */
export const providerRequestDurationSeconds = new Histogram({
  name: 'calsync_provider_request_duration_seconds',
  help: 'Seconds until a calendar provider answered, by provider, method and status.',
  labelNames: ['provider', 'method', 'status'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
  registers,
});

/** 1 when the last scrape could query the database, else 0. */
export const databaseUp = new Gauge({
  name: 'calsync_database_up',
  help: 'Whether the database answered the queries of the last scrape (1) or not (0).',
  registers,
});

/** Outbound webhook deliveries not yet delivered or failed (computed at scrape time). */
export const webhookDeliveriesPending = new Gauge({
  name: 'calsync_webhook_deliveries_pending',
  help: 'Outbound webhook deliveries waiting for an attempt.',
  registers,
});

/**
 * Counts one sync attempt; the sync runtime calls it when an attempt ends.
 *
 * @example
 * recordSyncAttempt('google', 'pull', 'success');
 */
export function recordSyncAttempt(provider: string, operation: string, status: string): void {
  syncAttemptsTotal.inc({ provider, operation, status });
}

/**
 * Records how long an inbound provider notification took to become an applied change.
 *
 * @example
 * observeWebhookToApplied((appliedAt.getTime() - receivedAt.getTime()) / 1000);
 */
export function observeWebhookToApplied(seconds: number): void {
  if (Number.isFinite(seconds) && seconds >= 0) webhookToAppliedSeconds.observe(seconds);
}

/**
 * Counts one failed (or to-be-retried) sync attempt by its error class.
 *
 * @example
 * recordSyncFailure('google', 'pull', 'rate_limited');
 */
export function recordSyncFailure(provider: string, operation: string, errorClass: string): void {
  syncFailuresTotal.inc({ provider, operation, error_class: errorClass });
}

/**
 * Counts remote changes a pull applied.
 *
 * @example
 * recordItemsApplied('google', page.changes.length);
 */
export function recordItemsApplied(provider: string, items: number): void {
  if (items > 0) syncItemsAppliedTotal.inc({ provider }, items);
}

/** Counts one outbound webhook attempt. */
export function recordWebhookAttempt(outcome: string): void {
  webhookAttemptsTotal.inc({ outcome });
}
