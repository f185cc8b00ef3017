import { findFreePort, createLogger } from '@calsync/server';
import { createTestDatabase, type TestDatabase } from '@calsync/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseUnreachableError, waitForDatabase } from './database-wait.js';

const logger = createLogger({ level: 'silent' });

describe('waitForDatabase', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('returns at once when the database answers', async () => {
    const pauses: number[] = [];
    await waitForDatabase(db.url, {
      maxWaitMs: 1000,
      logger,
      sleep: async (ms) => void pauses.push(ms),
    });
    expect(pauses).toEqual([]);
  });

  it('backs off exponentially up to the cap, then gives up with the attempts counted', async () => {
    const port = await findFreePort();
    let clock = 0;
    const pauses: number[] = [];
    const error = await waitForDatabase(`postgres://x:y@127.0.0.1:${port}/none`, {
      maxWaitMs: 10_000,
      logger,
      now: () => clock,
      sleep: async (ms) => {
        pauses.push(ms);
        clock += ms;
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect(pauses).toEqual([250, 500, 1000, 2000, 4000, 2250]);
    expect((error as DatabaseUnreachableError).attempts).toBe(7);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).message).not.toContain('x:y');
  });

  it('does not wait for a database that answers with a refusal', async () => {
    const url = new URL(db.url);
    url.password = 'wrong-password';
    const pauses: number[] = [];
    const error = await waitForDatabase(url.toString(), {
      maxWaitMs: 10_000,
      logger,
      sleep: async (ms) => void pauses.push(ms),
    }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(DatabaseUnreachableError);
    expect(pauses).toEqual([]);
  });
});
