import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendChange } from '../../store/changes.js';
import { apiClient } from '../../testing/api-client.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import { createTenantFixture, type TenantFixture } from '../../testing/tenant-fixture.js';
import { createApp } from '../app.js';

interface Page {
  changes: { seq: number; type: string; user_id: string | null; data: { n: number } }[];
  next: number;
}

describe('GET /changes', () => {
  let db: TestDatabase;
  let t: TestContext;
  let acme: TenantFixture;
  let other: TenantFixture;
  let app: ReturnType<typeof createApp>;
  let u1: { userId: string; token: string };
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    app = createApp(t.ctx);
    acme = await createTenantFixture(db.sql, 'Acme', t.clock.now);
    other = await createTenantFixture(db.sql, 'Other', t.clock.now);
    u1 = await acme.user('u1');
    const u2 = await acme.user('u2');
    for (let n = 1; n <= 5; n++) {
      await appendChange(db.sql, {
        tenantId: acme.tenantId,
        userId: n % 2 ? u1.userId : u2.userId,
        type: 'appointment.created',
        data: { n },
      });
    }
    await appendChange(db.sql, {
      tenantId: other.tenantId,
      userId: null,
      type: 'sync.failed',
      data: { n: 99 },
    });
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('pages through the whole tenant with a secret key, naming users by the host id', async () => {
    const api = apiClient(app, acme.secretKey);
    const first = await api.get<Page>('/changes?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.changes.map((c) => c.data.n)).toEqual([1, 2, 3]);
    expect(first.body.changes.map((c) => c.user_id)).toEqual(['u1', 'u2', 'u1']);
    expect(first.body.next).toBe(first.body.changes[2]!.seq);
    const second = await api.get<Page>(`/changes?after=${first.body.next}&limit=3`);
    expect(second.body.changes.map((c) => c.data.n)).toEqual([4, 5]);
    const empty = await api.get<Page>(`/changes?after=${second.body.next}`);
    expect(empty.body).toEqual({ changes: [], next: second.body.next });
  });

  it("shows a session token only its user's changes", async () => {
    const res = await apiClient(app, u1.token).get<Page>('/changes');
    expect(res.body.changes.map((c) => c.data.n)).toEqual([1, 3, 5]);
  });

  it("never shows another tenant's changes", async () => {
    const res = await apiClient(app, other.secretKey).get<Page>('/changes');
    expect(res.body.changes.map((c) => c.data.n)).toEqual([99]);
  });

  it.each([
    ['a negative after', '/changes?after=-1', 'query.after'],
    ['a non-number', '/changes?after=abc', 'query.after'],
    ['a limit too big', '/changes?limit=5000', 'query.limit'],
  ])('rejects %s with 400', async (_label, path, where) => {
    const res = await apiClient(app, acme.secretKey).get<{
      error: { code: string; message: string };
    }>(path);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toContain(where);
  });

  it('needs credentials', async () => {
    expect((await app.request('/api/v1/changes')).status).toBe(401);
  });
});
