import { mintDemoSession } from '@calsync/demo';
import { Hono } from 'hono';

/** The demo's one visitor: the booking page's signed-in user. */
export const DEMO_USER_ID = 'demo-visitor';

/**
 * The backend of the demo booking page, as a host product would have one: it mints a session
 * token for its signed-in user with the SDK and the dev tenant's secret key, and hands only the
 * token to the browser. Served with the sandbox on, where the dev tenant exists.
 */
export function demoBackend(options: { baseUrl: () => string; secretKey: string }): Hono {
  return new Hono().post('/api/session', async (c) => {
    const session = await mintDemoSession({
      baseUrl: options.baseUrl(),
      secretKey: options.secretKey,
      userId: DEMO_USER_ID,
      ttlSeconds: 3600,
    });
    c.header('cache-control', 'no-store');
    return c.json({ token: session.token, expires_at: session.expiresAt, user_id: DEMO_USER_ID });
  });
}
