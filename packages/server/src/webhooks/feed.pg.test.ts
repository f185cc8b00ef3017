import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendChange } from '../store/changes.js';
import { createTenant } from '../store/tenants.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { readFeed, settledHorizon } from './feed.js';

describe('the settled change feed', () => {
  let db: TestDatabase;
  let tenantId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    tenantId = (await createTenant(db.sql, 'Acme')).id;
  });
  afterAll(() => db.drop());

  const append = (label: string) =>
    appendChange(db.sql, { tenantId, userId: null, type: 'sync.failed', data: { label } });
  const read = (afterSeq: number) =>
    readFeed(
      db.sql,
      { tenantId, userId: null, afterSeq, limit: 100 },
      { maxWaitMs: 50, pollMs: 10 },
    );

  it('never serves a change past one whose transaction is still open', async () => {
    const start = (await settledHorizon(db.sql))!;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const inFlight = new Promise<void>((resolve) => (appended = resolve));
    // Takes the lower seq but commits last.
    const slow = db.sql.begin(async (tx) => {
      await appendChange(tx, {
        tenantId,
        userId: null,
        type: 'sync.failed',
        data: { label: 'slow' },
      });
      appended();
      await gate;
    });
    await inFlight;
    await append('fast');
    expect(await read(start)).toEqual([]);
    expect(await settledHorizon(db.sql, { maxWaitMs: 30, pollMs: 10 })).toBeNull();
    release();
    await slow;
    const changes = await read(start);
    expect(changes.map((c) => c.data.label)).toEqual(['slow', 'fast']);
    expect(changes[1]!.seq).toBeGreaterThan(changes[0]!.seq);
  });

  it('serves at once when no writer is in flight', async () => {
    const start = (await settledHorizon(db.sql))!;
    const row = await append('now');
    expect(await settledHorizon(db.sql)).toBe(Number(row.seq));
    expect((await read(start)).map((c) => c.data.label)).toEqual(['now']);
  });
  it('is not held up by writers of another database cloned from the same template', async () => {
    const other = await createTestDatabase();
    try {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => (locked = resolve));
      // Its `changes` table has the same oid as ours; `pg_locks` lists the whole cluster.
      const writer = other.sql.begin(async (tx) => {
        await tx`lock table changes in row exclusive mode`;
        locked();
        await gate;
      });
      await holding;
      try {
        expect(await settledHorizon(db.sql, { maxWaitMs: 30, pollMs: 10 })).not.toBeNull();
      } finally {
        release();
        await writer;
      }
    } finally {
      await other.drop();
    }
  });
});
