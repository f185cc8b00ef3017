import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../crypto/keyring.js';
import { runPullJob } from '../jobs/pull.js';
import { createSyncRuntime } from '../sync/runtime.js';
import { syncStatus } from '../sync/sync-status.js';
import { createSyncFixture } from '../sync/test-fixture.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';

/**
 * A worker started with other keys than the process that stored a connection's credentials cannot
 * decrypt them. That is the operator's problem, not the user's: the connection shows `error` with
 * `encryption_key_unavailable` in sync-status, the job stops without retrying, and a process that
 * holds the key clears it at its next sync.
 */
describe('credentials under a key this process lacks', () => {
  let db: TestDatabase;
  let t: TestContext;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('marks the connection error / encryption_key_unavailable until a process with the key syncs', async () => {
    const f = await createSyncFixture(t);
    const callsBefore = new Map(f.service.calls);
    const otherKeys = Keyring.parse(`other:${randomBytes(32).toString('base64')}`);
    const lacking = createSyncRuntime({ ...t.ctx, keyring: otherKeys }, f.registry, t.boss, {
      backoff: { baseDelayMs: 1000, maxDelayMs: 2000 },
    });
    const job = { calendarId: f.calendar.id, connectionId: f.connectionId };
    expect(await runPullJob(lacking, job)).toBe('skipped');
    expect(f.service.calls).toEqual(callsBefore);
    expect(await syncStatus(t.ctx, f.connectionId)).toMatchObject({
      sync_status: 'error',
      status_reason: 'encryption_key_unavailable',
    });
    const [change] = await db.sql<{ data: { sync_status: string; status_reason: string } }[]>`
      select data from changes
      where tenant_id = ${f.tenantId} and type = 'integration.updated' order by seq desc limit 1`;
    expect(change?.data).toMatchObject({
      sync_status: 'error',
      status_reason: 'encryption_key_unavailable',
    });
    // Not for the user to fix: it is not a reconnect request.
    expect((await f.connection()).status).not.toBe('needs_reauth');
    expect(await runPullJob(f.rt, job)).toBe('success');
    expect(await syncStatus(t.ctx, f.connectionId)).toMatchObject({
      sync_status: 'active',
      status_reason: null,
    });
  });
});
