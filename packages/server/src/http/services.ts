import type { Env, Hono } from 'hono';
import type { AppEnv } from './env.js';
import type { TrustedProxies } from './client-address.js';
import type { RateLimitOptions } from './rate-limit.js';
import type { RateLimitStoreFactory } from './rate-limit-store.js';
import type { Connectors } from '../connect/connectors.js';
import type { AddressPolicy } from '../net/address-policy.js';
import type { ResolveHost } from '../net/guarded-lookup.js';
import type { SyncRuntime } from '../sync/runtime.js';
import type { VideoRuntime } from '../video/runtime.js';
import { ApiError } from './errors.js';
import type { ReadinessCheck } from './health.js';

/** A router mounted under `/api/v1` without bearer authentication (plain Hono or an API router). */
export type PublicRouter = Hono<Env> | Hono<AppEnv>;

/** What the API needs beyond the context: the sync engine and the connect flows. */
export interface AppServices {
  /** Absent in a process that cannot sync (then sync actions answer 503). */
  sync?: SyncRuntime;
  connectors?: Connectors;
  /** Absent in a process without video meetings (then the video routes answer 503). */
  video?: VideoRuntime;
  /**
   * Routers mounted under `/api/v1` without bearer authentication: provider webhooks, which
   * verify each request themselves (channel token, clientState).
   */
  publicRoutes?: readonly PublicRouter[];
  /** Per-credential request budget; default `DEFAULT_RATE_LIMIT`. */
  rateLimit?: RateLimitOptions;
  /**
   * Per-source-address budget of the unauthenticated provider webhooks (`/webhooks/*`); default
   * `DEFAULT_WEBHOOK_RATE_LIMIT` (100 per second, bursts of 500).
   */
  webhookRateLimit?: RateLimitOptions;
  /**
   * Where the budgets above are kept; default in this process. A deployment of several API
   * processes passes `sharedRateLimitStores(shared)` so they hold one budget in Postgres.
   */
  rateLimitStores?: RateLimitStoreFactory;
  /** Proxies whose `X-Forwarded-For` names the client (`CALSYNC_TRUSTED_PROXIES`); default none. */
  trustedProxies?: TrustedProxies;
  /**
   * Which addresses URLs given through the API (webhook endpoints) may point at; default public
   * addresses only. The process passes the one built from `CALSYNC_ALLOW_PRIVATE_NETWORKS`.
   */
  addressPolicy?: AddressPolicy;
  /** Resolves webhook endpoint host names when they are created; default DNS. */
  resolveHost?: ResolveHost;
  /** What `/readyz` checks besides the database (the job queue running); default nothing. */
  readiness?: readonly ReadinessCheck[];
}

/** The sync runtime, or 503 when this process has none. */
export function requireSync(services: AppServices): SyncRuntime {
  if (!services.sync)
    throw new ApiError(503, 'sync_unavailable', 'This server has no sync engine configured.');
  return services.sync;
}
