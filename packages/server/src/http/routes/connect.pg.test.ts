import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '@calsync/core';
import type { OAuthConnector } from '../../connect/connectors.js';
import { createApiKey } from '../../store/api-keys.js';
import { createSyncFixture, eventContent, type SyncFixture } from '../../sync/test-fixture.js';
import { apiClient, type ApiClient } from '../../testing/api-client.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import { createApp } from '../app.js';
import type { IntegrationOutput } from '../schemas/integration.js';

/** An OAuth provider that really checks PKCE: the code is only good with the matching verifier. */
function pkceCheckingConnector(): OAuthConnector & { challenges: Map<string, string> } {
  const challenges = new Map<string, string>();
  return {
    provider: 'google',
    challenges,
    authorizationUrl: ({ state, codeChallenge, redirectUri }) => {
      challenges.set(state, codeChallenge);
      return `https://accounts.example/auth?state=${state}&code_challenge=${codeChallenge}&redirect_uri=${encodeURIComponent(redirectUri)}`;
    },
    exchangeCode: async ({ code, codeVerifier }) => {
      const challenge = createHash('sha256').update(codeVerifier).digest('base64url');
      if (code !== `code:${challenge}`) throw new AuthError('invalid_grant', { permanent: true });
      return {
        accountEmail: 'new-account@example.com',
        credentials: {
          accessToken: 'at',
          refreshToken: 'rt',
          accessTokenExpiresAt: '2026-06-01T10:00:00.000Z',
        },
      };
    },
  };
}

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
    t = await createTestContext(db);
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

  const authorize = async () => {
    const res = await user.post<{ authorization_url: string; state: string }>(
      '/calendar-integrations/google/authorize',
      {
        privacy_level: 'minimal',
      },
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

  it('completes the OAuth flow in the callback page, once per state', async () => {
    const { authorization_url, state } = await authorize();
    expect(authorization_url).toContain(`state=${state}`);
    expect(authorization_url).toContain(
      encodeURIComponent('http://127.0.0.1:8787/api/v1/calendar-integrations/google/callback'),
    );
    const code = `code:${connector.challenges.get(state)}`;
    const res = await app.request(
      `/api/v1/calendar-integrations/google/callback?code=${encodeURIComponent(code)}&state=${state}`,
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('"type":"calsync:oauth"');
    expect(html).toContain('"status":"connected"');
    expect(html).toContain('window.opener.postMessage');
    const connections =
      await db.sql`select account_email, privacy_level, credentials from connections where account_email = 'new-account@example.com'`;
    expect(connections).toHaveLength(1);
    expect(connections[0]!.privacy_level).toBe('minimal');
    // Stored as an encryption envelope: no field name or token of the plaintext shows.
    const stored = String(connections[0]!.credentials);
    expect(stored.startsWith('v2.')).toBe(true);
    expect(stored).not.toContain('refreshToken');
    const again = await app.request(
      `/api/v1/calendar-integrations/google/callback?code=${encodeURIComponent(code)}&state=${state}`,
    );
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('"status":"error"');
  });

  it('refuses a code exchanged with the wrong verifier, and provider errors', async () => {
    const { state } = await authorize();
    const res = await app.request(
      `/api/v1/calendar-integrations/google/callback?code=forged&state=${state}`,
    );
    expect(res.status).toBe(400);
    const denied = await app.request(
      `/api/v1/calendar-integrations/google/callback?error=access_denied&state=x`,
    );
    expect(await denied.text()).toContain('access_denied');
  });

  it('connects through the JSON route too, and reconnects the same account without a duplicate', async () => {
    const first = await authorize();
    const created = await user.post<IntegrationOutput>('/calendar-integrations', {
      provider: 'google',
      authorization_code: `code:${connector.challenges.get(first.state)}`,
      state: first.state,
    });
    expect(created.status).toBe(200); // the callback test connected this account already
    expect(created.body).toMatchObject({
      provider: 'google',
      account_email: 'new-account@example.com',
    });
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
    const res = await user.post<{ sync_id: string }>(
      `/calendar-integrations/${f.connectionId}/sync`,
      { mode: 'full' },
    );
    expect(res.status).toBe(202);
    expect(res.body.sync_id).toMatch(/^[0-9a-f-]{36}$/);
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
    const pending = await user.get<{ id: string }[]>('/approvals?status=pending');
    expect(pending.body.map((a) => a.id)).toEqual([approval!.id]);
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
