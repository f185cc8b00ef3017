import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { startJobQueue } from './boss.js';
import { HOUSEKEEPING_QUEUE, purgeExpiredSecrets, registerHousekeeping } from './housekeeping.js';

describe('housekeeping job', () => {
  let db: TestDatabase;
  let boss: PgBoss;
  beforeAll(async () => {
    db = await createTestDatabase();
    boss = await startJobQueue({ databaseUrl: db.url, role: 'all' });
  });
  afterAll(async () => {
    await boss.stop({ graceful: false, close: true });
    await db.drop();
  });

  async function seed(): Promise<void> {
    const [t] = await db.sql`insert into tenants (name) values ('t') returning id`;
    const [u] = await db.sql`
      insert into users (tenant_id, external_id) values (${t!.id}, ${'u' + Math.random()}) returning id`;
    const insertToken = (hash: string, created: string, expires: string) => db.sql`
      insert into session_tokens (tenant_id, user_id, token_hash, created_at, expires_at)
      values (${t!.id}, ${u!.id}, ${Buffer.from(hash)}, ${created}, ${expires})`;
    await insertToken('old' + Math.random(), '2026-01-01T00:00Z', '2026-01-01T01:00Z');
    await insertToken('live' + Math.random(), '2026-01-05T00:00Z', '2026-01-05T01:00Z');
  }

  it('deletes only secrets that expired more than a day before now', async () => {
    await seed();
    const result = await purgeExpiredSecrets(db.sql, new Date('2026-01-05T00:30Z'));
    expect(result.sessionTokens).toBe(1);
    const [left] = await db.sql`select count(*)::int as n from session_tokens`;
    expect(left?.n).toBe(1);
  });

  it('runs through pg-boss on a worker process', async () => {
    await seed();
    await registerHousekeeping(boss, db.sql, {
      runsWorkers: true,
      now: () => new Date('2026-01-10T00:00Z'),
    });
    const jobId = await boss.send(HOUSEKEEPING_QUEUE, {});
    expect(jobId).toBeTruthy();
    await expect
      .poll(async () => (await boss.getJobById(HOUSEKEEPING_QUEUE, jobId!))?.state, {
        timeout: 20_000,
        interval: 100,
      })
      .toBe('completed');
    const [left] = await db.sql`select count(*)::int as n from session_tokens`;
    expect(left?.n).toBe(0);
  });
});
