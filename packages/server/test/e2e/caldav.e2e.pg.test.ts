import { randomUUID } from 'node:crypto';
import { tokenExpiry, type TokenExpiry } from '@calsync/caldav/testing';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from '../../src/context.js';
import { createApp } from '../../src/http/app.js';
import type { AppointmentOutput } from '../../src/http/schemas/appointment.js';
import type { IntegrationOutput } from '../../src/http/schemas/integration.js';
import { caldavIntegration } from '../../src/integrations/caldav/index.js';
import { startJobQueue } from '../../src/jobs/boss.js';
import { createAddressPolicy } from '../../src/net/address-policy.js';
import { POLL_SCHEDULER_QUEUE } from '../../src/jobs/queues.js';
import { registerSyncJobs } from '../../src/jobs/register-sync.js';
import { ProviderRegistry } from '../../src/providers/registry.js';
import { openProviderSession } from '../../src/providers/session.js';
import { createApiKey } from '../../src/store/api-keys.js';
import { createTenant } from '../../src/store/tenants.js';
import { createSyncHooks } from '../../src/sync/hooks.js';
import type { SyncRuntime } from '../../src/sync/runtime.js';
import { eventContent } from '../../src/sync/test-fixture.js';
import { apiClient, type ApiClient } from '../../src/testing/api-client.js';
import { createTestContext, type TestContext } from '../../src/testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/database.js';
import { calDAVFaults, type CalDAVFaults } from './caldav-faults.js';
import { startCalDAVServer, type CalDAVServerUnderTest } from './caldav-server.js';

/**
 * CalDAV end to end: the HTTP API, Postgres, pg-boss workers and the CalDAV integration against
 * real Radicale and Xandikos servers. The clock is real, because "most recent wins" compares
 * our edits with the LAST-MODIFIED the servers' other clients write.
 */

type List<T> = { data: T[]; next_cursor: string | null };
type Conflict = { id: string; appointment_id: string; fields: string[]; auto_resolution: string };
type Attempt = { operation: string; status: string; error_class: string | null };
type Change = { seq: string; type: string; user_id: string | null; data: Record<string, unknown> };

const WAIT = { timeout: 25_000, interval: 250 };

/** An instant `days` from now at `hour`:00 UTC, inside the default sync window. */
function at(days: number, hour: number): string {
  const now = new Date();
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour),
  ).toISOString();
}

let db: TestDatabase;
let t: TestContext;
let ctx: ServerContext;
let workers: PgBoss;
let rt: SyncRuntime;
let api: ApiClient;
let faults: CalDAVFaults;
let expiry: TokenExpiry;

beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTestContext(db, { now: () => new Date() });
  ctx = { ...t.ctx, sync: createSyncHooks(t.ctx.jobs) };
  faults = calDAVFaults((input, init) => fetch(input, init));
  expiry = tokenExpiry(faults.fetch);
  // The test servers listen on loopback, which the connect step refuses unless allowed.
  const caldav = caldavIntegration({ addressPolicy: createAddressPolicy(['127.0.0.0/8']) });
  const registry = new ProviderRegistry().register('caldav', caldav.entry);
  workers = await startJobQueue({ databaseUrl: db.url, role: 'worker' });
  rt = await registerSyncJobs(ctx, workers, registry, {
    runsWorkers: true,
    schedules: false,
    workerPollingSeconds: 0.5,
    pollIntervalMs: 500,
    pollJitterMs: 100,
    backoff: { baseDelayMs: 200, maxDelayMs: 500 },
    fetch: expiry.fetch,
  });
  const app = createApp(ctx, { sync: rt, connectors: { caldav: caldav.connector } });
  const tenant = await createTenant(db.sql, 'CalDAV end to end');
  api = apiClient(app, (await createApiKey(db.sql, tenant.id)).secret_key);
});

afterAll(async () => {
  await workers?.stop({ graceful: false, close: true });
  await t?.close();
  await db?.drop();
});

/** What the scenarios of one server share, filled in as they run (in order). */
interface Run {
  sut: CalDAVServerUnderTest;
  userId: string;
  integrationId: string;
  seeded: { standup: string; lunch: string };
  hostAppointmentId: string;
  hostResource: string;
}

async function appointments(run: Run): Promise<AppointmentOutput[]> {
  const query = `user_id=${run.userId}&from=${at(-1, 0)}&to=${at(30, 0)}&include_deleted=true`;
  const res = await api.get<List<AppointmentOutput>>(`/appointments?${query}`);
  expect(res.status).toBe(200);
  return res.body.data;
}

async function appointmentLinkedTo(run: Run, url: string): Promise<AppointmentOutput | undefined> {
  return (await appointments(run)).find((a) => a.links.some((l) => l.provider_event_id === url));
}

async function changes(): Promise<Change[]> {
  return (await api.get<{ changes: Change[] }>('/changes?after=0&limit=1000')).body.changes;
}

async function attempts(run: Run): Promise<Attempt[]> {
  const res = await api.get<{ data: Attempt[] }>(
    `/calendar-integrations/${run.integrationId}/sync-attempts?limit=1000`,
  );
  expect(res.status).toBe(200);
  return res.body.data;
}

/** Asks the poll scheduler (a real worker job) to enqueue the pulls of every due calendar. */
async function poll(): Promise<void> {
  await workers.send(POLL_SCHEDULER_QUEUE, {});
}

/** The property lines (unfolded text kept as stored) of a resource whose name starts with `name`. */
function linesOf(ics: string, name: string): string[] {
  const physical = ics.split(/\r\n/);
  const out: string[] = [];
  for (let i = 0; i < physical.length; i++) {
    if (!physical[i]!.startsWith(name)) continue;
    let line = physical[i]!;
    while (physical[i + 1]?.startsWith(' ')) line += `\r\n${physical[++i]}`;
    out.push(line);
  }
  return out;
}

interface Scenario {
  readonly title: string;
  /** Only on servers that check passwords (Xandikos has no authentication). */
  readonly needsAuthentication?: boolean;
  run(run: Run): Promise<void>;
}

const scenarios: Scenario[] = [
  {
    title: 'connects through POST /calendar-integrations and lists the calendar',
    async run(run) {
      const res = await api.post<IntegrationOutput>('/calendar-integrations', {
        provider: 'caldav',
        user_id: run.userId,
        server_url: run.sut.server.serverUrl,
        username: run.sut.username,
        password: run.sut.password,
        // Full content, so attendees and location reach the calendar (the default is `normal`).
        privacy_level: 'full',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        provider: 'caldav',
        sync_status: 'active',
        privacy_level: 'full',
      });
      run.integrationId = res.body.id;
      const calendars = await api.get<{ data: Record<string, unknown>[] }>(
        `/calendar-integrations/${run.integrationId}/calendars`,
      );
      expect(calendars.body.data).toEqual([
        expect.objectContaining({
          provider_calendar_id: run.sut.calendarUrl,
          selected: true,
          destination: true,
          access_role: 'owner',
        }),
      ]);
      const stored = await db.sql<{ credentials: string }[]>`
        select credentials from connections where id = ${run.integrationId}`;
      expect(stored[0]!.credentials).not.toContain(run.sut.password);
    },
  },
  {
    title: 'imports the events already on the server',
    async run(run) {
      await expect
        .poll(async () => (await appointments(run)).map((a) => a.title).sort(), WAIT)
        .toEqual(['Lunch', 'Standup']);
      const standup = await appointmentLinkedTo(run, run.seeded.standup);
      expect(standup).toMatchObject({
        source: 'caldav',
        sync_source: 'caldav',
        start: at(1, 9),
        links: [{ integration_id: run.integrationId, state: 'synced' }],
      });
      const created = (await changes()).filter(
        (c) => c.type === 'appointment.created' && c.user_id === run.userId,
      );
      expect(created.length).toBeGreaterThanOrEqual(2);
      const integration = await api.get<IntegrationOutput>(
        `/calendar-integrations/${run.integrationId}`,
      );
      expect(Date.parse(integration.body.next_sync_at!)).toBeGreaterThan(
        Date.parse(integration.body.last_sync_at!),
      );
    },
  },
  {
    title: 'pushes a host appointment as a new .ics resource with its attendees',
    async run(run) {
      const created = await api.post<AppointmentOutput>('/appointments', {
        host_ref: `${run.userId}-intro`,
        user_id: run.userId,
        title: 'Intro call',
        start: at(2, 10),
        end: at(2, 11),
        time_zone: 'Europe/Berlin',
        location: 'Room 4',
        attendees: [
          { email: 'bob@example.com', name: 'Bob' },
          { email: 'carol@example.com', optional: true },
        ],
      });
      expect(created.status).toBe(201);
      run.hostAppointmentId = created.body.id;
      await expect
        .poll(
          async () =>
            (await api.get<AppointmentOutput>(`/appointments/${run.hostAppointmentId}`)).body
              .links[0]?.state,
          WAIT,
        )
        .toBe('synced');
      const appointment = await api.get<AppointmentOutput>(
        `/appointments/${run.hostAppointmentId}`,
      );
      run.hostResource = appointment.body.links[0]!.provider_event_id;
      expect(run.hostResource.startsWith(run.sut.calendarUrl)).toBe(true);
      expect(run.hostResource).toMatch(/\.ics$/);
      expect(await run.sut.resources()).toContain(run.hostResource);
      const ics = (await run.sut.read(run.hostResource))!;
      expect(ics).toContain('SUMMARY:Intro call');
      expect(ics).toContain('LOCATION:Room 4');
      expect(ics).toContain('DTSTART;TZID=Europe/Berlin:');
      expect(ics).toContain('BEGIN:VTIMEZONE');
      expect(ics).toContain(`X-CALSYNC-APPOINTMENT-ID:${run.hostAppointmentId}`);
      const attendees = linesOf(ics, 'ATTENDEE').map((l) => l.replace(/\r\n /g, ''));
      expect(attendees).toEqual([
        'ATTENDEE;CN=Bob;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:bob@example.com',
        'ATTENDEE;CUTYPE=INDIVIDUAL;PARTSTAT=NEEDS-ACTION;ROLE=OPT-PARTICIPANT;RSVP=TRUE:mailto:carol@example.com',
      ]);
      // The API has no organizer and no reminders: the calendar's default alarms apply.
      expect(ics).not.toContain('ORGANIZER');
      expect(ics).not.toContain('BEGIN:VALARM');
    },
  },
  {
    title: 'picks up an edit made by another client on the next poll',
    async run(run) {
      await run.sut.other.updateExternal(run.seeded.standup, {
        title: 'Standup (moved by phone)',
        location: 'Kitchen',
      });
      await expect
        .poll(async () => {
          await poll();
          return (await appointmentLinkedTo(run, run.seeded.standup))?.title;
        }, WAIT)
        .toBe('Standup (moved by phone)');
      const standup = (await appointmentLinkedTo(run, run.seeded.standup))!;
      expect(standup.location).toBe('Kitchen');
      expect(
        (await changes()).some((c) => c.type === 'appointment.updated' && c.data.id === standup.id),
      ).toBe(true);
    },
  },
  {
    title:
      'deletes both ways: a removed resource cancels the appointment, a cancelled appointment removes its resource',
    async run(run) {
      const lunch = (await appointmentLinkedTo(run, run.seeded.lunch))!;
      await run.sut.other.deleteExternal(run.seeded.lunch);
      await expect
        .poll(async () => {
          await poll();
          return (await api.get<AppointmentOutput>(`/appointments/${lunch.id}`)).body.deleted_at;
        }, WAIT)
        .not.toBeNull();

      expect((await api.delete(`/appointments/${run.hostAppointmentId}`)).status).toBeLessThan(300);
      await expect.poll(() => run.sut.read(run.hostResource), WAIT).toBeNull();
      expect(await run.sut.resources()).not.toContain(run.hostResource);
    },
  },
  {
    title:
      'records a conflict when both sides change the title, and the most recent edit wins everywhere',
    async run(run) {
      const standup = (await appointmentLinkedTo(run, run.seeded.standup))!;
      await run.sut.other.updateExternal(run.seeded.standup, { title: 'Standup (phone)' });
      // Our edit comes after the phone's, so it is the most recent one.
      const edited = await api.put<AppointmentOutput>(`/appointments/${standup.id}`, {
        title: 'Standup (host)',
        start: standup.start,
        end: standup.end,
        time_zone: standup.time_zone ?? 'UTC',
      });
      expect(edited.status).toBe(200);
      await expect
        .poll(async () => {
          await poll();
          const res = await api.get<{ data: Conflict[] }>(
            `/calendar-integrations/${run.integrationId}/conflicts`,
          );
          return res.body.data.filter((c) => c.appointment_id === standup.id);
        }, WAIT)
        .toEqual([
          expect.objectContaining({
            fields: expect.arrayContaining(['title']),
            auto_resolution: 'kept_internal',
          }),
        ]);
      await expect
        .poll(async () => linesOf((await run.sut.read(run.seeded.standup))!, 'SUMMARY'), WAIT)
        .toEqual(['SUMMARY:Standup (host)']);
      expect((await api.get<AppointmentOutput>(`/appointments/${standup.id}`)).body.title).toBe(
        'Standup (host)',
      );
      expect(
        (await changes()).some(
          (c) => c.type === 'conflict.created' && c.data.appointment_id === standup.id,
        ),
      ).toBe(true);
    },
  },
  {
    title: 'leaves one resource when the response to a create is lost and the push is retried',
    async run(run) {
      const before = faults.creates.length;
      faults.loseNextCreateResponse();
      const created = await api.post<AppointmentOutput>('/appointments', {
        host_ref: `${run.userId}-lost`,
        user_id: run.userId,
        title: 'Lost response',
        start: at(3, 14),
        end: at(3, 15),
        time_zone: 'UTC',
      });
      expect(created.status).toBe(201);
      await expect
        .poll(
          async () =>
            (await api.get<AppointmentOutput>(`/appointments/${created.body.id}`)).body.links[0]
              ?.state,
          WAIT,
        )
        .toBe('synced');
      const resource = (await api.get<AppointmentOutput>(`/appointments/${created.body.id}`)).body
        .links[0]!.provider_event_id;
      // Every create went to the one resource name chosen before the first call: either the
      // retried push sent it again and found the first one's work (412), or a pull saw the
      // resource first and linked it.
      const sent = faults.creates.slice(before);
      expect(sent.length).toBeGreaterThanOrEqual(1);
      expect(new Set(sent)).toEqual(new Set([resource]));
      const holding: string[] = [];
      for (const url of await run.sut.resources()) {
        if ((await run.sut.read(url))?.includes(`X-CALSYNC-APPOINTMENT-ID:${created.body.id}`))
          holding.push(url);
      }
      expect(holding).toEqual([resource]);
      expect(await attempts(run)).toContainEqual(
        expect.objectContaining({
          operation: 'push',
          status: 'retrying',
          error_class: 'transient',
        }),
      );
    },
  },
  {
    title:
      "repeats a create with the same key through the connection's adapter and reuses the first resource",
    async run(run) {
      const session = await openProviderSession(rt, run.integrationId);
      const request = {
        calendarId: run.sut.calendarUrl,
        idempotencyKey: `repeat-${run.userId}`,
        appointmentId: randomUUID(),
        iCalUID: `repeat-${run.userId}@calsync`,
        content: eventContent('Repeated create', at(6, 9)),
        series: null,
      };
      const first = await session.adapter.createEvent(request);
      const second = await session.adapter.createEvent(request);
      expect([first.reused, second.reused]).toEqual([false, true]);
      expect(second.event.externalId).toBe(first.event.externalId);
      const holding: string[] = [];
      for (const url of await run.sut.resources()) {
        if ((await run.sut.read(url))?.includes(`UID:${request.iCalUID}`)) holding.push(url);
      }
      expect(holding).toEqual([first.event.externalId]);
      await session.adapter.deleteEvent({
        calendarId: run.sut.calendarUrl,
        externalId: first.event.externalId,
        etag: null,
      });
      expect(await run.sut.read(first.event.externalId)).toBeNull();
    },
  },
  {
    title: 'resyncs in full when the server rejects the sync-token, without duplicates',
    async run(run) {
      const countBefore = (await appointments(run)).length;
      const newcomer = await run.sut.other.createExternal(eventContent('Planning', at(4, 8)));
      expiry.expireAll();
      const sync = await api.post<{ sync_id: string }>(
        `/calendar-integrations/${run.integrationId}/sync`,
        {},
      );
      expect(sync.status).toBe(202);
      await expect
        .poll(async () => (await appointmentLinkedTo(run, newcomer))?.title, WAIT)
        .toBe('Planning');
      const all = await appointments(run);
      expect(all).toHaveLength(countBefore + 1);
      const linked = all.flatMap((a) => a.links.map((l) => l.provider_event_id));
      expect(new Set(linked).size).toBe(linked.length);
      // The appointment can be visible before the resync attempt row is closed.
      await expect
        .poll(async () => attempts(run), WAIT)
        .toContainEqual(expect.objectContaining({ operation: 'full_resync', status: 'success' }));
      expect(await attempts(run)).toContainEqual(
        expect.objectContaining({ status: 'retrying', error_class: 'cursor_expired' }),
      );
    },
  },
  {
    title:
      "keeps another client's X-*, COLOR, CATEGORIES, ORGANIZER and VALARM lines byte for byte through our update",
    async run(run) {
      const day = at(5, 12).slice(0, 10).replaceAll('-', '');
      const uid = `dentist-${run.userId}@other.example`;
      const url = await run.sut.other.putRaw(
        `dentist-${run.userId}.ics`,
        [
          'BEGIN:VCALENDAR',
          'VERSION:2.0',
          'PRODID:-//Other client//EN',
          'BEGIN:VEVENT',
          `UID:${uid}`,
          'DTSTAMP:20260101T000000Z',
          'LAST-MODIFIED:20260101T000000Z',
          `DTSTART:${day}T120000Z`,
          `DTEND:${day}T130000Z`,
          'SUMMARY:Dentist',
          'ORGANIZER;CN=Ann:mailto:ann@other.example',
          `ATTENDEE;CN=Ann;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:ann@other.example`,
          'COLOR:turquoise',
          'CATEGORIES:Health,Personal',
          'X-OTHER-CLIENT-TAG;X-SOURCE=phone:keep me exactly as I am\\, please',
          'X-OTHER-CLIENT-NOTE:a long unmodelled property that the other client folded when it wro',
          ' te it\\, so the continuation line has to survive too',
          'BEGIN:VALARM',
          'ACTION:DISPLAY',
          'DESCRIPTION:Reminder',
          'TRIGGER:-PT30M',
          'END:VALARM',
          'END:VEVENT',
          'END:VCALENDAR',
          '',
        ].join('\r\n'),
      );
      await expect
        .poll(async () => {
          await poll();
          return (await appointmentLinkedTo(run, url))?.title;
        }, WAIT)
        .toBe('Dentist');
      const before = (await run.sut.read(url))!;
      const kept = ['X-OTHER', 'COLOR', 'CATEGORIES', 'ORGANIZER', 'ATTENDEE'].flatMap((n) =>
        linesOf(before, n),
      );
      expect(kept.length).toBeGreaterThanOrEqual(6);
      const alarm = before.slice(before.indexOf('BEGIN:VALARM'), before.indexOf('END:VALARM'));
      expect(alarm).toContain('TRIGGER:-PT30M');

      const dentist = (await appointmentLinkedTo(run, url))!;
      const edited = await api.put<AppointmentOutput>(`/appointments/${dentist.id}`, {
        title: 'Dentist (rescheduled by the host)',
        start: dentist.start,
        end: dentist.end,
        time_zone: dentist.time_zone ?? 'UTC',
      });
      expect(edited.status).toBe(200);
      await expect
        .poll(async () => linesOf((await run.sut.read(url))!, 'SUMMARY'), WAIT)
        .toEqual(['SUMMARY:Dentist (rescheduled by the host)']);
      const after = (await run.sut.read(url))!;
      for (const line of kept) expect(after).toContain(line);
      expect(after).toContain(alarm);
      expect(after.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    },
  },
  {
    title:
      'refuses a wrong password with 422 caldav_auth_failed and a hint (iCloud: app-specific password); only where the server checks passwords, which Xandikos does not',
    needsAuthentication: true,
    async run(run) {
      const generic = await api.post<{ error: { code: string; details: { hint: string } } }>(
        '/calendar-integrations',
        {
          provider: 'caldav',
          user_id: run.userId,
          server_url: run.sut.server.serverUrl,
          username: run.sut.username,
          password: 'not-the-password',
        },
      );
      expect(generic.status).toBe(422);
      expect(generic.body.error.code).toBe('caldav_auth_failed');
      expect(generic.body.error.details.hint).toMatch(/app password/);
      const icloud = await api.post<{ error: { code: string; details: { hint: string } } }>(
        '/calendar-integrations',
        {
          provider: 'icloud',
          user_id: run.userId,
          server_url: run.sut.server.serverUrl,
          username: run.sut.username,
          password: 'my-apple-id-password',
        },
      );
      expect(icloud.status).toBe(422);
      expect(icloud.body.error.code).toBe('caldav_auth_failed');
      expect(icloud.body.error.details.hint).toMatch(/app-specific password/);
      const integrations = await api.get<List<IntegrationOutput>>(
        `/calendar-integrations?user_id=${run.userId}`,
      );
      expect(integrations.body.data).toHaveLength(1);
    },
  },
  {
    title:
      'marks the connection needs_reauth when the server stops taking the password, and reconnecting resumes it; only where the server checks passwords, which Xandikos does not',
    needsAuthentication: true,
    async run(run) {
      faults.rejectPassword(true);
      try {
        const sync = await api.post(`/calendar-integrations/${run.integrationId}/sync`, {});
        expect(sync.status).toBe(202);
        await expect
          .poll(
            async () =>
              (await api.get<IntegrationOutput>(`/calendar-integrations/${run.integrationId}`)).body
                .sync_status,
            WAIT,
          )
          .toBe('needs_reauth');
      } finally {
        faults.rejectPassword(false);
      }
      expect(
        (await changes()).some(
          (c) => c.type === 'integration.updated' && c.data.sync_status === 'needs_reauth',
        ),
      ).toBe(true);
      const again = await api.post<IntegrationOutput>('/calendar-integrations', {
        provider: 'caldav',
        user_id: run.userId,
        server_url: run.sut.server.serverUrl,
        username: run.sut.username,
        password: run.sut.password,
      });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ id: run.integrationId, sync_status: 'active' });
    },
  },
];

function describeServer(kind: 'radicale' | 'xandikos'): void {
  describe(`CalDAV end to end on ${kind}`, () => {
    const run = { userId: `${kind}-user` } as Run;
    beforeAll(async () => {
      run.sut = await startCalDAVServer(kind);
      run.seeded = {
        standup: await run.sut.other.createExternal(eventContent('Standup', at(1, 9))),
        lunch: await run.sut.other.createExternal(eventContent('Lunch', at(1, 12))),
      };
    });
    afterAll(async () => {
      // Stop syncing before the server goes away, so the next describe's polls skip it.
      if (run.integrationId) await api.delete(`/calendar-integrations/${run.integrationId}`);
      await run.sut?.server.stop();
    });
    for (const scenario of scenarios) {
      if (scenario.needsAuthentication && kind === 'xandikos') continue;
      it(scenario.title, () => scenario.run(run));
    }
  });
}

describeServer('radicale');
describeServer('xandikos');
