import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindingCookieName } from '../../connect/browser-binding.js';
import { hashToken } from '../../crypto/secrets.js';
import { createSyncFixture } from '../../sync/test-fixture.js';
import { apiClient, type ApiClient } from '../../testing/api-client.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import { oauthBrowser, type OAuthBrowser } from '../../testing/oauth-browser.js';
import { pkceCheckingConnector } from '../../testing/oauth-connector.js';
import { createTenantFixture } from '../../testing/tenant-fixture.js';
import { createApp } from '../app.js';
import { CALLBACK_ERROR_MESSAGES } from './connect-callback.js';

const HOST_REDIRECT = 'https://host.example/calendar-callback';
const CALLBACK = '/api/v1/calendar-integrations/google/callback';

describe('OAuth connect under attack', () => {
  let db: TestDatabase;
  let t: TestContext;
  let connector: ReturnType<typeof pkceCheckingConnector>;
  let app: ReturnType<typeof createApp>;
  let ana: ApiClient;
  let bob: ApiClient;
  let otherTenant: ApiClient;
  let anaToken: string;
  let f: Awaited<ReturnType<typeof createSyncFixture>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db, { oauthRedirectUris: [HOST_REDIRECT] });
    f = await createSyncFixture(t);
    connector = pkceCheckingConnector();
    app = createApp(t.ctx, { sync: f.rt, connectors: { google: connector } });
    const acme = await createTenantFixture(db.sql, 'Acme', t.clock.now);
    anaToken = (await acme.user('ana')).token;
    ana = apiClient(app, anaToken);
    bob = apiClient(app, (await acme.user('bob')).token);
    otherTenant = apiClient(
      app,
      (await createTenantFixture(db.sql, 'Globex', t.clock.now)).secretKey,
    );
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  const authorize = async (client: ApiClient, body: Record<string, unknown> = {}) => {
    const res = await client.post<{ authorization_url: string; state: string }>(
      '/calendar-integrations/google/authorize',
      body,
    );
    expect(res.status).toBe(200);
    return res.body;
  };
  const connectionsOf = async (email: string) =>
    (await db.sql`select count(*)::int as n from connections where account_email = ${email}`)[0]!
      .n as number;
  const stateRow = async (state: string) =>
    (
      await db.sql`select used_at, started_at from oauth_states where state_hash = ${hashToken(state)}`
    )[0];
  const callbackOf = (state: string, extra = '') =>
    `${CALLBACK}?code=${encodeURIComponent(connector.codeFor(state))}&state=${state}${extra}`;
  /** The attacker's side: authorize as `client`, open the start URL in its own browser. */
  const startedBy = async (client: ApiClient) => {
    const { authorization_url, state } = await authorize(client);
    const browser = oauthBrowser(app);
    const start = await browser.open(authorization_url);
    expect(start.status).toBe(302);
    return { state, browser, authorizationUrl: authorization_url };
  };
  const scriptOf = (html: string) => /<script>([\s\S]*)<\/script>/.exec(html)![1]!;

  it("a second browser completing the flow without the first one's cookie attaches nothing", async () => {
    connector.account.email = 'victim@example.com';
    const { state, browser: attacker } = await startedBy(ana);
    // Ana sends the provider's URL to a victim, who consents: the code lands in the victim's
    // browser, which never opened Ana's start URL.
    const victim: OAuthBrowser = oauthBrowser(app);
    const res = await victim.open(callbackOf(state));
    expect(res.status).toBe(403);
    expect(res.text).toContain(CALLBACK_ERROR_MESSAGES.browser_mismatch);
    expect(res.text).toContain('"error":"browser_mismatch"');
    // A guessed cookie of the right name is no better.
    victim.cookies.set(bindingCookieName(state), {
      value: randomBytes(32).toString('base64url'),
      path: CALLBACK,
    });
    expect((await victim.open(callbackOf(state))).status).toBe(403);
    expect(await connectionsOf('victim@example.com')).toBe(0);
    // Refused before the state was taken: the browser that started it can still finish.
    expect((await stateRow(state))!.used_at).toBeNull();
    connector.account.email = 'ana@example.com';
    const own = await attacker.open(callbackOf(state));
    expect(own.status).toBe(200);
    expect(own.text).toContain('"status":"connected"');
    expect(await connectionsOf('ana@example.com')).toBe(1);
  });

  it('a second browser opening the same start URL gets no binding', async () => {
    const { state, authorizationUrl } = await startedBy(ana);
    const second = oauthBrowser(app);
    const replay = await second.open(authorizationUrl);
    expect(replay.status).toBe(400);
    expect(replay.headers.getSetCookie()).toEqual([]);
    expect(replay.text).toContain('"error":"invalid_ticket"');
    expect(replay.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    connector.account.email = 'second@example.com';
    expect((await second.open(callbackOf(state))).status).toBe(403);
    expect(await connectionsOf('second@example.com')).toBe(0);
  });

  it('a start ticket lasts a minute and a state ten; a malformed ticket is refused', async () => {
    const late = await authorize(ana);
    t.clock.advance(61_000);
    const browser = oauthBrowser(app);
    expect((await browser.open(late.authorization_url)).status).toBe(400);
    expect((await stateRow(late.state))!.started_at).toBeNull();
    expect(
      (await browser.open('/api/v1/calendar-integrations/google/start?ticket=%3Cscript%3E')).status,
    ).toBe(400);

    connector.account.email = 'slow@example.com';
    const { state, browser: slow } = await startedBy(ana);
    t.clock.advance(10 * 60_000 + 1_000);
    const res = await slow.open(callbackOf(state));
    expect(res.status).toBe(400);
    expect(res.text).toContain('"error":"invalid_state"');
    expect(await connectionsOf('slow@example.com')).toBe(0);
  });

  it('a forged or reused state is refused', async () => {
    const browser = oauthBrowser(app);
    const forged = randomBytes(24).toString('base64url');
    const res = await browser.open(`${CALLBACK}?code=code:x&state=${forged}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('"error":"invalid_state"');

    connector.account.email = 'once@example.com';
    const { state, browser: owner } = await startedBy(ana);
    expect((await owner.open(callbackOf(state))).status).toBe(200);
    // The cookie was cleared; even with it back, a used state does not work twice.
    expect((await owner.open(callbackOf(state))).status).toBe(400);
    expect(await connectionsOf('once@example.com')).toBe(1);
  });

  it("a state of one user cannot be completed by another user or tenant, and stays its owner's", async () => {
    connector.account.email = 'host-flow@example.com';
    const { state } = await authorize(ana, { redirect_uri: HOST_REDIRECT });
    const body = {
      provider: 'google',
      authorization_code: connector.codeFor(state),
      state,
    };
    const asBob = await bob.post<{ error: { code: string } }>('/calendar-integrations', body);
    expect(asBob.status).toBe(400);
    expect(asBob.body.error.code).toBe('invalid_state');
    expect((await otherTenant.post('/calendar-integrations', body)).status).toBe(400);
    expect(await connectionsOf('host-flow@example.com')).toBe(0);
    expect((await stateRow(state))!.used_at).toBeNull();
    expect((await ana.post('/calendar-integrations', body)).status).toBe(201);

    // A state made for the server's callback page is completed there, in its browser, only.
    const bound = await authorize(ana);
    const viaJson = await ana.post('/calendar-integrations', {
      ...body,
      authorization_code: connector.codeFor(bound.state),
      state: bound.state,
    });
    expect(viaJson.status).toBe(400);
    expect((await stateRow(bound.state))!.used_at).toBeNull();
  });

  it('a redirect_uri or return origin smuggled into the request is refused or ignored', async () => {
    const before = (await db.sql`select count(*)::int as n from oauth_states`)[0]!.n as number;
    const refused = await ana.post<{ error: { code: string } }>(
      '/calendar-integrations/google/authorize',
      { redirect_uri: 'https://evil.example/cb' },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('redirect_uri_not_allowed');
    expect((await db.sql`select count(*)::int as n from oauth_states`)[0]!.n).toBe(before);

    const { authorization_url, state } = await authorize(ana);
    const browser = oauthBrowser(app);
    const start = await browser.open(
      `${authorization_url}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`,
    );
    expect(start.status).toBe(302);
    expect(new URL(start.headers.get('location')!).searchParams.get('redirect_uri')).toBe(
      `http://127.0.0.1:8787${CALLBACK}`,
    );
    connector.account.email = 'origin@example.com';
    const page = await browser.open(
      callbackOf(
        state,
        `&origin=${encodeURIComponent('https://evil.example')}&return_to=${encodeURIComponent('https://evil.example/x')}`,
      ),
    );
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('evil.example');
    expect(/var origins = (\[[^\]]*\]);/.exec(page.text)![1]).toBe(
      JSON.stringify(['http://127.0.0.1:8787', 'http://host.example']),
    );
  });

  it('marks the cookie Secure when the server is reached over https', async () => {
    const secureApp = createApp(
      { ...t.ctx, baseUrl: 'https://cal.example.com' },
      { sync: f.rt, connectors: { google: connector } },
    );
    const res = await apiClient(secureApp, anaToken).post<{ authorization_url: string }>(
      '/calendar-integrations/google/authorize',
    );
    expect(res.body.authorization_url.startsWith('https://cal.example.com/api/v1/')).toBe(true);
    const start = await oauthBrowser(secureApp).open(res.body.authorization_url);
    expect(start.status).toBe(302);
    const cookie = start.headers.getSetCookie()[0]!;
    expect(cookie).toContain('; Secure');
    expect(cookie).toContain('SameSite=Lax');
    expect(new URL(start.headers.get('location')!).searchParams.get('redirect_uri')).toBe(
      `https://cal.example.com${CALLBACK}`,
    );
  });

  it('the callback page shows none of a hostile query and sends its security headers', async () => {
    const browser = oauthBrowser(app);
    const hostile = encodeURIComponent('<script>alert(1)</script>');
    const description = encodeURIComponent('<img src=x onerror=alert(2)> Call 0900-SCAM now');
    for (const [query, shown] of [
      [
        `error=${hostile}&error_description=${description}&state=${hostile}`,
        CALLBACK_ERROR_MESSAGES.provider_error,
      ],
      [
        `error=access_denied&error_description=${description}&state=abcdefghijklmnopqrstuvwx`,
        CALLBACK_ERROR_MESSAGES.access_denied,
      ],
      [`code=${description}&state=${hostile}`, CALLBACK_ERROR_MESSAGES.invalid_request],
    ] as const) {
      const res = await browser.open(`${CALLBACK}?${query}`);
      expect(res.status).toBe(400);
      expect(res.text).toContain(shown);
      for (const text of ['alert', 'SCAM', '<img', 'onerror']) expect(res.text).not.toContain(text);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      const hash = createHash('sha256').update(scriptOf(res.text)).digest('base64');
      expect(csp).toContain(`script-src 'sha256-${hash}'`);
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});
