import { canRead } from '../access.js';
import type { GraphDeps } from '../deps.js';
import { GraphError } from '../errors.js';
import { graphApp, readJSONObject } from '../http.js';
import type { StoredUser } from '../model.js';
import type { StoredSubscription } from '../state.js';
import { formatUTCTimestamp } from '../time.js';

/** The application id reported on subscriptions (the sandbox has one registered app). */
const SANDBOX_APPLICATION_ID = '24f3b4a6-1f6e-4c1e-9f0a-5a7c1c2d3e4f';
const CHANGE_TYPES = ['created', 'updated', 'deleted'] as const;
const RESOURCE_PATTERN =
  /^\/?(?:me|users\/([^/]+))\/(?:(?:calendars\/([^/]+)|calendar)\/)?events$/i;

function invalid(message: string): GraphError {
  return new GraphError(400, 'InvalidRequest', message);
}

function render(deps: GraphDeps, subscription: StoredSubscription): Record<string, unknown> {
  return {
    '@odata.context': `${deps.ctx.providerBaseUrl()}/v1.0/$metadata#subscriptions/$entity`,
    id: subscription.id,
    resource: subscription.resource,
    applicationId: subscription.applicationId,
    changeType: [...subscription.changeTypes].join(','),
    clientState: subscription.clientState,
    notificationUrl: subscription.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: subscription.lifecycleNotificationUrl,
    expirationDateTime: formatUTCTimestamp(subscription.expirationMs),
    creatorId: subscription.userId,
    includeResourceData: subscription.includeResourceData,
    latestSupportedTlsVersion: subscription.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}

function parseExpiration(deps: GraphDeps, value: unknown): number {
  const expirationMs = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(expirationMs))
    throw invalid('expirationDateTime is required and must be a date-time.');
  const nowMs = deps.ctx.now().getTime();
  const maxMinutes = deps.settings.subscriptionMaxMinutes;
  if (expirationMs <= nowMs) throw invalid('Subscription expiration must be in the future.');
  if (expirationMs > nowMs + maxMinutes * 60_000) {
    throw invalid(`Subscription expiration can only be ${maxMinutes} minutes in the future.`);
  }
  return expirationMs;
}

function parseURL(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(`${field} is required.`);
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    return value;
  } catch {
    throw invalid(`${field} must be an absolute https URL.`);
  }
}

/** Resolves `resource` to the mailbox and calendar it covers. */
function parseResource(
  deps: GraphDeps,
  caller: StoredUser,
  resource: unknown,
): { userId: string; calendarId: string | null } {
  const match = typeof resource === 'string' ? RESOURCE_PATTERN.exec(resource) : null;
  if (!match)
    throw invalid(
      `Resource '${String(resource)}' is not supported; use me/events or users/{id}/events.`,
    );
  const [, userKey, calendarId] = match;
  const user = userKey ? deps.state.findUser(decodeURIComponent(userKey)) : caller;
  if (!user) throw new GraphError(404, 'ResourceNotFound', `User not found: '${userKey}'.`);
  const calendar =
    calendarId === undefined
      ? deps.state.defaultCalendar(user.id)
      : deps.state.calendars.get(calendarId);
  if (!calendar || !canRead(caller, calendar)) {
    throw new GraphError(
      403,
      'ExtensionError',
      'Operation: Create; Exception: [Status Code: Forbidden; Reason: Access is denied.]',
    );
  }
  return { userId: user.id, calendarId: calendarId ?? null };
}

/** Change notification subscriptions: create (with validation handshake), list, renew, delete, reauthorize. */
export function subscriptionRoutes(deps: GraphDeps) {
  const app = graphApp(deps);
  const live = (id: string, caller: StoredUser): StoredSubscription => {
    const subscription = deps.state.subscriptions.get(id);
    if (
      !subscription ||
      subscription.userId !== caller.id ||
      subscription.expirationMs <= deps.ctx.now().getTime()
    ) {
      throw new GraphError(
        404,
        'ResourceNotFound',
        `The object was not found. Subscription id: ${id}.`,
      );
    }
    return subscription;
  };

  app.post('/subscriptions', async (c) => {
    const caller = c.get('caller');
    const body = await readJSONObject(c);
    const changeTypes = String(body.changeType ?? '')
      .split(',')
      .map((type) => type.trim());
    if (
      changeTypes.length === 0 ||
      changeTypes.some((type) => !(CHANGE_TYPES as readonly string[]).includes(type))
    ) {
      throw invalid(
        "changeType must be a comma-separated list of 'created', 'updated' and 'deleted'.",
      );
    }
    const notificationUrl = parseURL(body.notificationUrl, 'notificationUrl');
    const lifecycleNotificationUrl =
      body.lifecycleNotificationUrl === undefined || body.lifecycleNotificationUrl === null
        ? null
        : parseURL(body.lifecycleNotificationUrl, 'lifecycleNotificationUrl');
    const expirationMs = parseExpiration(deps, body.expirationDateTime);
    const { userId, calendarId } = parseResource(deps, caller, body.resource);
    const clientState = typeof body.clientState === 'string' ? body.clientState : null;
    if (clientState !== null && clientState.length > 128)
      throw invalid('clientState can be at most 128 characters.');
    if (body.includeResourceData === true && !body.encryptionCertificate) {
      throw invalid('encryptionCertificate is required when includeResourceData is true.');
    }
    const nowMs = deps.ctx.now().getTime();
    const active = [...deps.state.subscriptions.values()].filter(
      (s) => s.userId === userId && s.expirationMs > nowMs,
    );
    if (active.length >= deps.settings.maxSubscriptionsPerMailbox) {
      throw new GraphError(
        403,
        'ExtensionError',
        'Operation: Create; Exception: [Status Code: Forbidden; Reason: The number of subscriptions has exceeded the limit for this mailbox.]',
      );
    }
    await deps.notifier.validate(notificationUrl);
    if (lifecycleNotificationUrl) await deps.notifier.validate(lifecycleNotificationUrl);
    const subscription: StoredSubscription = {
      id: crypto.randomUUID(),
      userId,
      applicationId: SANDBOX_APPLICATION_ID,
      resource: String(body.resource),
      calendarId,
      changeTypes: new Set(changeTypes as (typeof CHANGE_TYPES)[number][]),
      notificationUrl,
      lifecycleNotificationUrl,
      clientState,
      expirationMs,
      includeResourceData: body.includeResourceData === true,
      latestSupportedTlsVersion:
        typeof body.latestSupportedTlsVersion === 'string'
          ? body.latestSupportedTlsVersion
          : 'v1_2',
    };
    deps.state.subscriptions.set(subscription.id, subscription);
    return c.json(render(deps, subscription), 201);
  });

  app.get('/subscriptions', (c) => {
    const caller = c.get('caller');
    const nowMs = deps.ctx.now().getTime();
    const value = [...deps.state.subscriptions.values()]
      .filter((s) => s.userId === caller.id && s.expirationMs > nowMs)
      .map((s) => render(deps, s));
    return c.json({ value });
  });

  app.get('/subscriptions/:id', (c) =>
    c.json(render(deps, live(c.req.param('id'), c.get('caller')))),
  );

  app.patch('/subscriptions/:id', async (c) => {
    const subscription = live(c.req.param('id'), c.get('caller'));
    const body = await readJSONObject(c);
    if (body.lifecycleNotificationUrl !== undefined) {
      throw invalid('lifecycleNotificationUrl can only be set when the subscription is created.');
    }
    subscription.expirationMs = parseExpiration(deps, body.expirationDateTime);
    return c.json(render(deps, subscription));
  });

  app.delete('/subscriptions/:id', (c) => {
    const subscription = live(c.req.param('id'), c.get('caller'));
    deps.state.subscriptions.delete(subscription.id);
    return c.body(null, 204);
  });

  app.post('/subscriptions/:id/reauthorize', (c) => {
    live(c.req.param('id'), c.get('caller'));
    return c.body(null, 200);
  });
  return app;
}
