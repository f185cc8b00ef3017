import { Hono } from 'hono';
import type { EmulatorContext, ExpiryTarget, ProviderEmulator } from '../emulator.js';
import { UnknownSandboxAccountError } from '../emulator.js';
import { cryptoRandom } from '../shared/random.js';
import type { RandomSource } from '../shared/random.js';
import { GoogleApiError } from './errors.js';
import { GoogleState } from './state.js';
import { GoogleTokens } from './tokens.js';

/** Knobs of the Google emulator. Defaults follow Google where it is documented. */
export interface GoogleEmulatorOptions {
  /** Randomness for ids and tokens. */
  random?: RandomSource;
}

/** The control API's tokens act as the user until expired through the control API. */
const CONTROL_TOKEN_LIFETIME_SECONDS = 10 * 365 * 24 * 3600;
const FULL_SCOPE = 'https://www.googleapis.com/auth/calendar';

/**
 * The Google Calendar v3 + Google OAuth emulator, mounted at `/sandbox/google`.
 *
 * @example
 * const google = createGoogleEmulator({ providerBaseUrl: () => 'http://127.0.0.1:8787/sandbox/google', now: () => new Date(), fetch });
 */
export function createGoogleEmulator(
  ctx: EmulatorContext,
  options: GoogleEmulatorOptions = {},
): ProviderEmulator {
  const random = options.random ?? cryptoRandom;
  const nowMs = (): number => ctx.now().getTime();
  const state = new GoogleState();
  const tokens = new GoogleTokens(random, nowMs);

  const app = new Hono();
  app.onError((error, c) => {
    if (error instanceof GoogleApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(error.toBody(), error.status as 400);
    }
    const failure = new GoogleApiError(
      500,
      'backendError',
      error instanceof Error ? error.message : 'Backend Error',
    );
    return c.json(failure.toBody(), 500);
  });
  app.notFound((c) => c.json(new GoogleApiError(404, 'notFound', 'Not Found').toBody(), 404));

  const accountOrThrow = (email: string) => {
    const account = state.accounts.get(email.toLowerCase());
    if (account === undefined) throw new UnknownSandboxAccountError('google', email);
    return account;
  };

  return {
    provider: 'google',
    app,
    createAccount(email) {
      const account = state.ensureAccount(email.toLowerCase());
      const token = tokens.issueAccessToken(
        account.email,
        FULL_SCOPE,
        CONTROL_TOKEN_LIFETIME_SECONDS,
      );
      return state.describe(account, token);
    },
    expire(email, what: ExpiryTarget) {
      const account = accountOrThrow(email);
      if (what === 'access_token') tokens.expireAccessTokens(account.email);
      else if (what === 'refresh_token') tokens.expireRefreshTokens(account.email);
      else account.syncEpoch += 1;
    },
    reset() {
      state.reset();
      tokens.reset();
    },
    close() {},
  };
}
