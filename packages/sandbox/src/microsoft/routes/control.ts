import { Hono } from 'hono';
import type { GraphDeps } from '../deps.js';
import type { LifecycleEvent } from '../notifier.js';

const LIFECYCLE_EVENTS: LifecycleEvent[] = [
  'reauthorizationRequired',
  'subscriptionRemoved',
  'missed',
];

/** Test hooks below the provider prefix, unauthenticated like the rest of the control API. */
export function controlRoutes(deps: GraphDeps) {
  const app = new Hono();
  app.post('/subscriptions/:id/lifecycle', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { lifecycleEvent?: string };
    const lifecycleEvent = body.lifecycleEvent as LifecycleEvent;
    if (!LIFECYCLE_EVENTS.includes(lifecycleEvent)) {
      return c.json(
        {
          error: {
            code: 'invalid_request',
            message: `lifecycleEvent must be one of ${LIFECYCLE_EVENTS.join(', ')}`,
          },
        },
        400,
      );
    }
    const subscription = deps.state.subscriptions.get(c.req.param('id'));
    if (!subscription)
      return c.json({ error: { code: 'not_found', message: 'no such subscription' } }, 404);
    deps.notifier.sendLifecycle(subscription, lifecycleEvent);
    return c.body(null, 202);
  });
  app.get('/deliveries', (c) => c.json({ deliveries: deps.notifier.deliveries }));
  return app;
}
