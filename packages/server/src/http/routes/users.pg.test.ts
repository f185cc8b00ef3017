import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErasedConnectionJob } from '../../gdpr/erase.js';
import { ERASED_CONNECTION_QUEUE } from '../../gdpr/erase.js';
import { registerErasedConnectionCleanup } from '../../gdpr/cleanup-queue.js';
import { appendChange } from '../../store/changes.js';
import { apiClient, type ApiClient } from '../../testing/api-client.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import { createTenantFixture, type TenantFixture } from '../../testing/tenant-fixture.js';
import { createApp } from '../app.js';
import { randomUUID } from 'node:crypto';
import { secretBinding } from '../../crypto/secret-binding.js';

const SECRETS = ['refresh-token-xyz', 'pkce-verifier-xyz', 'passcode-xyz'];

describe('GDPR export and erase', () => {
  let db: TestDatabase;
  let t: TestContext;
  let acme: TenantFixture;
  let other: TenantFixture;
  let app: ReturnType<typeof createApp>;
  let api: ApiClient;

  /** A user with a connection, a calendar, a host appointment and an imported one, both linked. */
  async function seedUser(externalId: string) {
    const { userId, token } = await acme.user(externalId);
    const connectionId = randomUUID();
    const credentials = t.ctx.keyring.encrypt(
      SECRETS[0]!,
      secretBinding.connectionCredentials(acme.tenantId, connectionId),
    );
    const [conn] = await db.sql<{ id: string }[]>`
      insert into connections (id, tenant_id, user_id, provider, account_email, credentials, credentials_key_id)
      values (${connectionId}, ${acme.tenantId}, ${userId}, 'google', ${externalId + '@x.example'}, ${credentials}, 'test')
      returning id`;
    const [cal] = await db.sql<{ id: string }[]>`
      insert into calendars (tenant_id, connection_id, provider_calendar_id, sync_cursor, access_role, destination)
      values (${acme.tenantId}, ${conn!.id}, 'primary', 'sync-token-xyz', 'owner', true) returning id`;
    const appointments: string[] = [];
    for (const [source, title] of [
      ['host', 'Interview'],
      ['google', 'Dentist'],
    ] as const) {
      const [a] = await db.sql<{ id: string }[]>`
        insert into appointments (tenant_id, user_id, uid, source, title, time_kind, starts_at, ends_at)
        values (${acme.tenantId}, ${userId}, ${externalId + title}, ${source}, ${title}, 'instant',
          '2026-06-02T09:00:00Z', '2026-06-02T10:00:00Z') returning id`;
      appointments.push(a!.id);
      await db.sql`
        insert into event_links (tenant_id, appointment_id, connection_id, calendar_id, external_event_id, state)
        values (${acme.tenantId}, ${a!.id}, ${conn!.id}, ${cal!.id}, ${'ev-' + title}, 'synced')`;
    }
    const meetingId = randomUUID();
    const passcode = t.ctx.keyring.encrypt(
      SECRETS[2]!,
      secretBinding.videoMeetingPasscode(acme.tenantId, meetingId),
    );
    await db.sql`
      insert into video_meetings (id, tenant_id, appointment_id, platform, passcode)
      values (${meetingId}, ${acme.tenantId}, ${appointments[0]!}, 'zoom', ${passcode})`;
    const verifier = t.ctx.keyring.encrypt(
      SECRETS[1]!,
      secretBinding.oauthStateVerifier(acme.tenantId, Buffer.from(externalId)),
    );
    await db.sql`
      insert into oauth_states (state_hash, tenant_id, user_id, provider, code_verifier, redirect_uri,
        browser_hash, expires_at)
      values (${Buffer.from(externalId)}, ${acme.tenantId}, ${userId}, 'google',
        ${verifier}, 'https://host.example/cb',
        ${Buffer.from('browser-nonce-hash')}, '2026-06-01T10:00:00Z')`;
    await appendChange(db.sql, {
      tenantId: acme.tenantId,
      userId,
      type: 'appointment.created',
      data: { id: appointments[0], title: 'Interview' },
    });
    return { userId, token, connectionId: conn!.id };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    await registerErasedConnectionCleanup(t.boss, { runsWorkers: false });
    app = createApp(t.ctx);
    acme = await createTenantFixture(db.sql, 'Acme', t.clock.now);
    other = await createTenantFixture(db.sql, 'Other', t.clock.now);
    api = apiClient(app, acme.secretKey);
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('exports everything about the user without tokens or secrets, and audits it', async () => {
    const { connectionId } = await seedUser('alice');
    const res = await api.get<Record<string, unknown[]> & { user: { external_id: string } }>(
      '/users/alice/export',
    );
    expect(res.status).toBe(200);
    expect(res.body.user.external_id).toBe('alice');
    expect(res.body.connections).toEqual([expect.objectContaining({ id: connectionId })]);
    expect(res.body.appointments).toHaveLength(2);
    expect(res.body.event_links).toHaveLength(2);
    expect(res.body.calendars).toHaveLength(1);
    expect(res.body.video_meetings).toHaveLength(1);
    expect(res.body.changes).toHaveLength(1);
    expect(res.body.sessions).toHaveLength(1);
    expect(res.body.pending_authorizations).toHaveLength(1);
    const text = JSON.stringify(res.body);
    for (const secret of [...SECRETS, 'sync-token-xyz', 'v2.test.'])
      expect(text).not.toContain(secret);
    for (const column of [
      'credentials',
      'token_hash',
      'code_verifier',
      'browser_hash',
      'passcode',
      'sync_cursor',
    ]) {
      expect(text).not.toContain(`"${column}"`);
    }
    const audit = await api.get<{ data: { action: string; target_id: string }[] }>(
      '/audit?limit=1',
    );
    expect(audit.body.data[0]).toMatchObject({ action: 'user.exported', target_id: 'alice' });
  });

  it('refuses session tokens, unknown users and other tenants', async () => {
    const { token } = await acme.user('carol');
    expect((await apiClient(app, token).get('/users/carol/export')).status).toBe(403);
    expect((await apiClient(app, token).delete('/users/carol')).status).toBe(403);
    expect((await api.get('/users/nobody/export')).status).toBe(404);
    expect((await api.delete('/users/nobody')).status).toBe(404);
    const theirs = apiClient(app, other.secretKey);
    expect((await theirs.get('/users/alice/export')).status).toBe(404);
    expect((await theirs.delete('/users/alice')).status).toBe(404);
    const bad = await api.delete<{ error: { code: string } }>(
      '/users/alice?delete_external_events=maybe',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
  });

  it('erases the user, ends its sessions and queues the provider clean-up with the links', async () => {
    const bob = await seedUser('bob');
    const res = await api.delete<{
      erased: boolean;
      deleted: Record<string, number>;
      external_events_queued: number;
    }>('/users/bob?delete_external_events=true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      erased: true,
      deleted: { appointments: 2, connections: 1, event_links: 2, changes: 1, sessions: 1 },
      connections_queued: 1,
      // Only the event Calsync wrote (the host appointment), not the one imported from Google.
      external_events_queued: 1,
    });
    const [left] = await db.sql<{ n: number }[]>`
      select (select count(*) from users where id = ${bob.userId})
        + (select count(*) from connections where user_id = ${bob.userId})
        + (select count(*) from appointments where user_id = ${bob.userId})
        + (select count(*) from event_links where connection_id = ${bob.connectionId})
        + (select count(*) from changes where user_id = ${bob.userId})
        + (select count(*) from session_tokens where user_id = ${bob.userId})
        + (select count(*) from oauth_states where user_id = ${bob.userId}) as n`;
    expect(Number(left!.n)).toBe(0);
    expect((await apiClient(app, bob.token).get('/changes')).status).toBe(401);
    const [job] = await db.sql<{ data: ErasedConnectionJob }[]>`
      select data from pgboss.job where name = ${ERASED_CONNECTION_QUEUE}`;
    expect(job!.data.connection).toMatchObject({ id: bob.connectionId, provider: 'google' });
    const where = secretBinding.connectionCredentials(acme.tenantId, bob.connectionId);
    expect(t.ctx.keyring.decrypt(job!.data.connection.credentials, where)).toBe(SECRETS[0]);
    expect(job!.data.events).toEqual([
      { provider_calendar_id: 'primary', external_event_id: 'ev-Interview', ical_uid: null },
    ]);
    const audit = await api.get<{ data: { action: string; target_id: string }[] }>(
      '/audit?limit=1',
    );
    expect(audit.body.data[0]).toMatchObject({ action: 'user.erased', target_id: 'bob' });
    // Alice is untouched.
    expect((await api.get('/users/alice/export')).status).toBe(200);
  });
});
