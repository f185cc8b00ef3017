import { randomUUID } from 'node:crypto';
import { DEFAULT_SYNC_WINDOW, type BackoffOptions, type SyncWindowConfig } from '@calsync/core';
import type { PgBoss } from 'pg-boss';
import type { ServerContext } from '../context.js';
import { DEFAULT_MAX_RESPONSE_BYTES, withResponseCap } from '../net/capped-body.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { withRequestTimeout } from '../providers/request-timeout.js';
import type { ConnectionRow } from '../store/connections.js';

/** See {@link SyncOptions.maxImportedEventsPerConnection}. */
export const DEFAULT_MAX_IMPORTED_EVENTS_PER_CONNECTION = 50_000;

/** See {@link SyncOptions.providerTimeoutMs}. */
export const DEFAULT_PROVIDER_TIMEOUT_MS = 30_000;

/** Tuning of the sync jobs; every field has a production default. */
export interface SyncOptions {
  /** Whether this process works the queues (roles `worker` and `all`). Default true. */
  runsWorkers?: boolean;
  /** Whether this process installs the cron schedules. Default: `runsWorkers`. */
  schedules?: boolean;
  /**
   * Poll interval of calendars without a live channel. Default 5 minutes, or the provider's own
   * schedule (`ProviderEntry.nextPollAt`); when set, it applies to every provider.
   */
  pollIntervalMs?: number;
  /** Poll interval of calendars with a live channel (a safety net). Default 6 hours. */
  watchedPollIntervalMs?: number;
  /** Random extra delay added to every planned poll, so polls spread out. Default 60 s. */
  pollJitterMs?: number;
  /** Tokens are refreshed this long before they expire. Default 5 minutes. */
  tokenRefreshLeadMs?: number;
  /** Requested lifetime of watch channels. Default 7 days. */
  watchTtlSeconds?: number;
  /** Channels expiring within this are renewed. Default 24 hours. */
  watchRenewLeadMs?: number;
  /** How long an approval waits before it expires. Default 7 days. */
  approvalTtlMs?: number;
  /** Retry backoff of transient and rate-limited failures (core's defaults: 1 s base, 5 min cap). */
  backoff?: BackoffOptions;
  /** The sync window. Default 30 days back, 90 ahead. */
  window?: SyncWindowConfig;
  /** Page size hint for pulls. */
  pageSize?: number;
  /** How often idle workers look for jobs, in seconds. Default 2. */
  workerPollingSeconds?: number;
  /** Jobs one worker fetches at once (different keys, run concurrently). Default 4. */
  batchSize?: number;
  /** Workers per queue in a process. Default pull 2, push 4. */
  concurrency?: { pull?: number; push?: number };
  /**
   * How long a job may stay active before pg-boss takes it back (a crashed worker's job is then
   * retried by pg-boss). Default pull 30 minutes, push 5 minutes.
   */
  expireInSeconds?: { pull?: number; push?: number };
  /**
   * How long one provider request (answer and body) may take before it is abandoned and the
   * attempt retried as a transient failure. Default 30 s.
   */
  providerTimeoutMs?: number;
  /**
   * Live imported appointments one connection may hold; past it, new remote events are skipped
   * and recorded as failed items (updates and removals still apply). Default 50,000.
   */
  maxImportedEventsPerConnection?: number;
  /**
   * Largest provider answer read, in bytes: bodies stream through a counter and a larger one
   * fails the attempt with the non-retryable `ResponseTooLargeError`. Default 50 MiB.
   */
  maxResponseBytes?: number;
  /**
   * Injected side effects. `fetch` reaches the hosts users gave (CalDAV servers): a process
   * passes `createGuardedFetch` here; the default, the global fetch, does not check addresses.
   */
  fetch?: typeof fetch;
  random?: () => number;
  newId?: () => string;
}

/** Resolved tuning: every option present. */
export type ResolvedSyncOptions = Required<
  Omit<SyncOptions, 'fetch' | 'random' | 'newId' | 'concurrency' | 'expireInSeconds' | 'pageSize'>
> & {
  concurrency: { pull: number; push: number };
  expireInSeconds: { pull: number; push: number };
  pageSize: number | null;
  /** Whether `pollIntervalMs` was set explicitly (it then overrides providers' schedules). */
  pollIntervalSet: boolean;
};

/**
 * What the sync jobs and services share: the server context, the provider registry, pg-boss
 * (for retries that must move an already-queued job), and the injected side effects.
 */
export interface SyncRuntime {
  readonly ctx: ServerContext;
  readonly registry: ProviderRegistry;
  readonly boss: PgBoss;
  readonly options: ResolvedSyncOptions;
  readonly fetch: typeof fetch;
  readonly random: () => number;
  readonly newId: () => string;
}

const MINUTE_MS = 60_000;

/**
 * Builds the runtime the sync jobs and services run in.
 *
 * @example
 * const sync = createSyncRuntime(ctx, registry, boss, { runsWorkers: role !== 'api' });
 */
export function createSyncRuntime(
  ctx: ServerContext,
  registry: ProviderRegistry,
  boss: PgBoss,
  options: SyncOptions = {},
): SyncRuntime {
  const runsWorkers = options.runsWorkers ?? true;
  return {
    ctx,
    registry,
    boss,
    fetch: withResponseCap(
      withRequestTimeout(
        options.fetch ?? globalThis.fetch,
        options.providerTimeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS,
      ),
      options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    ),
    random: options.random ?? Math.random,
    newId: options.newId ?? randomUUID,
    options: {
      runsWorkers,
      schedules: options.schedules ?? runsWorkers,
      pollIntervalMs: options.pollIntervalMs ?? 5 * MINUTE_MS,
      pollIntervalSet: options.pollIntervalMs !== undefined,
      watchedPollIntervalMs: options.watchedPollIntervalMs ?? 6 * 60 * MINUTE_MS,
      pollJitterMs: options.pollJitterMs ?? MINUTE_MS,
      tokenRefreshLeadMs: options.tokenRefreshLeadMs ?? 5 * MINUTE_MS,
      watchTtlSeconds: options.watchTtlSeconds ?? 7 * 24 * 3600,
      watchRenewLeadMs: options.watchRenewLeadMs ?? 24 * 60 * MINUTE_MS,
      approvalTtlMs: options.approvalTtlMs ?? 7 * 24 * 60 * MINUTE_MS,
      backoff: options.backoff ?? {},
      window: options.window ?? DEFAULT_SYNC_WINDOW,
      pageSize: options.pageSize ?? null,
      workerPollingSeconds: options.workerPollingSeconds ?? 2,
      providerTimeoutMs: options.providerTimeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS,
      maxImportedEventsPerConnection:
        options.maxImportedEventsPerConnection ?? DEFAULT_MAX_IMPORTED_EVENTS_PER_CONNECTION,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      batchSize: options.batchSize ?? 4,
      concurrency: { pull: 2, push: 4, ...options.concurrency },
      expireInSeconds: { pull: 30 * 60, push: 5 * 60, ...options.expireInSeconds },
    },
  };
}

/**
 * When a calendar should next be polled: with a live channel, the watched interval (a safety
 * net); else the provider's own schedule when its registry entry has one and no interval was set
 * explicitly; else the interval. The runtime's intervals get up to `pollJitterMs` on top.
 */
export function nextPollAt(
  rt: SyncRuntime,
  now: Date,
  watched: boolean,
  connection: ConnectionRow | null = null,
): Date {
  if (
    !watched &&
    connection &&
    !rt.options.pollIntervalSet &&
    rt.registry.has(connection.provider)
  ) {
    const schedule = rt.registry.get(connection.provider).nextPollAt;
    if (schedule) return schedule({ connection, polledAt: now, random: rt.random });
  }
  const interval = watched ? rt.options.watchedPollIntervalMs : rt.options.pollIntervalMs;
  return new Date(now.getTime() + interval + Math.floor(rt.random() * rt.options.pollJitterMs));
}
