import { Hono } from 'hono';
import type {
  EmulatorContext,
  ExpiryTarget,
  ProviderEmulator,
  SandboxAccount,
} from '../emulator.js';
import { UnknownSandboxAccountError } from '../emulator.js';
import { createGraphAccount } from './accounts.js';
import { authMiddleware, userTargetMiddleware } from './auth.js';
import type { GraphDeps } from './deps.js';
import { GraphError } from './errors.js';
import { EventService } from './event-service.js';
import { graphApp, preferMiddleware } from './http.js';
import type { DeliveryRecord, LifecycleEvent } from './notifier.js';
import { Notifier } from './notifier.js';
import { batchRoutes } from './routes/batch.js';
import { calendarRoutes } from './routes/calendars.js';
import { calendarViewRoutes } from './routes/calendar-view.js';
import { controlRoutes } from './routes/control.js';
import { eventRoutes } from './routes/events.js';
import { meRoutes } from './routes/me.js';
import { oauthRoutes } from './routes/oauth.js';
import { onlineMeetingRoutes } from './routes/online-meetings.js';
import { scheduleRoutes } from './routes/schedule.js';
import { subscriptionRoutes } from './routes/subscriptions.js';
import type { MicrosoftEmulatorSettings } from './settings.js';
import { defaultMicrosoftSettings } from './settings.js';
import { MicrosoftState } from './state.js';
import { createThrottle } from './throttle.js';

export type { MicrosoftEmulatorSettings } from './settings.js';
export type { DeliveryRecord, LifecycleEvent } from './notifier.js';

/** The Microsoft Graph + identity platform emulator, with its test hooks. */
export interface MicrosoftEmulator extends ProviderEmulator {
  readonly provider: 'microsoft';
  /** Behaviour switches (throttling limits, subscription lifetime, delta quirks…); mutable at runtime. */
  readonly settings: MicrosoftEmulatorSettings;
  /** Every notification POST attempted, oldest first. */
  readonly deliveries: readonly DeliveryRecord[];
  /** Sends a lifecycle event for a subscription, as Graph does on its own schedule. */
  sendLifecycleEvent(subscriptionId: string, lifecycleEvent: LifecycleEvent): void;
}

/**
 * Creates the Microsoft emulator. Mount `app` under `/sandbox/microsoft`; routes are relative:
 * `/{tenant}/oauth2/v2.0/{authorize,token}` and `/v1.0/...`.
 *
 * @example
 * const microsoft = createMicrosoftEmulator({ providerBaseUrl: () => base + '/sandbox/microsoft', now: () => new Date(), fetch });
 * root.route('/sandbox/microsoft', microsoft.app);
 */
export function createMicrosoftEmulator(
  ctx: EmulatorContext,
  overrides: Partial<MicrosoftEmulatorSettings> = {},
): MicrosoftEmulator {
  const state = new MicrosoftState();
  const settings = { ...defaultMicrosoftSettings(), ...overrides };
  const notifier = new Notifier(ctx, settings, state);
  const events = new EventService(
    state,
    () => ctx.now().getTime(),
    (change) => notifier.onEventChange(change),
  );
  const deps: GraphDeps = { ctx, state, settings, events, notifier };
  const throttle = createThrottle(deps);

  const graph = graphApp(deps);
  graph.use('/v1.0/*', authMiddleware(deps));
  graph.use('/v1.0/users/:user', userTargetMiddleware(deps));
  graph.use('/v1.0/users/:user/*', userTargetMiddleware(deps));
  graph.use('/v1.0/*', throttle.middleware);
  graph.use('/v1.0/*', preferMiddleware);
  for (const scope of ['/v1.0/me', '/v1.0/users/:user']) {
    graph.route(scope, meRoutes(deps));
    graph.route(scope, calendarRoutes(deps));
    graph.route(scope, eventRoutes(deps));
    graph.route(scope, calendarViewRoutes(deps));
    graph.route(scope, scheduleRoutes(deps));
    graph.route(scope, onlineMeetingRoutes(deps));
  }
  graph.route('/v1.0', subscriptionRoutes(deps));
  graph.route(
    '/v1.0',
    batchRoutes(deps, () => app),
  );
  graph.notFound(() => {
    throw new GraphError(400, 'BadRequest', 'Resource not found for the segment.');
  });

  const app = new Hono();
  app.route('/_control', controlRoutes(deps));
  app.route('/', oauthRoutes(deps));
  app.route('/', graph);

  const requireUser = (email: string) => {
    const user = state.findUser(email);
    if (!user) throw new UnknownSandboxAccountError('microsoft', email);
    return user;
  };

  return {
    provider: 'microsoft',
    app,
    settings,
    deliveries: notifier.deliveries,
    createAccount(email: string): SandboxAccount {
      return createGraphAccount(deps, email);
    },
    expire(email: string, what: ExpiryTarget): void {
      const user = requireUser(email);
      if (what === 'sync_tokens') {
        state.syncGenerations.set(user.id, (state.syncGenerations.get(user.id) ?? 0) + 1);
        return;
      }
      const tokens = what === 'access_token' ? state.accessTokens : state.refreshTokens;
      for (const record of tokens.values()) if (record.userId === user.id) record.revoked = true;
      if (what === 'access_token') {
        for (const subscription of state.subscriptions.values()) {
          if (subscription.userId === user.id)
            notifier.sendLifecycle(subscription, 'reauthorizationRequired');
        }
      }
    },
    sendLifecycleEvent(subscriptionId: string, lifecycleEvent: LifecycleEvent): void {
      const subscription = state.subscriptions.get(subscriptionId);
      if (!subscription)
        throw new GraphError(404, 'ResourceNotFound', `No subscription ${subscriptionId}.`);
      notifier.sendLifecycle(subscription, lifecycleEvent);
    },
    reset(): void {
      notifier.close();
      notifier.deliveries.length = 0;
      throttle.reset();
      state.reset();
    },
    close(): void {
      notifier.close();
    },
  };
}
