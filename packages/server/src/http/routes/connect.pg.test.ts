import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../store/api-keys.js';
import { createSyncFixture, eventContent, type SyncFixture } from '../../sync/test-fixture.js';
import { apiClient, type ApiClient } from '../../testing/api-client.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import { oauthBrowser } from '../../testing/oauth-browser.js';
import { pkceCheckingConnector } from '../../testing/oauth-connector.js';
import { createApp } from '../app.js';
import type { IntegrationOutput } from '../schemas/integration.js';

const HOST_REDIRECT = 'https://host.example/calendar-callback';

describe('connect flow and integration actions', () => {
  let db: TestDatabase;
  let t: TestContext;
  let f: SyncFixture;
  let api: ApiClient;
  let user: ApiClient;
  let connector: ReturnType<typeof pkceCheckingConnector>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db, { oauthRedirectUris: [HOST_REDIRECT] });
    f = await createSyncFixture(t);
    connector = pkceCheckingConnector();
    app = createApp(t.ctx, { sync: f.rt, connectors: { google: connector } });
    api = apiClient(app, (await createApiKey(db.sql, f.tenantId)).secret_key);
    const externalId = (await db.sql`select external_id from users where id = ${f.userId}`)[0]!
      .external_id as string;
    user = apiClient(
      app,
      (await api.post<{ token: string }>('/sessions', { user_id: externalId })).body.token,
    );
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  const authorize = async (body: Record<string, unknown> = {}) => {
    const res = await user.post<{ authorization_url: string; state: string }>(
      '/calendar-integrations/google/authorize',
      { privacy_level: 'minimal', ...body },
    );
    expect(res.status).toBe(200);
    return res.body;
  };

  it('lists configured providers', async () => {
    expect((await user.get('/providers')).body).toEqual({
      data: [{ provider: 'google', flow: 'oauth' }],
    });
    expect((await user.post('/calendar-integrations/outlook/authorize', {})).status).toBe(404);
  });

  it('documents the browser-bound authorization in the OpenAPI document', async () => {
    type Schema = { properties: Record<string, { description?: string }> };
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: { schemas: Record<string, Schema> };
    };
    const operation = doc.paths['/calendar-integrations/{provider}/authorize']!.post! as {
      responses: Record<string, { content: { 'application/json': { schema: Schema } } }>;
    };
    const body = doc.components.schemas.AuthorizeIntegration!;
    expect(body.properties.redirect_uri!.description).toContain('CALSYNC_OAUTH_REDIRECT_URIS');
    const answer = operation.responses['200']!.content['application/json'].schema;
    expect(answer.properties.authorization_url!.description).toContain('single-use ticket');
  });

  it('completes the OAuth flow in the browser that started it, once per state', async () => {
    const { authorization_url, state } = await authorize();
    // The window starts at Calsync, never at the provider with a bearer of any kind.
    expect(authorization_url).toMatch(
      /^http:\/\/127\.0\.0\.1:8787\/api\/v1\/calendar-integrations\/google\/start\?ticket=[\w-]{43}$/,
    );
    const browser = oauthBrowser(app);
    const start = await browser.open(authorization_url);
    expect(start.status).toBe(302);
    const consent = new URL(start.headers.get('location')!);
    expect(consent.origin).toBe('https://accounts.example');
    expect(consent.searchParams.get('state')).toBe(state);
    expect(consent.searchParams.get('redirect_uri')).toBe(
      'http://127.0.0.1:8787/api/v1/calendar-integrations/google/callback',
    );
    const [cookie] = start.headers.getSetCookie();
    expect(cookie).toMatch(/^calsync_oauth_[0-9a-f]{16}=[\w-]{43}; /);
    expect(cookie).toContain('Path=/api/v1/calendar-integrations/google/callback');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure'); // the base URL is http
    expect(start.headers.get('referrer-policy')).toBe('no-referrer');

    const callback = `/api/v1/calendar-integrations/google/callback?code=${encodeURIComponent(connector.codeFor(state))}&state=${state}`;
    const res = await browser.open(callback);
    expect(res.status).toBe(200);
    expect(res.text).toContain('"type":"calsync:oauth"');
    expect(res.text).toContain('"status":"connected"');
    expect(res.text).toContain('window.opener.postMessage');
    expect(browser.cookies.size).toBe(0); // the binding is cleared
    const connections =
      await db.sql`select account_email, privacy_level, credentials from connections where account_email = 'new-account@example.com'`;
    expect(connections).toHaveLength(1);
    expect(connections[0]!.privacy_level).toBe('minimal');
    // Stored as an encryption envelope: no field name or token of the plaintext shows.
    const stored = String(connections[0]!.credentials);
    expect(stored.startsWith('v2.')).toBe(true);
    expect(stored).not.toContain('refreshToken');
    const again = await browser.open(callback);
    expect(again.status).toBe(400);
    expect(again.text).toContain('"error":"invalid_state"');
  });

  it('refuses a code exchanged with the wrong verifier, and provider errors', async () => {
    const { authorization_url, state } = await authorize();
    const browser = oauthBrowser(app);
    await browser.open(authorization_url);
    const res = await browser.open(
      `/api/v1/calendar-integrations/google/callback?code=forged&state=${state}`,
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('"error":"invalid_grant"');
    const denied = await browser.open(
      `/api/v1/calendar-integrations/google/callback?error=access_denied&state=${state}`,
    );
    expect(denied.text).toContain('"error":"access_denied"');
    expect(denied.text).toContain('You declined access to your calendar.');
  });

  it('connects through the JSON route for a host redirect, and reconnects without a duplicate', async () => {
    const first = await authorize({ redirect_uri: HOST_REDIRECT });
    // A host redirect goes straight to the provider; the same user completes it.
    expect(new URL(first.authorization_url).origin).toBe('https://accounts.example');
    expect(connector.redirects.get(first.state)).toBe(HOST_REDIRECT);
    const created = await user.post<IntegrationOutput>('/calendar-integrations', {
      provider: 'google',
      authorization_code: connector.codeFor(first.state),
      state: first.state,
    });
    expect(created.status).toBe(200); // the callback test connected this account already
    expect(created.body).toMatchObject({
      provider: 'google',
      account_email: 'new-account@example.com',
    });
    expect(
      (
        await db.sql`select count(*)::int as n from connections where account_email = 'new-account@example.com'`
      )[0]!.n,
    ).toBe(1);
    expect(
      (
        await user.post('/calendar-integrations', {
          provider: 'google',
          authorization_code: 'x',
          state: 'nope',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await user.post('/calendar-integrations', {
          provider: 'icloud',
          username: 'a',
          password: 'b',
        })
      ).status,
    ).toBe(404);
  });

  it('triggers a sync and reports its status', async () => {
    f.service.createExternal('primary', eventContent('Dentist'));
    const res = await user.post<{ message: string; sync_id: string; taken_over: number }>(
      `/calendar-integrations/${f.connectionId}/sync`,
      { mode: 'full' },
    );
    expect(res.status).toBe(202);
    expect(res.body.sync_id).toMatch(/^[0-9a-f-]{36}$/);
    // No pull was stuck, so none was taken over.
    expect(res.body).toMatchObject({ message: 'Sync initiated', taken_over: 0 });
    const status = await user.get<{ sync_status: string; conflicts: number }>(
      `/calendar-integrations/${f.connectionId}/sync-status`,
    );
    expect(status.body).toMatchObject({ sync_status: 'active', conflicts: 0 });
    expect(
      (
        await user.post(`/calendar-integrations/${f.connectionId}/sync`, {
          from: '2026-06-01T00:00:00Z',
        })
      ).status,
    ).toBe(400);
  });

  it('refuses reprocessing to session tokens and of attempts that did not fail', async () => {
    const attempt = (
      await db.sql`
      insert into sync_attempts (tenant_id, connection_id, operation, status, correlation_id)
      values (${f.tenantId}, ${f.connectionId}, 'pull', 'success', gen_random_uuid()) returning id`
    )[0]!;
    expect(
      (
        await user.post(
          `/calendar-integrations/${f.connectionId}/sync-attempts/${attempt.id}/reprocess`,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await api.post(
          `/calendar-integrations/${f.connectionId}/sync-attempts/${attempt.id}/reprocess`,
        )
      ).status,
    ).toBe(409);
  });

  it('answers 409 for resolving a conflict that is not open', async () => {
    const res = await user.post(
      `/calendar-integrations/${f.connectionId}/conflicts/00000000-0000-4000-8000-000000000000/resolve`,
      {
        resolution: 'kept_internal',
      },
    );
    expect(res.status).toBe(409);
    expect(
      (
        await user.post(
          `/calendar-integrations/${f.connectionId}/conflicts/00000000-0000-4000-8000-000000000000/resolve`,
          {
            resolution: 'merged',
            merged: { colour: 'internal' },
          },
        )
      ).status,
    ).toBe(400);
  });

  it('lists and decides approvals; a decided one cannot be decided again', async () => {
    const appointment = await f.hostAppointment(eventContent('Held'));
    const [approval] = await db.sql`
      insert into approvals (tenant_id, connection_id, appointment_id, action, snapshot, expires_at)
      values (${f.tenantId}, ${f.connectionId}, ${appointment.id}, 'create', '{}', '2026-06-08T00:00:00Z')
      returning id`;
    const pending = await user.get<{ data: { id: string }[] }>('/approvals?status=pending');
    expect(pending.body.data.map((a) => a.id)).toEqual([approval!.id]);
    const decided = await user.post<{ status: string }>(`/approvals/${approval!.id}`, {
      action: 'reject',
      notes: 'not now',
    });
    expect(decided.body.status).toBe('rejected');
    expect((await user.post(`/approvals/${approval!.id}`, { action: 'approve' })).status).toBe(409);
  });

  it('disconnects: credentials gone, status disconnected, sync refused', async () => {
    const res = await user.delete<{ sync_status: string }>(
      `/calendar-integrations/${f.connectionId}`,
    );
    expect(res.body).toEqual({ id: f.connectionId, sync_status: 'disconnected' });
    const [row] =
      await db.sql`select credentials, status from connections where id = ${f.connectionId}`;
    expect(row).toEqual({ credentials: null, status: 'disconnected' });
    expect((await user.post(`/calendar-integrations/${f.connectionId}/sync`, {})).status).toBe(409);
  });
});
