import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type SQL } from '../db/connect.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { RequestPacers } from '@calsync/google';
import { sharedPacers } from '../integrations/google/shared-pacers.js';
import { SharedLimits } from './shared-limits.js';
import { SharedPacer } from './shared-pacer.js';

/** A pacer's sleep that does not wait: it records the wait and gives up the take. */
class WouldWait extends Error {
  constructor(readonly milliseconds: number) {
    super(`would wait ${milliseconds} ms`);
  }
}

describe('Google per-user pacing across processes', () => {
  let db: TestDatabase;
  let pools: SQL[];
  beforeAll(async () => {
    db = await createTestDatabase();
    pools = [connectDatabase(db.url, { max: 4 }), connectDatabase(db.url, { max: 4 })];
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await db.drop();
  });

  it('lets both processes together spend one burst, then makes each wait for the refill', async () => {
    // 11 per minute with 9 as the burst: the steady rate is 2 per minute, one token per 30 s.
    const options = {
      requestsPerMinute: 11,
      burstShare: 0.9,
      sleep: (ms: number) => Promise.reject(new WouldWait(ms)),
    };
    const pacers = pools.map(
      (pool) => new SharedPacer(new SharedLimits(pool), 'google:ann@example.com', options),
    );
    expect(pacers[0]!.burst).toBe(9);
    const takes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => pacers[i % 2]!.take()),
    );
    expect(takes.filter((t) => t.status === 'fulfilled')).toHaveLength(9);
    const waits = takes.flatMap((t) =>
      t.status === 'rejected' && t.reason instanceof WouldWait ? [t.reason.milliseconds] : [],
    );
    expect(waits).toHaveLength(11);
    for (const ms of waits) expect(ms).toBeGreaterThan(20_000);
    // Another account has its own budget.
    const other = new SharedPacer(new SharedLimits(pools[0]!), 'google:bob@example.com', options);
    await expect(other.take()).resolves.toBeUndefined();
  });

  it('gives the Google integration one shared pacer per account', async () => {
    const shared = new SharedLimits(pools[0]!);
    const pacerFor = sharedPacers(shared, new RequestPacers());
    expect(pacerFor('ann@example.com')).toBe(pacerFor('ann@example.com'));
    expect(pacerFor('bob@example.com')).not.toBe(pacerFor('ann@example.com'));
    await pacerFor('carol@example.com').take();
    const rows = await db.sql`
      select 1 from shared_token_buckets where key = 'google:carol@example.com'`;
    expect(rows).toHaveLength(1);
  });
});
