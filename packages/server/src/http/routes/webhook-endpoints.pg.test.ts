import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../testing/api-client.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import { createTenantFixture, type TenantFixture } from '../../testing/tenant-fixture.js';
import { createAddressPolicy } from '../../net/address-policy.js';
import { createApp } from '../app.js';
import { DecryptionError } from '../../crypto/keyring.js';
import { secretBinding } from '../../crypto/secret-binding.js';

interface Endpoint {
  id: string;
  url: string;
  event_types: string[];
  enabled: boolean;
  secret?: string;
}
interface ErrorBody {
  error: { code: string; message: string };
}

describe('/webhook-endpoints', () => {
  let db: TestDatabase;
  let t: TestContext;
  let acme: TenantFixture;
  let other: TenantFixture;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    app = createApp(t.ctx);
    acme = await createTenantFixture(db.sql, 'Acme', t.clock.now);
    other = await createTenantFixture(db.sql, 'Other', t.clock.now);
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('creates an endpoint, shows its secret once and stores it encrypted', async () => {
    const api = apiClient(app, acme.secretKey);
    const created = await api.post<Endpoint>('/webhook-endpoints', {
      url: 'https://host.example/hooks',
      event_types: ['appointment.created', 'conflict.created'],
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(created.body).toMatchObject({
      enabled: true,
      event_types: ['appointment.created', 'conflict.created'],
    });
    const [row] = await db.sql<{ secret: string }[]>`
      select secret from webhook_endpoints where id = ${created.body.id}`;
    expect(row!.secret).toMatch(/^v2\.test\./);
    const where = secretBinding.webhookEndpointSecret(acme.tenantId, created.body.id);
    expect(t.ctx.keyring.decrypt(row!.secret, where)).toBe(created.body.secret);
    // Bound to its row: the same envelope read as another tenant's endpoint does not open.
    const elsewhere = secretBinding.webhookEndpointSecret(other.tenantId, created.body.id);
    expect(() => t.ctx.keyring.decrypt(row!.secret, elsewhere)).toThrow(DecryptionError);
    const shown = await api.get<Endpoint>(`/webhook-endpoints/${created.body.id}`);
    expect(shown.body.secret).toBeUndefined();
    expect(shown.body.url).toBe('https://host.example/hooks');
  });

  it('lists in pages and deletes, and audits both', async () => {
    const api = apiClient(app, acme.secretKey);
    for (const n of [1, 2]) {
      t.clock.advance(1000);
      await api.post('/webhook-endpoints', { url: `https://host.example/${n}` });
    }
    const first = await api.get<{ data: Endpoint[]; next_cursor: string | null }>(
      '/webhook-endpoints?limit=2',
    );
    expect(first.body.data).toHaveLength(2);
    expect(first.body.next_cursor).not.toBeNull();
    const rest = await api.get<{ data: Endpoint[]; next_cursor: string | null }>(
      `/webhook-endpoints?limit=2&cursor=${first.body.next_cursor}`,
    );
    expect(rest.body.data.map((e) => e.url)).toEqual(['https://host.example/2']);
    expect(rest.body.next_cursor).toBeNull();
    const id = rest.body.data[0]!.id;
    expect((await api.delete(`/webhook-endpoints/${id}`)).body).toEqual({ id, deleted: true });
    expect((await api.get(`/webhook-endpoints/${id}`)).status).toBe(404);
    expect((await api.delete(`/webhook-endpoints/${id}`)).status).toBe(404);
    const audit = await api.get<{ data: { action: string; target_id: string }[] }>('/audit');
    expect(audit.body.data[0]).toMatchObject({ action: 'webhook_endpoint.deleted', target_id: id });
    expect(audit.body.data.filter((e) => e.action === 'webhook_endpoint.created')).toHaveLength(3);
  });

  it('refuses session tokens and hides endpoints from other tenants', async () => {
    const { token } = await acme.user('u1');
    const session = apiClient(app, token);
    expect((await session.get('/webhook-endpoints')).status).toBe(403);
    expect((await session.post('/webhook-endpoints', { url: 'https://x.example' })).status).toBe(
      403,
    );
    expect((await session.get('/audit')).status).toBe(403);
    const mine = await apiClient(app, acme.secretKey).post<Endpoint>('/webhook-endpoints', {
      url: 'https://host.example/mine',
    });
    const theirs = apiClient(app, other.secretKey);
    expect((await theirs.get(`/webhook-endpoints/${mine.body.id}`)).status).toBe(404);
    expect((await theirs.delete(`/webhook-endpoints/${mine.body.id}`)).status).toBe(404);
    expect((await theirs.get(`/webhook-endpoints/${mine.body.id}/deliveries`)).status).toBe(404);
    expect((await theirs.get<{ data: unknown[] }>('/webhook-endpoints')).body.data).toEqual([]);
  });

  it.each([
    ['a non-HTTP URL', { url: 'ftp://host.example' }, 'body.url'],
    [
      'an unknown event type',
      { url: 'https://h.example', event_types: ['nope'] },
      'body.event_types',
    ],
    ['unknown fields', { url: 'https://h.example', secret: 'mine' }, 'unknown field: secret'],
  ])('rejects %s with 400', async (_label, body, message) => {
    const res = await apiClient(app, acme.secretKey).post<ErrorBody>('/webhook-endpoints', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain(message);
  });

  it.each([
    'http://127.0.0.1:5432/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://0x7f.1/',
    'http://127.1/',
    'http://0.0.0.0/',
    'http://localhost:8080/hooks',
    'https://api.localhost/hooks',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://10.0.0.5/',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
    'http://[fd00::1]/',
    'http://[64:ff9b::a00:1]/',
    'http://224.0.0.1/',
  ])('refuses the non-public webhook URL %s with 422 and stores nothing', async (url) => {
    const api = apiClient(app, acme.secretKey);
    const before = await db.sql`select id from webhook_endpoints`;
    const res = await api.post<ErrorBody>('/webhook-endpoints', { url });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('webhook_url_not_allowed');
    expect(await db.sql`select id from webhook_endpoints`).toHaveLength(before.length);
  });

  it('accepts a private webhook URL on a network the operator allowed', async () => {
    const allowing = createApp(t.ctx, { addressPolicy: createAddressPolicy(['10.0.0.0/8']) });
    const api = apiClient(allowing, acme.secretKey);
    expect((await api.post('/webhook-endpoints', { url: 'http://10.1.2.3/hooks' })).status).toBe(
      201,
    );
    expect((await api.post('/webhook-endpoints', { url: 'http://192.168.1.1/' })).status).toBe(422);
  });

  it('refuses a host name that resolves only to non-public addresses when it is created', async () => {
    const names: Record<string, readonly string[]> = {
      'intranet.example': ['10.0.0.5', 'fd00::5'],
      'metadata.example': ['169.254.169.254'],
      'mixed.example': ['10.0.0.5', '93.184.216.34'],
      'public.example': ['93.184.216.34'],
    };
    const resolving = createApp(t.ctx, {
      resolveHost: async (name) => {
        const found = names[name];
        if (!found) throw new Error(`ENOTFOUND ${name}`);
        return found;
      },
    });
    const api = apiClient(resolving, acme.secretKey);
    const status = async (url: string) =>
      (await api.post<ErrorBody>('/webhook-endpoints', { url })).status;
    expect(await status('https://intranet.example/hooks')).toBe(422);
    expect(await status('https://metadata.example/latest')).toBe(422);
    // A name with a public address is reachable; deliveries connect only to the allowed ones.
    expect(await status('https://mixed.example/hooks')).toBe(201);
    expect(await status('https://public.example/hooks')).toBe(201);
    // A name that does not resolve yet is checked at each delivery instead.
    expect(await status('https://not-yet.example/hooks')).toBe(201);
  });

  it('documents the 422 in the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, { post?: { responses: Record<string, unknown> } }>;
    };
    expect(Object.keys(doc.paths['/webhook-endpoints']!.post!.responses)).toContain('422');
  });

  it('rejects a malformed id or cursor with 400', async () => {
    const api = apiClient(app, acme.secretKey);
    expect((await api.get('/webhook-endpoints/not-a-uuid')).status).toBe(400);
    expect((await api.get('/webhook-endpoints?cursor=garbage')).status).toBe(400);
    expect((await api.get('/audit?cursor=WyJ4Il0')).status).toBe(400);
  });

  it('lists every route in the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/changes',
        '/stream',
        '/webhook-endpoints',
        '/webhook-endpoints/{id}',
        '/webhook-endpoints/{id}/deliveries',
        '/audit',
        '/users/{user_id}/export',
        '/users/{user_id}',
      ]),
    );
  });
});
