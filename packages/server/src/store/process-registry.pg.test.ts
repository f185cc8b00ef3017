import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logging.js';
import { startProcessRegistration } from '../processes/process-registration.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import {
  listLiveProcesses,
  registerProcess,
  sweepDeadProcesses,
  touchProcess,
} from './process-registry.js';

describe('process registry', () => {
  let db: TestDatabase;
  const logger = createLogger({ level: 'silent' });
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('a process appears with its key ids (never key material) and disappears on stop', async () => {
    const registration = await startProcessRegistration(db.sql, {
      role: 'worker',
      version: '9.9.9',
      keyIds: ['new', 'old'],
      logger,
      host: 'worker-host',
      pid: 4242,
    });
    const live = await listLiveProcesses(db.sql);
    expect(live.map((p) => p.id)).toEqual([registration.id]);
    expect(live[0]).toMatchObject({
      role: 'worker',
      host: 'worker-host',
      pid: 4242,
      version: '9.9.9',
      key_ids: ['new', 'old'],
    });
    await registration.stop();
    expect(await listLiveProcesses(db.sql)).toEqual([]);
  });

  it('refreshes its row on the interval, and puts it back after it was swept', async () => {
    const registration = await startProcessRegistration(db.sql, {
      role: 'api',
      version: '1',
      keyIds: ['k'],
      logger,
      intervalMs: 20,
    });
    try {
      await db.sql`
        update process_registry set last_seen_at = now() - interval '10 minutes'
        where id = ${registration.id}`;
      expect(await listLiveProcesses(db.sql)).toEqual([]);
      await waitFor(async () => (await listLiveProcesses(db.sql)).length === 1);
      await db.sql`delete from process_registry where id = ${registration.id}`;
      await waitFor(async () => (await listLiveProcesses(db.sql)).length === 1);
    } finally {
      await registration.stop();
    }
  });

  it('rows unseen for the stale period count as dead and are swept; live ones stay', async () => {
    const dead = randomUUID();
    const alive = randomUUID();
    for (const id of [dead, alive]) {
      await registerProcess(db.sql, {
        id,
        role: 'worker',
        host: 'h',
        pid: 1,
        version: '1',
        keyIds: ['k'],
      });
    }
    await db.sql`
      update process_registry set last_seen_at = now() - interval '61 seconds' where id = ${dead}`;
    expect((await listLiveProcesses(db.sql)).map((p) => p.id)).toEqual([alive]);
    expect(await sweepDeadProcesses(db.sql)).toBe(1);
    expect(await touchProcess(db.sql, dead)).toBe(false);
    expect(await touchProcess(db.sql, alive)).toBe(true);
    const [count] = await db.sql<{ n: number }[]>`select count(*)::int as n from process_registry`;
    expect(count?.n).toBe(1);
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}
