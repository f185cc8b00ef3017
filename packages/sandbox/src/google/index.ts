import { Hono } from 'hono';
import type { EmulatorContext, ExpiryTarget, ProviderEmulator } from '../emulator.js';
import { UnknownSandboxAccountError } from '../emulator.js';
import { cryptoRandom } from '../shared/random.js';
import type { RandomSource } from '../shared/random.js';
import { GoogleApiError } from './errors.js';
import { settleDueConferences } from './meet.js';
import { GoogleRateLimiter } from './rate-limit.js';
import { accountOf } from './request.js';
import { calendarRoutes } from './routes-calendars.js';
import { channelRoutes, eventRoutes } from './routes-events.js';
import { oauthRoutes } from './routes-oauth.js';
import type {
  GoogleRateLimitOptions,
  GoogleRuntime,
  MeetOptions,
  WatchOptions,
} from './runtime.js';
import { GoogleState } from './state.js';
import { GoogleTokens } from './tokens.js';
import { WatchChannels } from './watch.js';

/** Knobs of the Google emulator. Defaults follow Google where it is documented. */
export interface GoogleEmulatorOptions {
  /** Randomness for ids, tokens and Meet codes. */
  random?: RandomSource;
  /** Meet creation: pending time and forced failure. */
  meet?: MeetOptions;
  /** Quotas; off unless given (Google's figures are 600/user/min and 10,000/project/min). */
  rateLimits?: GoogleRateLimitOptions;
  /** Watch channel lifetime, retries and drop rate. */
  watch?: WatchOptions;
  /** How long cancelled events stay listed; default 30 days. */
  tombstoneRetentionMs?: number;
  /** How far past now open-ended series are expanded; default 730 days. */
  expansionHorizonDays?: number;
  /** Answer the first page of every list empty (with a page token). Default false. */
  emptyFirstPage?: boolean;
  /** List cancelled events with id and status only, as attendee copies are. Default false. */
  minimalTombstones?: boolean;
}

/** The Google emulator; `idle()` resolves when queued watch notifications have been attempted. */
export interface GoogleEmulator extends ProviderEmulator {
  idle(): Promise<void>;
}

/** The control API's tokens act as the user until expired through the control API. */
const CONTROL_TOKEN_LIFETIME_SECONDS = 10 * 365 * 24 * 3600;
const FULL_SCOPE = 'https://www.googleapis.com/auth/calendar';
const SEVEN_DAYS_SECONDS = 604_800;

/**
 * The Google Calendar v3 + Google OAuth emulator, mounted at `/sandbox/google`.
 *
 * @example
 * const google = createGoogleEmulator({ providerBaseUrl: () => 'http://127.0.0.1:8787/sandbox/google', now: () => new Date(), fetch });
 */
export function createGoogleEmulator(
  ctx: EmulatorContext,
  options: GoogleEmulatorOptions = {},
): GoogleEmulator {
  const random = options.random ?? cryptoRandom;
  const nowMs = (): number => ctx.now().getTime();
  const state = new GoogleState();
  const tokens = new GoogleTokens(random, nowMs);
  const rt: GoogleRuntime = {
    ctx,
    state,
    tokens,
    random,
    nowMs,
    options: {
      meet: { pendingMs: options.meet?.pendingMs ?? 0, fail: options.meet?.fail ?? false },
      rateLimits: options.rateLimits,
      watch: {
        maxTtlSeconds: options.watch?.maxTtlSeconds ?? SEVEN_DAYS_SECONDS,
        retryDelaysMs: options.watch?.retryDelaysMs ?? [1000, 2000, 4000],
        dropRate: options.watch?.dropRate ?? 0,
      },
      tombstoneRetentionMs: options.tombstoneRetentionMs ?? 30 * 86_400_000,
      expansionHorizonDays: options.expansionHorizonDays ?? 730,
      emptyFirstPage: options.emptyFirstPage ?? false,
      minimalTombstones: options.minimalTombstones ?? false,
    },
    calendarChanged: (calendarId) => channels.notify(calendarId),
  };
  const channels = new WatchChannels(() => rt);
  const limiter =
    options.rateLimits === undefined ? undefined : new GoogleRateLimiter(options.rateLimits);

  const calendarApi = new Hono();
  calendarApi.use('*', async (c, next) => {
    settleDueConferences(rt, state.pendingConferences);
    if (limiter !== undefined) limiter.check(accountOf(rt, c).email, nowMs());
    await next();
  });
  calendarApi.route('/', calendarRoutes(rt));
  calendarApi.route('/calendars', eventRoutes(rt, channels));
  calendarApi.route('/channels', channelRoutes(rt, channels));

  const app = new Hono();
  app.route('/oauth2', oauthRoutes(rt));
  app.route('/calendar/v3', calendarApi);
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
      channels.reset();
      limiter?.reset();
    },
    close() {
      channels.close();
    },
    idle: () => channels.idle(),
  };
}
