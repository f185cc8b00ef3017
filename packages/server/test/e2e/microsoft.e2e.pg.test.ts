import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentOutput } from '../../src/http/schemas/appointment.js';
import type { IntegrationOutput } from '../../src/http/schemas/integration.js';
import { openCredentials } from '../../src/providers/credentials.js';
import { WATCH_RENEWAL_QUEUE } from '../../src/jobs/queues.js';
import { startMicrosoftE2EServer, type MicrosoftE2EServer } from './microsoft-e2e-fixture.js';
import { httpClient, type HttpClient } from './support/http-client.js';
import { appointmentReader } from './support/appointments.js';

/** An event as the mailbox owner sees it in Graph. */
interface GraphEvent {
  id: string;
  subject: string;
  type: string;
  isOnlineMeeting?: boolean;
  onlineMeeting?: { joinUrl?: string } | null;
  recurrence?: {
    pattern: { type: string; interval: number; daysOfWeek?: string[] };
    range: { type: string; numberOfOccurrences?: number };
  } | null;
}

interface Change {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

interface WatchRow {
  id: string;
  channel_id: string;
  status: string;
  renewed_at: Date | null;
}

const POLL = { timeout: 20_000, interval: 200 };
const EMAIL = 'olivia@contoso.example';
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** `hour` o'clock UTC, `days` from today. */
function at(days: number, hour: number): string {
  const now = new Date();
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour),
  ).toISOString();
}

const graphTime = (days: number, hour: number) => ({
  start: { dateTime: at(days, hour).slice(0, 19), timeZone: 'UTC' },
  end: { dateTime: at(days, hour + 1).slice(0, 19), timeZone: 'UTC' },
});

describe('Microsoft end to end: server, Postgres, pg-boss workers and the Graph emulator', () => {
  let s: MicrosoftE2EServer;
  let outlook: HttpClient;
  let integrationId = '';
  /** Appointments created on the host side, by title. */
  const hosted = new Map<string, AppointmentOutput>();

  /** A fresh control token (expiring the mailbox's access tokens revokes the old one too). */
  const useFreshOutlookToken = async () => {
    const account = await s.sandbox.sandbox.control.createAccount({
      provider: 'microsoft',
      email: EMAIL,
    });
    outlook = httpClient(`${s.sandbox.url}/microsoft/v1.0/me`, () => ({
      authorization: `Bearer ${account.access_token}`,
    }));
  };

  beforeAll(async () => {
    s = await startMicrosoftE2EServer();
    await useFreshOutlookToken();
  });
  afterAll(async () => {
    await s?.close();
  });

  const reader = () => appointmentReader(s.api, s.userId, { from: at(-2, 0), to: at(40, 0) });
  const appointments = () => reader().appointments();
  const appointment = (id: string) => reader().appointment(id);
  const liveTitled = (title: string) => reader().liveTitled(title);
  const outlookEvents = async () =>
    (await outlook.get<{ value: GraphEvent[] }>('/events?$top=500')).body.value;
  const outlookTitled = async (subject: string) =>
    (await outlookEvents()).filter((e) => e.subject === subject);
  const integration = async () =>
    (await s.api.get<IntegrationOutput>(`/calendar-integrations/${integrationId}`)).body;
  const changes = async () =>
    (await s.api.get<{ changes: Change[] }>('/changes?after=0&limit=1000')).body.changes;
  const attempts = async (operation: string) =>
    s.db.sql<{ status: string }[]>`
      select status from sync_attempts
      where connection_id = ${integrationId} and operation = ${operation} order by started_at`;
  const channels = async () =>
    s.db.sql<WatchRow[]>`
      select id, channel_id, status, renewed_at from watch_channels
      where connection_id = ${integrationId} order by created_at`;
  const activeChannel = async () => (await channels()).find((c) => c.status === 'active');
  const storedRefreshToken = async () => {
    const [row] = await s.db.sql<{ id: string; tenant_id: string; credentials: string }[]>`
      select id, tenant_id, credentials from connections where id = ${integrationId}`;
    return openCredentials(s.ctx.keyring, row!, row!.credentials).refreshToken;
  };
  const webhookMeasurements = async () => {
    const text = (await s.raw.get('/metrics')).text;
    const line = /^calsync_webhook_to_applied_seconds_count(?:\{[^}]*\})? (\d+)/m.exec(text);
    return Number(line?.[1] ?? 0);
  };
  const createHostAppointment = async (title: string, days: number, extra: object = {}) => {
    const res = await s.api.call<AppointmentOutput>('POST', '/appointments', {
      user_id: s.userId,
      host_ref: `host-${title}`,
      title,
      start: at(days, 9),
      end: at(days, 10),
      time_zone: 'Europe/Berlin',
      ...extra,
    });
    expect(res.status).toBe(201);
    hosted.set(title, res.body);
    return res.body;
  };
  /** Waits until exactly one Outlook event has `subject`, and returns it. */
  const onlyOutlookEvent = async (subject: string) => {
    await expect.poll(async () => (await outlookTitled(subject)).length, POLL).toBe(1);
    return (await outlookTitled(subject))[0]!;
  };
  const waitSynced = async (appointmentId: string) =>
    expect
      .poll(async () => (await appointment(appointmentId)).links.map((l) => l.state), POLL)
      .toEqual(['synced']);
  /** Connects the mailbox through authorize → the identity platform's consent → callback page. */
  const connectThroughBrowserFlow = async () => {
    const authorize = await s.api.call<{ authorization_url: string; state: string }>(
      'POST',
      '/calendar-integrations/outlook/authorize',
      { user_id: s.userId, login_hint: EMAIL },
    );
    expect(authorize.status).toBe(200);
    // The window starts at Calsync, which binds the flow to it (a cookie) and sends it on.
    const start = await fetch(authorize.body.authorization_url, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const cookie = start.headers.getSetCookie()[0]!.split(';')[0]!;
    const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    expect(consent.status).toBeGreaterThanOrEqual(300);
    expect(consent.status).toBeLessThan(400);
    const callback = consent.headers.get('location')!;
    expect(callback.startsWith(`${s.baseUrl}/api/v1/calendar-integrations/outlook/callback?`)).toBe(
      true,
    );
    expect(new URL(callback).searchParams.get('state')).toBe(authorize.body.state);
    const page = await fetch(callback, { headers: { cookie } });
    return { authorize: authorize.body, status: page.status, html: await page.text() };
  };

  describe('connect', () => {
    it('authorizes on the identity platform v2 with state, PKCE, the scopes and the login hint', async () => {
      const res = await s.api.call<{ authorization_url: string; state: string }>(
        'POST',
        '/calendar-integrations/outlook/authorize',
        { user_id: s.userId, login_hint: EMAIL },
      );
      expect(
        res.body.authorization_url.startsWith(
          `${s.baseUrl}/api/v1/calendar-integrations/outlook/start?ticket=`,
        ),
      ).toBe(true);
      const start = await fetch(res.body.authorization_url, { redirect: 'manual' });
      const url = new URL(start.headers.get('location')!);
      expect(url.href.startsWith(`${s.sandbox.url}/microsoft/common/oauth2/v2.0/authorize?`)).toBe(
        true,
      );
      expect(Object.fromEntries(url.searchParams)).toMatchObject({
        client_id: 'e2e-client',
        response_type: 'code',
        response_mode: 'query',
        state: res.body.state,
        code_challenge_method: 'S256',
        login_hint: EMAIL,
        redirect_uri: `${s.baseUrl}/api/v1/calendar-integrations/outlook/callback`,
        scope: 'offline_access User.Read Calendars.ReadWrite Calendars.ReadWrite.Shared',
      });
      expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await s.api.get('/providers')).body).toEqual({
        data: [{ provider: 'outlook', flow: 'oauth' }],
      });
    });

    it('connects through the callback page, lists the calendars and imports existing events', async () => {
      for (const [subject, days] of [
        ['Dentist', 1],
        ['Team lunch', 2],
      ] as const) {
        const res = await outlook.call('POST', '/events', { subject, ...graphTime(days, 12) });
        expect(res.status).toBe(201);
      }
      const { html, status } = await connectThroughBrowserFlow();
      expect(status).toBe(200);
      expect(html).toContain('"status":"connected"');
      integrationId = /"integrationId":"([^"]+)"/.exec(html)?.[1] ?? '';
      expect(integrationId).not.toBe('');
      expect(await integration()).toMatchObject({
        provider: 'outlook',
        account_email: EMAIL,
        sync_status: 'active',
      });
      const calendars = (
        await s.api.get<{ data: { name: string; selected: boolean; destination: boolean }[] }>(
          `/calendar-integrations/${integrationId}/calendars`,
        )
      ).body.data;
      expect(calendars).toEqual([
        expect.objectContaining({ name: 'Calendar', selected: true, destination: true }),
      ]);
      await expect
        .poll(async () => (await appointments()).map((a) => a.title).sort(), POLL)
        .toEqual(['Dentist', 'Team lunch']);
      for (const imported of await appointments()) {
        expect(imported.links).toEqual([
          expect.objectContaining({ integration_id: integrationId, state: 'synced' }),
        ]);
      }
    });
  });

  describe('host appointment pushed to Outlook', () => {
    it('creates the event in the mailbox, carrying the appointment id', async () => {
      const created = await createHostAppointment('Quarterly review', 3);
      const event = await onlyOutlookEvent('Quarterly review');
      await waitSynced(created.id);
      expect((await appointment(created.id)).links[0]!.provider_event_id).toBe(event.id);
    });
  });

  describe('notifications', () => {
    it('subscribes through the validation handshake when the watch renewal runs', async () => {
      await s.t.boss.send(WATCH_RENEWAL_QUEUE, {});
      await expect.poll(async () => (await activeChannel())?.status, POLL).toBe('active');
      const subscriptions = (
        await outlook.get<{ value: { id: string; notificationUrl: string }[] }>('/../subscriptions')
      ).body.value;
      expect(subscriptions).toEqual([
        expect.objectContaining({
          id: (await activeChannel())!.channel_id,
          notificationUrl: `${s.baseUrl}/api/v1/webhooks/microsoft`,
        }),
      ]);
    });

    it('applies an external edit because Graph notified the webhook', async () => {
      const before = await webhookMeasurements();
      const [dentist] = await outlookTitled('Dentist');
      const res = await outlook.call('PATCH', `/events/${dentist!.id}`, {
        subject: 'Dentist (moved)',
      });
      expect(res.status).toBe(200);
      await expect.poll(async () => (await liveTitled('Dentist (moved)')).length, POLL).toBe(1);
      expect(await liveTitled('Dentist')).toEqual([]);
      await expect.poll(webhookMeasurements, POLL).toBeGreaterThan(before);
    });

    it('refuses a notification with the wrong clientState, saying nothing about why', async () => {
      const channel = (await activeChannel())!;
      const forged = await s.raw.call('POST', '/api/v1/webhooks/microsoft', {
        value: [
          {
            subscriptionId: channel.channel_id,
            clientState: 'guessed',
            changeType: 'updated',
            resource: 'Users/x/Events/y',
          },
        ],
      });
      expect(forged.status).toBe(403);
      expect(forged.body).toEqual({
        error: { code: 'forbidden', message: 'Notification refused.' },
      });
      const unknown = await s.raw.call('POST', '/api/v1/webhooks/microsoft', {
        value: [{ subscriptionId: 'nope', clientState: 'x', changeType: 'updated', resource: 'r' }],
      });
      expect(unknown.status).toBe(403);
      expect(unknown.text).toBe(forged.text);
    });

    it('renews on reauthorizationRequired and subscribes again on subscriptionRemoved', async () => {
      const first = (await activeChannel())!;
      const lifecycle = (event: string, id: string) =>
        s.sandboxHttp.call('POST', `/microsoft/_control/subscriptions/${id}/lifecycle`, {
          lifecycleEvent: event,
        });
      expect((await lifecycle('reauthorizationRequired', first.channel_id)).status).toBeLessThan(
        300,
      );
      await expect
        .poll(async () => (await activeChannel())?.renewed_at ?? null, POLL)
        .not.toBeNull();
      expect((await lifecycle('subscriptionRemoved', first.channel_id)).status).toBeLessThan(300);
      await expect
        .poll(async () => (await activeChannel())?.channel_id, POLL)
        .not.toBe(first.channel_id);
      expect((await channels()).find((c) => c.id === first.id)?.status).toBe('stopped');
      await expect
        .poll(async () => (await attempts('full_resync')).map((a) => a.status), POLL)
        .toContain('success');
      // The new subscription delivers: an external edit still arrives.
      const [lunch] = await outlookTitled('Team lunch');
      await outlook.call('PATCH', `/events/${lunch!.id}`, { subject: 'Team lunch (Thai)' });
      await expect.poll(async () => (await liveTitled('Team lunch (Thai)')).length, POLL).toBe(1);
    });
  });

  describe('deletes both ways', () => {
    it('a cancelled host appointment is deleted from Outlook', async () => {
      const review = hosted.get('Quarterly review')!;
      const event = await onlyOutlookEvent('Quarterly review');
      expect((await s.api.call('DELETE', `/appointments/${review.id}`)).status).toBeLessThan(300);
      await expect
        .poll(async () => (await outlook.get(`/events/${event.id}`)).status, POLL)
        .toBe(404);
    });

    it('an event deleted in Outlook deletes the imported appointment', async () => {
      const [event] = await outlookTitled('Dentist (moved)');
      expect((await outlook.call('DELETE', `/events/${event!.id}`)).status).toBe(204);
      await expect.poll(async () => (await liveTitled('Dentist (moved)')).length, POLL).toBe(0);
      const gone = (await appointments()).find((a) => a.title === 'Dentist (moved)');
      expect(gone?.deleted_at).not.toBeNull();
    });
  });

  describe('conflict', () => {
    it('records both-sides edits as a conflict and the most recent edit wins', async () => {
      const budget = await createHostAppointment('Budget', 4);
      const event = await onlyOutlookEvent('Budget');
      await waitSynced(budget.id);
      // Hold the next delta read, so the host's edit lands before the external one is pulled.
      await s.sandbox.sandbox.control.addFault({
        provider: 'microsoft',
        method: 'GET',
        pathPattern: /calendarView\/delta/,
        latencyMs: 2500,
        count: 1,
      });
      await outlook.call('PATCH', `/events/${event.id}`, { subject: 'Budget (Outlook)' });
      const edit = await s.api.call('PUT', `/appointments/${budget.id}`, {
        title: 'Budget (host)',
        start: budget.start,
        end: budget.end,
        time_zone: 'Europe/Berlin',
      });
      expect(edit.status).toBe(200);
      await expect
        .poll(
          async () =>
            (
              await s.api.get<{ data: { fields: string[]; auto_resolution: string }[] }>(
                `/calendar-integrations/${integrationId}/conflicts`,
              )
            ).body.data,
          POLL,
        )
        .toEqual([
          expect.objectContaining({
            appointment_id: budget.id,
            fields: expect.arrayContaining(['title']),
            auto_resolution: 'kept_internal',
          }),
        ]);
      await expect
        .poll(async () => (await outlook.get<GraphEvent>(`/events/${event.id}`)).body.subject, POLL)
        .toBe('Budget (host)');
      expect((await appointment(budget.id)).title).toBe('Budget (host)');
      expect((await changes()).map((c) => c.type)).toContain('conflict.created');
    });
  });

  describe('lost response on create', () => {
    it('leaves exactly one Outlook event when the create answer is lost', async () => {
      await s.sandbox.sandbox.control.addFault({
        provider: 'microsoft',
        method: 'POST',
        pathPattern: /\/calendars\/[^/]+\/events$/,
        status: 503,
        // Three lost answers: the backoff between them leaves time for Graph's notification of
        // the new event to be pulled while the create is still unconfirmed.
        count: 3,
        when: 'after',
      });
      const created = await createHostAppointment('Lost answer', 5);
      await waitSynced(created.id);
      const event = await onlyOutlookEvent('Lost answer');
      expect(await liveTitled('Lost answer')).toHaveLength(1);
      expect((await appointment(created.id)).links[0]!.provider_event_id).toBe(event.id);
      expect((await attempts('push')).some((a) => a.status === 'retrying')).toBe(true);
    });
  });

  describe('access token expiry', () => {
    it('refreshes, keeps the rotated refresh token, and goes on pushing', async () => {
      const before = await storedRefreshToken();
      await s.sandbox.sandbox.control.expire({
        provider: 'microsoft',
        email: EMAIL,
        what: 'access_token',
      });
      await useFreshOutlookToken();
      const created = await createHostAppointment('After expiry', 6);
      await waitSynced(created.id);
      await onlyOutlookEvent('After expiry');
      expect((await attempts('refresh_token')).map((a) => a.status)).toContain('success');
      const after = await storedRefreshToken();
      expect(after).toBeTruthy();
      expect(after).not.toBe(before);
      expect((await integration()).sync_status).toBe('active');
    });
  });

  describe('expired delta token', () => {
    it('resyncs the whole window without duplicates', async () => {
      const titles = async () =>
        (await appointments())
          .filter((a) => a.deleted_at === null)
          .map((a) => a.title)
          .sort();
      const before = await titles();
      const fullRuns = (await attempts('full_resync')).length;
      await s.sandbox.sandbox.control.expire({
        provider: 'microsoft',
        email: EMAIL,
        what: 'sync_tokens',
      });
      const sync = await s.api.call('POST', `/calendar-integrations/${integrationId}/sync`, {
        mode: 'incremental',
      });
      expect(sync.status).toBe(202);
      await expect
        .poll(
          async () => (await attempts('full_resync')).slice(fullRuns).map((a) => a.status),
          POLL,
        )
        .toContain('success');
      expect(await titles()).toEqual(before);
      const subjects = (await outlookEvents()).map((e) => e.subject);
      expect(new Set(subjects).size).toBe(subjects.length);
    });
  });

  describe('recurring appointment', () => {
    it('pushes a weekly RRULE as a patternedRecurrence and reads it back', async () => {
      const weekday = WEEKDAYS[new Date(at(7, 9)).getUTCDay()]!;
      const series = await createHostAppointment('Weekly sync', 7, {
        recurrence: [`RRULE:FREQ=WEEKLY;BYDAY=${weekday};COUNT=4`],
      });
      await waitSynced(series.id);
      const event = await onlyOutlookEvent('Weekly sync');
      expect(event.type).toBe('seriesMaster');
      expect(event.recurrence).toMatchObject({
        pattern: { type: 'weekly', interval: 1 },
        range: { type: 'numbered', numberOfOccurrences: 4 },
      });
      const sync = await s.api.call('POST', `/calendar-integrations/${integrationId}/sync`, {
        mode: 'incremental',
      });
      expect(sync.status).toBe(202);
      await expect.poll(async () => (await attempts('pull')).at(-1)?.status, POLL).toBe('success');
      const back = await liveTitled('Weekly sync');
      expect(back).toHaveLength(1);
      expect(back[0]!.recurrence.join('\n')).toContain('FREQ=WEEKLY');
      expect(back[0]!.recurrence.join('\n')).toContain('COUNT=4');
    });
  });

  describe('Teams meeting', () => {
    it('a virtual appointment on a Teams connection gets the join URL Graph made', async () => {
      const settings = await s.api.call('PUT', `/calendar-integrations/${integrationId}`, {
        privacy_level: 'full',
        create_video_meetings: true,
        video_platform: 'teams',
      });
      expect(settings.status).toBe(200);
      const call = await createHostAppointment('Design call', 8, { location_type: 'virtual' });
      await expect
        .poll(async () => (await appointment(call.id)).meeting_url || null, POLL)
        .not.toBeNull();
      const event = await onlyOutlookEvent('Design call');
      expect(event.isOnlineMeeting).toBe(true);
      const joinUrl = (await outlook.get<GraphEvent>(`/events/${event.id}`)).body.onlineMeeting
        ?.joinUrl;
      expect(joinUrl).toBeTruthy();
      expect((await appointment(call.id)).meeting_url).toBe(joinUrl);
      expect((await appointment(call.id)).video_meeting).toMatchObject({
        platform: 'teams',
        join_url: joinUrl,
      });
    });
  });

  describe('refresh token revoked', () => {
    it('parks the connection in needs_reauth and tells the host', async () => {
      for (const what of ['refresh_token', 'access_token'] as const) {
        await s.sandbox.sandbox.control.expire({ provider: 'microsoft', email: EMAIL, what });
      }
      await useFreshOutlookToken();
      await s.api.call('POST', `/calendar-integrations/${integrationId}/sync`, {
        mode: 'incremental',
      });
      await expect.poll(async () => (await integration()).sync_status, POLL).toBe('needs_reauth');
      const updates = (await changes()).filter(
        (c) => c.type === 'integration.updated' && c.data.id === integrationId,
      );
      expect(updates.at(-1)?.data).toMatchObject({ sync_status: 'needs_reauth' });
    });

    it('reconnecting the same mailbox resumes the connection', async () => {
      const { html } = await connectThroughBrowserFlow();
      expect(html).toContain(`"integrationId":"${integrationId}"`);
      await expect.poll(async () => (await integration()).sync_status, POLL).toBe('active');
    });
  });
});
