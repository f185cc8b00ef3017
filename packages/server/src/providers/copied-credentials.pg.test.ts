import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPullJob } from '../jobs/pull.js';
import { runPushJob } from '../jobs/push.js';
import { createConnection } from '../store/connections.js';
import { createSyncFixture, eventContent } from '../sync/test-fixture.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';

/**
 * Credentials are bound to their connection row: an envelope copied into another connection (of
 * another tenant, or of the same one) does not decrypt there. The job does not crash on it: the
 * connection turns `needs_reauth` with a reason the host sees, and the job stops.
 */
describe('credentials copied to another connection', () => {
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

  async function changesOf(tenantId: string) {
    return db.sql<{ type: string; data: { sync_status: string; status_reason: string } }[]>`
      select type, data from changes
      where tenant_id = ${tenantId} and type = 'integration.updated' order by seq`;
  }

  it('from another tenant: the pull is stopped and the connection needs the user', async () => {
    const victim = await createSyncFixture(t);
    const attacker = await createSyncFixture(t);
    const callsBefore = new Map(attacker.service.calls);
    await db.sql`
      update connections set credentials = (select credentials from connections where id = ${victim.connectionId})
      where id = ${attacker.connectionId}`;
    expect(
      await runPullJob(attacker.rt, {
        calendarId: attacker.calendar.id,
        connectionId: attacker.connectionId,
      }),
    ).toBe('skipped');
    expect(await attacker.connection()).toMatchObject({
      status: 'needs_reauth',
      status_reason: 'credentials_unreadable',
    });
    expect((await changesOf(attacker.tenantId)).at(-1)?.data).toMatchObject({
      sync_status: 'needs_reauth',
      status_reason: 'credentials_unreadable',
    });
    // The provider was never called with the victim's tokens; the victim is untouched.
    expect(attacker.service.calls).toEqual(callsBefore);
    expect((await victim.connection()).status).toBe('active');
    expect(
      await runPullJob(victim.rt, {
        calendarId: victim.calendar.id,
        connectionId: victim.connectionId,
      }),
    ).toBe('success');
  });

  it('from another connection of the same tenant: refused the same way', async () => {
    const f = await createSyncFixture(t);
    const source = await f.connection();
    const copy = await createConnection(db.sql, {
      id: randomUUID(),
      tenantId: f.tenantId,
      userId: source.user_id,
      provider: 'google',
      accountEmail: 'someone-else@example.com',
      credentials: source.credentials!,
      credentialsKeyId: source.credentials_key_id!,
      accessTokenExpiresAt: null,
      now: t.clock.now(),
    });
    const row = await f.hostAppointment(eventContent('Interview'));
    expect(await runPushJob(f.rt, { appointmentId: row.id, connectionId: copy.id })).toBe(
      'skipped',
    );
    const [after] = await db.sql<{ status: string; status_reason: string }[]>`
      select status, status_reason from connections where id = ${copy.id}`;
    expect(after).toEqual({ status: 'needs_reauth', status_reason: 'credentials_unreadable' });
  });
});
