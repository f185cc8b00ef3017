import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { randomUUID } from 'node:crypto';
import {
  createApiKey,
  createApp,
  createConnection,
  createTenant,
  secretBinding,
  upsertUser,
} from '@calsync/server';
import {
  createTestContext,
  createTestDatabase,
  type TestContext,
  type TestDatabase,
} from '@calsync/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CalsyncError,
  createCalsyncClient,
  type Appointment,
  type CalsyncClient,
  type ChangeEvent,
} from '@calsync/sdk';

/** Resolves when `condition` holds, checking as events arrive. */
function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (condition() ? resolve() : setTimeout(check, 5));
    check();
  });
}

const slot = (hour: number) => ({
  start: `2026-06-02T${String(hour).padStart(2, '0')}:00:00+02:00`,
  end: `2026-06-02T${String(hour).padStart(2, '0')}:30:00+02:00`,
});

describe('the SDK against the real server', () => {
  let db: TestDatabase;
  let t: TestContext;
  let server: ServerType;
  let baseUrl: string;
  let secretKey: string;
  let admin: CalsyncClient;
  let tenantId: string;

  /** A Google connection of `externalId`, stored as a finished OAuth flow would store it. */
  async function connectGoogle(externalId: string): Promise<string> {
    const user = await upsertUser(db.sql, tenantId, externalId);
    const id = randomUUID();
    await createConnection(db.sql, {
      id,
      tenantId,
      userId: user.id,
      provider: 'google',
      accountEmail: `${externalId}@example.com`,
      credentials: t.ctx.keyring.encrypt(
        JSON.stringify({ refresh_token: 'refresh' }),
        secretBinding.connectionCredentials(tenantId, id),
      ),
      credentialsKeyId: t.ctx.keyring.currentKeyId,
      accessTokenExpiresAt: null,
      now: t.ctx.now(),
    });
    return id;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    const app = createApp(t.ctx);
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
        resolve(started),
      );
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tenant = await createTenant(db.sql, 'Acme');
    tenantId = tenant.id;
    secretKey = (await createApiKey(db.sql, tenant.id)).secret_key;
    admin = createCalsyncClient({ baseUrl, token: secretKey });
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
    await db.drop();
  });

  it('mints session tokens that see only their user', async () => {
    const session = await admin.sessions.create({ userId: 'ada', ttlSeconds: 600 });
    expect(session.token).toMatch(/^cst_/);
    expect(session.expiresAt).toBe('2026-06-01T09:10:00.000Z');
    await admin.appointments.create({ userId: 'bob', title: 'Bob only', ...slot(8) });
    const ada = createCalsyncClient({ baseUrl, token: session.token });
    const mine = await ada.appointments.create({ title: 'Ada 1:1', ...slot(9) });
    expect(mine.userId).toBe('ada');
    const { data } = await ada.appointments.list();
    expect(data.map((a) => a.title)).toEqual(['Ada 1:1']);
    await expect(ada.sessions.create({ userId: 'ada' })).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
    });
  });

  it('revokes a session: a session only itself, a secret key any of its tenant', async () => {
    const first = await admin.sessions.create({ userId: 'ada' });
    const second = await admin.sessions.create({ userId: 'ada' });
    const ada = createCalsyncClient({ baseUrl, token: first.token });
    await expect(ada.sessions.revoke(second.id)).rejects.toMatchObject({
      code: 'not_found',
      status: 404,
    });
    expect(await ada.sessions.revoke(first.id)).toEqual({ id: first.id, revoked: true });
    await expect(ada.appointments.list()).rejects.toMatchObject({ status: 401 });
    expect(await admin.sessions.revoke(second.id)).toEqual({ id: second.id, revoked: true });
    const secondClient = createCalsyncClient({ baseUrl, token: second.token });
    await expect(secondClient.appointments.list()).rejects.toMatchObject({ status: 401 });
  });

  it('creates, upserts by hostRef, reads, updates and cancels appointments in camelCase', async () => {
    const created = await admin.appointments.create({
      hostRef: 'booking_1',
      userId: 'carol',
      title: 'Intro call',
      timeZone: 'Europe/Berlin',
      locationType: 'virtual',
      meetingUrl: 'https://meet.example/abc',
      attendees: [{ email: 'dan@example.com', name: 'Dan', responseStatus: 'accepted' }],
      ...slot(10),
    });
    expect(created).toMatchObject({
      hostRef: 'booking_1',
      userId: 'carol',
      locationType: 'virtual',
      meetingUrl: 'https://meet.example/abc',
      timeZone: 'Europe/Berlin',
      allDay: false,
      status: 'confirmed',
      attendees: [{ email: 'dan@example.com', name: 'Dan', responseStatus: 'accepted' }],
      syncSource: null,
      deletedAt: null,
    });
    const again = await admin.appointments.upsert({
      hostRef: 'booking_1',
      userId: 'carol',
      title: 'Intro call (moved)',
      ...slot(11),
    });
    expect(again.id).toBe(created.id);
    expect(again.version).toBeGreaterThan(created.version);

    const updated = await admin.appointments.update(created.id, {
      title: 'Intro call',
      locationType: 'phone',
      ...slot(12),
    });
    expect(updated).toMatchObject({ title: 'Intro call', locationType: 'phone' });
    expect((await admin.appointments.get(created.id)).start).toBe(updated.start);

    const cancelled = await admin.appointments.cancel(created.id);
    expect(cancelled.status).toBe('cancelled');
    await expect(admin.appointments.resync(created.id)).resolves.toEqual({
      message: 'Resync scheduled',
    });
  });

  it('iterates a list across pages', async () => {
    for (let hour = 6; hour < 11; hour++) {
      await admin.appointments.create({ userId: 'erin', title: `Slot ${hour}`, ...slot(hour) });
    }
    const first = await admin.appointments.list({ userId: 'erin', limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const titles: string[] = [];
    for await (const appointment of admin.appointments.list({ userId: 'erin', limit: 2 })) {
      titles.push(appointment.title);
    }
    expect(titles).toEqual(['Slot 6', 'Slot 7', 'Slot 8', 'Slot 9', 'Slot 10']);
    const found = await admin.appointments.list({ userId: 'erin', q: 'Slot 9' });
    expect(found.data.map((a: Appointment) => a.title)).toContain('Slot 9');
  });

  it('answers availability', async () => {
    await admin.appointments.create({ userId: 'finn', title: 'Busy', ...slot(14) });
    const { busy } = await admin.availability.get({
      userId: 'finn',
      from: '2026-06-02T00:00:00Z',
      to: '2026-06-03T00:00:00Z',
    });
    expect(busy).toHaveLength(1);
    const check = await admin.availability.check({ userId: 'finn', ...slot(14) });
    expect(check.free).toBe(false);
    expect((await admin.availability.check({ userId: 'finn', ...slot(16) })).free).toBe(true);
  });

  it('throws CalsyncError with the code, request id and details', async () => {
    const missing = await admin.appointments
      .get('00000000-0000-4000-8000-000000000000')
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(CalsyncError);
    expect(missing).toMatchObject({ code: 'not_found', status: 404 });
    expect((missing as CalsyncError).requestId).toEqual(expect.any(String));

    const invalid = await admin.appointments
      .create({ userId: 'gus', title: 'Backwards', start: slot(10).end, end: slot(10).start })
      .catch((e: unknown) => e);
    expect(invalid).toMatchObject({
      code: 'invalid_request',
      status: 400,
      details: [{ path: 'body.end', message: 'end must not be before start' }],
    });

    const anonymous = createCalsyncClient({ baseUrl, token: 'sk_wrong' });
    await expect(anonymous.integrations.list()).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('refreshes an expired session token through getToken', async () => {
    const asked: boolean[] = [];
    const browser = createCalsyncClient({
      baseUrl,
      getToken: async ({ expired }) => {
        asked.push(expired);
        return (await admin.sessions.create({ userId: 'hana', ttlSeconds: 60 })).token;
      },
    });
    await browser.appointments.create({ title: 'Hana', ...slot(9) });
    expect(asked).toEqual([false]);
    // A fixed token that has expired: the first call gets 401, getToken mints a fresh one.
    const stale = (await admin.sessions.create({ userId: 'hana', ttlSeconds: 60 })).token;
    t.clock.advance(61_000);
    const recovering = createCalsyncClient({
      baseUrl,
      getToken: async ({ expired }) =>
        expired ? (await admin.sessions.create({ userId: 'hana' })).token : stale,
    });
    const { data } = await recovering.appointments.list();
    expect(data.map((a) => a.title)).toEqual(['Hana']);
  });

  it("takes POST /sessions' JSON as getToken's answer, reuses it and renews it before it expires", async () => {
    // What a host page does through its backend's route; here the route is the API itself.
    let minted = 0;
    const browser = createCalsyncClient({
      baseUrl,
      now: () => t.clock.now().getTime(),
      getToken: () => {
        minted++;
        return fetch(`${baseUrl}/api/v1/sessions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ user_id: 'kai', ttl_seconds: 600 }),
        }).then((response) => response.json());
      },
    });
    await browser.appointments.create({ title: 'Kai', ...slot(11) });
    await browser.appointments.list();
    t.clock.advance(540_000 - 1);
    await browser.appointments.list();
    expect(minted).toBe(1);
    t.clock.advance(1);
    const { data } = await browser.appointments.list();
    expect(minted).toBe(2);
    expect(data.map((a) => a.title)).toEqual(['Kai']);
  });

  it('reads integrations, the change feed and the live stream', async () => {
    const { data: integrations } = await admin.integrations.list({ userId: 'ivy' });
    expect(integrations).toEqual([]);

    const start = await admin.changes.list({ after: 0, limit: 1000 });
    const events: ChangeEvent[] = [];
    let opened = false;
    const unsubscribe = admin.stream.subscribe((event) => events.push(event), {
      after: start.next,
      onOpen: () => (opened = true),
    });
    await until(() => opened);
    const appointment = await admin.appointments.create({
      hostRef: 'live_1',
      userId: 'ivy',
      title: 'Live',
      ...slot(15),
    });
    await admin.appointments.cancel(appointment.id);
    await until(() => events.length >= 2);
    unsubscribe();
    expect(events.map((e) => e.type)).toEqual(['appointment.created', 'appointment.deleted']);
    const [created] = events;
    expect(created).toMatchObject({
      userId: 'ivy',
      data: { id: appointment.id, hostRef: 'live_1' },
    });
    expect(created!.seq).toBeGreaterThan(start.next);

    const page = await admin.changes.list({ after: start.next });
    expect(page.changes.map((c) => c.seq)).toEqual(events.map((e) => e.seq));
    expect(page.next).toBe(events.at(-1)!.seq);
  });

  it('updates an appointment with only the fields given, and replaces it with what get answered', async () => {
    const created = await admin.appointments.create({
      userId: 'lena',
      title: 'Planning',
      timeZone: 'Europe/Berlin',
      location: 'Room 4',
      description: 'Agenda to follow',
      attendees: [{ email: 'max@example.com' }],
      ...slot(13),
    });
    const updated = await admin.appointments.update(created.id, { title: 'Planning (moved)' });
    // Every field not given keeps its value (a full replacement would reset the zone to UTC).
    expect(updated).toMatchObject({
      title: 'Planning (moved)',
      timeZone: 'Europe/Berlin',
      location: 'Room 4',
      description: 'Agenda to follow',
      start: created.start,
      end: created.end,
      attendees: created.attendees,
    });
    const cleared = await admin.appointments.update(created.id, { location: null });
    expect(cleared).toMatchObject({ location: null, timeZone: 'Europe/Berlin' });

    const current = await admin.appointments.get(created.id);
    const replaced = await admin.appointments.replace(created.id, { ...current, title: 'Final' });
    expect(replaced).toMatchObject({ title: 'Final', timeZone: 'Europe/Berlin' });
  });

  it("updates a connection's settings with only those given, and pages its lists", async () => {
    const id = await connectGoogle('mona');
    const before = await admin.integrations.get(id);
    const paused = await admin.integrations.update(id, { syncEnabled: false });
    expect(paused).toMatchObject({
      syncEnabled: false,
      syncDirection: before.syncDirection,
      privacyLevel: before.privacyLevel,
      cancellationPolicy: before.cancellationPolicy,
    });
    const narrowed = await admin.integrations.update(id, { privacyLevel: 'minimal' });
    expect(narrowed).toMatchObject({ syncEnabled: false, privacyLevel: 'minimal' });

    const { data, nextCursor } = await admin.integrations.list({ userId: 'mona', limit: 1 });
    expect(data.map((integration) => integration.id)).toEqual([id]);
    expect(nextCursor).toBeNull();
    expect(await admin.integrations.calendars(id)).toEqual({ data: [], nextCursor: null });
    expect(await admin.integrations.conflicts(id, { status: 'open' })).toEqual({
      data: [],
      nextCursor: null,
    });
    expect(await admin.integrations.syncAttempts(id, { limit: 5 })).toMatchObject({
      data: expect.any(Array),
    });
  });

  it('lists providers and approvals, and reports connect errors by code', async () => {
    const providers = await admin.integrations.providers();
    expect(Array.isArray(providers)).toBe(true);
    const approvals = await admin.approvals.list({ userId: 'kai', status: 'pending' });
    expect(approvals).toEqual({ data: [], nextCursor: null });
    // No Google app is configured on this server.
    await expect(
      admin.integrations.authorize('google', {
        userId: 'kai',
        redirectUri: 'https://host.example/cb',
      }),
    ).rejects.toMatchObject({ code: 'provider_not_configured', status: 404 });
    await expect(
      admin.integrations.syncStatus('00000000-0000-4000-8000-000000000000'),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it('manages webhook endpoints, exports and erases users, and lists the audit log', async () => {
    const endpoint = await admin.webhookEndpoints.create({
      url: 'https://host.example/webhooks',
      eventTypes: ['appointment.created'],
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect(endpoint.eventTypes).toEqual(['appointment.created']);
    expect((await admin.webhookEndpoints.get(endpoint.id)).url).toBe(endpoint.url);
    const ids: string[] = [];
    for await (const e of admin.webhookEndpoints.list()) ids.push(e.id);
    expect(ids).toEqual([endpoint.id]);
    expect((await admin.webhookEndpoints.deliveries(endpoint.id)).data).toEqual([]);
    await admin.webhookEndpoints.delete(endpoint.id);

    await admin.appointments.create({ userId: 'jo', title: 'Jo', ...slot(9) });
    const exported = await admin.users.export('jo');
    expect(exported.exportedAt).toEqual(expect.any(String));
    const erased = await admin.users.erase('jo', { deleteExternalEvents: false });
    expect(erased).toMatchObject({ userId: 'jo', erased: true });
    await expect(admin.users.export('jo')).rejects.toMatchObject({ code: 'not_found' });

    const actions: string[] = [];
    for await (const entry of admin.audit.list({ limit: 2 })) actions.push(entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user.erased', 'user.exported', 'webhook_endpoint.created']),
    );
  });
});
