import type { Hono } from 'hono';

/** The providers the sandbox emulates. */
export type SandboxProvider = 'google' | 'microsoft' | 'zoom' | 'caldav';

/** What `POST /sandbox/_control/expire` can force. */
export type ExpiryTarget = 'access_token' | 'refresh_token' | 'sync_tokens';

/** A calendar as the control API reports it. */
export interface SandboxCalendarSummary {
  id: string;
  name: string;
  primary: boolean;
}

/** The answer of `POST /sandbox/_control/accounts`. */
export interface SandboxAccount {
  email: string;
  /** Acts as the user directly on the emulated API, the way a person editing their own calendar would. */
  access_token: string;
  calendars: SandboxCalendarSummary[];
}

/** Side effects an emulator needs, injected so tests can drive them. */
export interface EmulatorContext {
  /** Absolute URL where this provider's emulator is mounted, e.g. `http://127.0.0.1:8787/sandbox/google`. */
  providerBaseUrl(): string;
  /** The clock. */
  now(): Date;
  /** Used for outbound calls (push notifications, subscription validation). */
  fetch: typeof fetch;
}

/** Raised by the control API when an account does not exist. */
export class UnknownSandboxAccountError extends Error {
  override readonly name = 'UnknownSandboxAccountError';
  readonly code = 'unknown_account';
  constructor(
    readonly provider: SandboxProvider,
    readonly email: string,
  ) {
    super(`no ${provider} sandbox account ${email}`);
  }
}

/**
 * One provider's emulator. The top-level sandbox app mounts `app` under `/sandbox/<provider>`
 * and wraps it in the shared fault-injection and latency middleware, so an emulator only
 * implements the provider's own behaviour.
 */
export interface ProviderEmulator {
  readonly provider: SandboxProvider;
  readonly app: Hono;
  /** Creates (or returns the existing) account with its default calendars. */
  createAccount(email: string): SandboxAccount;
  /** Forces expiry; throws `UnknownSandboxAccountError` for an unknown account. */
  expire(email: string, what: ExpiryTarget): void;
  /** Forgets every account, event, token, channel and subscription. */
  reset(): void;
  /** Stops timers (channel expiry, notification delivery). */
  close(): void;
  /** Optional: resolves once queued outbound deliveries (push notifications) have been attempted. */
  idle?(): Promise<void>;
}
