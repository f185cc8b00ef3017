import { Hono } from 'hono';
import type { EmulatorContext, ProviderEmulator } from '../emulator.js';
import { UnknownSandboxAccountError } from '../emulator.js';
import { cryptoRandom } from '../shared/random.js';
import type { RandomSource } from '../shared/random.js';
import { ZoomApiError } from './errors.js';
import { ZoomRateLimiter } from './rate-limit.js';
import type { ZoomRateLimitOptions } from './rate-limit.js';
import { zoomApiRoutes, zoomLinkRoutes, zoomOAuthRoutes } from './routes.js';
import type { ZoomRuntime } from './routes.js';
import { ZoomState } from './state.js';

/** Knobs of the Zoom emulator. */
export interface ZoomEmulatorOptions {
  /** Randomness for meeting ids, passcodes and tokens. */
  random?: RandomSource;
  /** Daily and per-second limits; Zoom's figures by default. */
  rateLimits?: ZoomRateLimitOptions;
  /** When set, only these server-to-server credentials get a token; otherwise any non-empty pair does. */
  credentials?: { accountId: string; clientId: string; clientSecret: string };
}

const CONTROL_TOKEN_LIFETIME_MS = 10 * 365 * 86_400_000;

/**
 * The Zoom Meetings API emulator, mounted at `/sandbox/zoom`: `/oauth/token` (server-to-server)
 * and `/v2/...` meetings.
 *
 * @example
 * const zoom = createZoomEmulator({ providerBaseUrl: () => 'http://127.0.0.1:8787/sandbox/zoom', now: () => new Date(), fetch });
 */
export function createZoomEmulator(
  ctx: EmulatorContext,
  options: ZoomEmulatorOptions = {},
): ProviderEmulator {
  const random = options.random ?? cryptoRandom;
  const state = new ZoomState(random);
  const limiter = new ZoomRateLimiter(options.rateLimits ?? {});
  const rt: ZoomRuntime = {
    ctx,
    state,
    limiter,
    random,
    nowMs: () => ctx.now().getTime(),
    credentials: options.credentials,
  };
  const app = new Hono();
  app.route('/oauth', zoomOAuthRoutes(rt));
  app.route('/v2', zoomApiRoutes(rt));
  app.route('/', zoomLinkRoutes(rt));
  app.onError((error, c) => {
    const failure =
      error instanceof ZoomApiError
        ? error
        : new ZoomApiError(500, 500, error instanceof Error ? error.message : 'Internal error');
    for (const [name, value] of Object.entries(failure.headers)) c.header(name, value);
    return c.json(failure.toBody(), failure.status as 400);
  });
  app.notFound((c) => c.json({ code: 404, message: 'Not Found' }, 404));

  return {
    provider: 'zoom',
    app,
    createAccount(email) {
      const user = state.ensureUser(email.toLowerCase());
      const token = state.issueToken({
        kind: 'user',
        email: user.email,
        expiresAtMs: rt.nowMs() + CONTROL_TOKEN_LIFETIME_MS,
      });
      return { email: user.email, access_token: token, calendars: [] };
    },
    expire(email, what) {
      const user = state.users.get(email.toLowerCase());
      if (user === undefined) throw new UnknownSandboxAccountError('zoom', email);
      // Server-to-server OAuth has no refresh tokens and Zoom no sync cursors: only access tokens expire.
      if (what !== 'access_token') return;
      const nowMs = rt.nowMs();
      for (const grant of state.tokens.values()) {
        if (grant.kind === 'account' || grant.email === user.email) grant.expiresAtMs = nowMs;
      }
    },
    reset() {
      state.reset();
      limiter.reset();
    },
    close() {},
  };
}
