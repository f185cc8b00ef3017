import { AuthError } from '@calsync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPullJob } from '../../jobs/pull.js';
import { sealCredentials } from '../../providers/credentials.js';
import { createSyncFixture } from '../../sync/test-fixture.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';

/**
 * A password connection (CalDAV) has no access token, and its provider no `refresh`. The retry
 * matrix answers a first, non-permanent 401 with "refresh once, run again"; for such a
 * connection the refresh itself throws `AuthError('connection has no access token')`, and the
 * runner then fails the attempt and marks the connection `needs_reauth`, the same as for a
 * refused refresh. (The CalDAV entry also makes its 401s permanent, see entry.ts, so this path
 * only matters for adapters that do not.)
 */
describe('a 401 on a password connection whose adapter does not mark it permanent', () => {
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

  it('leaves the connection needs_reauth', async () => {
    const f = await createSyncFixture(t);
    const sealed = sealCredentials(t.ctx.keyring, await f.connection(), {
      username: 'alice',
      password: 'secret',
    });
    await db.sql`
      update connections set credentials = ${sealed.envelope}, access_token_expires_at = null
      where id = ${f.connectionId}`;
    f.registry.register('google', {
      createAdapter: () => ({
        ...f.service.adapter,
        pullChanges: () =>
          Promise.reject(new AuthError('CalDAV REPORT answered 401', { status: 401 })),
      }),
    });
    expect(
      await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId }),
    ).toBe('needs_reauth');
    expect((await f.connection()).status).toBe('needs_reauth');
  });
});
