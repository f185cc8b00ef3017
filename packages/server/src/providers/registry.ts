import type { AdapterContext, CalendarProvider, ProviderAdapter } from '@calsync/core';
import type { ConnectionRow } from '../store/connections.js';
import type { StoredCredentials } from './credentials.js';

/** What a provider factory receives to build the adapter of one connection. */
export interface AdapterFactoryInput {
  readonly connection: ConnectionRow;
  /** Decrypted at open time; the adapter should ask `context.getAccessToken` for tokens. */
  readonly credentials: StoredCredentials;
  readonly context: AdapterContext;
}

/** Side effects a token refresh may use. */
export interface RefreshContext {
  readonly fetch: typeof fetch;
  readonly now: () => Date;
}

/** What a provider's poll schedule is asked with. */
export interface PollScheduleInput {
  readonly connection: ConnectionRow;
  /** When the calendar was polled (or its poll was claimed). */
  readonly polledAt: Date;
  /** The runtime's random source, for jitter. */
  readonly random: () => number;
}

/**
 * One provider of the registry: how to build its adapter, and how to refresh its tokens.
 * `refresh` returns the new credentials (with the new expiry and, when the provider rotates it,
 * the new refresh token); it throws `AuthError` when the grant is gone and a transient or
 * rate-limited error when the token endpoint is merely unavailable.
 */
export interface ProviderEntry {
  createAdapter(input: AdapterFactoryInput): ProviderAdapter;
  refresh?(credentials: StoredCredentials, context: RefreshContext): Promise<StoredCredentials>;
  /**
   * When a calendar of this provider without a live watch channel is polled next (its own
   * interval and jitter; e.g. CalDAV servers that throttle eager clients). Without it, the
   * runtime's interval applies; an explicit `SyncOptions.pollIntervalMs` always wins.
   */
  nextPollAt?(input: PollScheduleInput): Date;
}

/** A connection names a provider nobody registered. */
export class UnknownProviderError extends Error {
  override readonly name = 'UnknownProviderError';
  readonly code = 'unknown_provider';
  constructor(readonly provider: string) {
    super(`no adapter is registered for provider ${provider}`);
  }
}

/**
 * Maps provider names to adapter factories and token refresh hooks. The real adapters (google,
 * microsoft, caldav) and test doubles register the same way.
 *
 * @example
 * const registry = new ProviderRegistry()
 *   .register('google', { createAdapter: ({ context }) => createGoogleAdapter(context), refresh: refreshGoogle });
 */
export class ProviderRegistry {
  private readonly entries = new Map<CalendarProvider, ProviderEntry>();

  /** Adds (or replaces) a provider; returns the registry for chaining. */
  register(provider: CalendarProvider, entry: ProviderEntry): this {
    this.entries.set(provider, entry);
    return this;
  }

  /** Whether a provider is configured (`GET /providers`). */
  has(provider: CalendarProvider): boolean {
    return this.entries.has(provider);
  }

  /** Configured providers. */
  providers(): CalendarProvider[] {
    return [...this.entries.keys()];
  }

  /** The entry of a provider; throws {@link UnknownProviderError}. */
  get(provider: CalendarProvider): ProviderEntry {
    const entry = this.entries.get(provider);
    if (!entry) throw new UnknownProviderError(provider);
    return entry;
  }
}
