import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type SQL } from '../db/connect.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { SharedLimits } from './shared-limits.js';
import { SharedTokenBuckets } from './shared-token-buckets.js';

/** Two processes' worth of limits: each with its own connection pool on one database. */
describe('limits shared through Postgres', () => {
  let db: TestDatabase;
  let pools: SQL[];
  let first: SharedLimits;
  let second: SharedLimits;
  beforeAll(async () => {
    db = await createTestDatabase();
    pools = [connectDatabase(db.url, { max: 4 }), connectDatabase(db.url, { max: 4 })];
    first = new SharedLimits(pools[0]!);
    second = new SharedLimits(pools[1]!);
  });
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await db.drop();
  });

  it('spends one budget per key across processes, however the takes interleave', async () => {
    // One token per 1000 s: within the test only the burst of 10 can be spent.
    const options = { ratePerSecond: 0.001, burst: 10 };
    const a = new SharedTokenBuckets(first, 'api', options);
    const b = new SharedTokenBuckets(second, 'api', options);
    const takes = Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).take('k:one'));
    const results = await Promise.all(takes);
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    const refused = results.find((r) => !r.ok);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 1000 });
    // Another key, another budget.
    expect((await a.take('k:other')).ok).toBe(true);
  });

  it('refuses from the local bucket without a shared token, and gives a local token back', async () => {
    const options = { ratePerSecond: 0.001, burst: 2 };
    const a = new SharedTokenBuckets(first, 'api', options);
    const b = new SharedTokenBuckets(second, 'api', options);
    expect((await b.take('k:refund')).ok).toBe(true);
    expect((await b.take('k:refund')).ok).toBe(true);
    // `a` has spent nothing locally; the shared bucket says no, and `a`'s local token comes back.
    for (let i = 0; i < 3; i++) expect((await a.take('k:refund')).ok).toBe(false);
    // The shared budget comes back (as after its refill time): `a` still has its local tokens.
    await db.sql`delete from shared_token_buckets where key = 'api:k:refund'`;
    expect((await a.take('k:refund')).ok).toBe(true);
    expect((await a.take('k:refund')).ok).toBe(true);
    // Now `a` alone spent the budget: refused locally, the shared bucket not even asked.
    await db.sql`delete from shared_token_buckets where key = 'api:k:refund'`;
    expect((await a.take('k:refund')).ok).toBe(false);
    const rows = await db.sql`select 1 from shared_token_buckets where key = 'api:k:refund'`;
    expect(rows).toHaveLength(0);
  });

  it('hands out at most `max` slots of a key across processes, and frees them', async () => {
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? first : second).claimSlot('m:box', 4, 60)),
    );
    const slots = claims.filter((slot) => slot !== undefined).sort();
    expect(slots.length).toBeLessThanOrEqual(4);
    expect(new Set(slots).size).toBe(slots.length);
    // Whatever the races, once they settle every slot is claimable in turn.
    while ((await first.claimSlot('m:box', 4, 60)) !== undefined);
    expect(await second.claimSlot('m:box', 4, 60)).toBeUndefined();
    // A process frees only its own slots.
    const [held] = await db.sql<{ slot: number; holder: string }[]>`
      select slot, holder from shared_limit_slots where key = 'm:box' and holder = ${first.holder}
      limit 1`;
    await second.releaseSlot('m:box', held!.slot);
    expect(await second.claimSlot('m:box', 4, 60)).toBeUndefined();
    await first.releaseSlot('m:box', held!.slot);
    expect(await second.claimSlot('m:box', 4, 60)).toBe(held!.slot);
  });

  it('lets a slot of a dead process go once it expires', async () => {
    expect(await first.claimSlot('m:dead', 1, 0.05)).toBe(0);
    expect(await second.claimSlot('m:dead', 1, 60)).toBeUndefined();
    await db.sql`update shared_limit_slots set expires_at = now() - interval '1 second'
                 where key = 'm:dead'`;
    expect(await second.claimSlot('m:dead', 1, 60)).toBe(0);
  });

  it('sweeps full buckets and expired slots, keeping the live ones', async () => {
    await first.takeToken('sweep:full', 1000, 1);
    await first.takeToken('sweep:busy', 0.001, 5);
    await first.claimSlot('sweep:held', 1, 60);
    await first.claimSlot('sweep:gone', 1, 60);
    await db.sql`update shared_limit_slots set expires_at = now() - interval '1 second'
                 where key = 'sweep:gone'`;
    // `sweep:full` is full again a millisecond after the take; move past it.
    const [full] = await db.sql<{ early: boolean }[]>`
      select full_at <= now() + interval '1 second' as early
      from shared_token_buckets where key = 'sweep:full'`;
    expect(full!.early).toBe(true);
    await db.sql`update shared_token_buckets set full_at = now() - interval '1 second'
                 where key = 'sweep:full'`;
    await first.sweep();
    const buckets = await db.sql<{ key: string }[]>`
      select key from shared_token_buckets where key like 'sweep:%' order by key`;
    expect(buckets.map((r) => r.key)).toEqual(['sweep:busy']);
    const slots = await db.sql<{ key: string }[]>`
      select key from shared_limit_slots where key like 'sweep:%' order by key`;
    expect(slots.map((r) => r.key)).toEqual(['sweep:held']);
  });
});
