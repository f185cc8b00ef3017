import type { ServerContext } from '../../context.js';
import type { SharedLimits } from '../../limits/shared-limits.js';
import type { SyncRuntime } from '../../sync/runtime.js';

/** A value known at start-up, or only once the server listens (a port picked at bind time). */
export type Lazy<T> = T | (() => T);

/** Reads a {@link Lazy} value. */
export function resolveLazy<T>(value: Lazy<T>): T {
  return typeof value === 'function' ? (value as () => T)() : value;
}

/** Configuration of {@link microsoftIntegration}. */
export interface MicrosoftIntegrationOptions {
  /** `MICROSOFT_CLIENT_ID` (the app registration's Application (client) id). */
  readonly clientId: string;
  /** `MICROSOFT_CLIENT_SECRET`. */
  readonly clientSecret: string;
  /** `MICROSOFT_TENANT`: `common` (default), `organizations`, a tenant id or domain. */
  readonly tenant?: string;
  /**
   * Root of Graph and of the identity platform together — the sandbox's
   * `${baseUrl}/sandbox/microsoft`. Unset: Microsoft's own (`graph.microsoft.com`,
   * `login.microsoftonline.com`).
   */
  readonly baseUrl?: Lazy<string | undefined>;
  /** Outbound HTTP of the connect flow (token exchange, `/me`). Default global fetch. */
  readonly fetch?: typeof fetch;
  /** Clock of the connect flow and of the per-mailbox limiters. Default the system clock. */
  readonly now?: () => Date;
  /**
   * Limits held in Postgres: given, each mailbox's concurrency (4 requests in flight) is shared
   * by every process on the database (else each process allows 4 of its own).
   */
  readonly sharedLimits?: SharedLimits;
  /**
   * The process's context: the webhook route looks channels up and enqueues pulls with it.
   * Optional when `sync` is given (its context is used).
   */
  readonly context?: ServerContext;
  /**
   * The sync runtime, once built: lifecycle notifications renew or recreate the subscription
   * through it at once. Without it they mark the channel expired and request a full resync, and
   * the watch renewal (every 15 minutes) opens the new subscription.
   */
  readonly sync?: () => SyncRuntime | undefined;
}

/** Graph and identity-platform roots for the adapter and OAuth helpers (none: Microsoft's). */
export function microsoftEndpoints(options: MicrosoftIntegrationOptions): {
  graphBaseUrl?: string;
  identityBaseUrl?: string;
} {
  const base = options.baseUrl === undefined ? undefined : resolveLazy(options.baseUrl);
  if (!base) return {};
  const root = base.replace(/\/+$/, '');
  return { graphBaseUrl: root, identityBaseUrl: root };
}
