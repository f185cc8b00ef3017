import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ProviderRegistry } from '../providers/registry.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { enqueuePull, PULL_QUEUE } from './queues.js';
import { registerSyncJobs } from './register-sync.js';

/**
 * Workers poll every `workerPollingSeconds`; a job sent in between must not wait for the next
 * poll. Here the poll is a minute away, so only the wake-up on send can get the job done
 * before the (much shorter) wait gives up.
 */
describe('workers wake when a job is sent', () => {
  let db: TestDatabase;
  let t: TestContext;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    await registerSyncJobs(t.ctx, t.boss, new ProviderRegistry(), {
      runsWorkers: true,
      schedules: false,
      workerPollingSeconds: 60,
    });
    // Past the workers' first fetch: they now sleep until the next poll or a notification.
    await new Promise((resolve) => setTimeout(resolve, 1000));
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('runs a pull sent inside a transaction once the transaction commits', async () => {
    const calendarId = randomUUID();
    const jobId = await db.sql.begin((tx) =>
      enqueuePull(
        t.ctx.jobs,
        { calendarId, connectionId: randomUUID(), reason: 'notification' },
        tx,
      ),
    );
    expect(jobId).not.toBeNull();
    await vi.waitFor(
      async () => expect((await t.boss.getJobById(PULL_QUEUE, jobId!))?.state).toBe('completed'),
      { timeout: 20_000, interval: 100 },
    );
  });
});
