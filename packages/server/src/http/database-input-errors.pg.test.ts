import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createApp } from './app.js';

/**
 * The error boundary's safety net: a value the validation let through and Postgres refuses is
 * the caller's mistake (400 in the envelope), while any other database error stays a 500.
 * A probe route, mounted the way provider webhooks are, hands Postgres the query's value as is.
 */
describe('database errors on request input', () => {
  let db: TestDatabase;
  let t: TestContext;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    const probe = new Hono().get('/probe/:kind', async (c) => {
      const value = c.req.query('value') ?? '';
      const queries: Record<string, () => Promise<unknown>> = {
        // Cast from text: a parameter typed date would go through JavaScript's Date first.
        date: () => db.sql`select ${value}::text::date`,
        timestamptz: () => db.sql`select ${value}::text::timestamptz`,
        uuid: () => db.sql`select ${value}::uuid`,
        int: () => db.sql`select ${value}::int`,
        bytes: () => db.sql`select convert_from(decode(${value}, 'hex'), 'UTF8')`,
        missing: () => db.sql`select * from no_such_table`,
      };
      await queries[c.req.param('kind')]!();
      return c.json({ ok: true });
    });
    app = createApp(t.ctx, { publicRoutes: [probe] });
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  const probe = (kind: string, value: string) =>
    app.request(`/api/v1/probe/${kind}?value=${encodeURIComponent(value)}`);

  it.each([
    ['date', '2026-02-30', '22008'],
    ['date', '2026-13-01', '22008'],
    ['timestamptz', 'Infinityish', '22007'],
    ['timestamptz', '0000-01-01T00:00:00Z', '22008'],
    ['uuid', 'not-a-uuid', '22P02'],
    ['int', '99999999999', '22003'],
    ['bytes', 'c328', '22021'],
  ])('answers a %s Postgres refuses (%s) with 400 invalid_request', async (kind, value, code) => {
    const res = await probe(kind, value);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: 'invalid_request',
        message: expect.stringMatching(/^The request cannot be stored: /),
        details: { sqlstate: code },
      },
    });
  });

  it('keeps a 500 for a database error that is not about the input', async () => {
    const res = await probe('missing', '');
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { code: 'internal_error' } });
  });
});
