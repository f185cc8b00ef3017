import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentOutput } from '../../src/http/schemas/appointment.js';
import type { IntegrationOutput } from '../../src/http/schemas/integration.js';
import { WATCH_RENEWAL_QUEUE } from '../../src/jobs/queues.js';
import {
  startGoogleE2EServer,
  type GoogleCalendarUser,
  type GoogleE2EServer,
} from './google-e2e-fixture.js';
import { appointmentReader } from './support/appointments.js';

/** An event as the user's own Google Calendar shows it. */
interface GoogleEvent {
  id: string;
  status: string;
  summary?: string;
  extendedProperties?: { private?: Record<string, string> };
}

interface Change {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

const POLL = { timeout: 20_000, interval: 200 };
const EMAIL = 'ann@example.com';

/** `hour` o'clock UTC, `days` from today. */
function at(days: number, hour: number): string {
  const now = new Date();
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour),
  ).toISOString();
}

const timed = (days: number, hour: number) => ({
  start: { dateTime: at(days, hour) },
  end: { dateTime: at(days, hour + 1) },
});

describe('Google end to end: server, Postgres, pg-boss workers and the sandbox', () => {
  let s: GoogleE2EServer;
  let google: GoogleCalendarUser;
  let integrationId = '';

  beforeAll(async () => {
    s = await startGoogleE2EServer();
    google = await s.googleAccount(EMAIL);
  });
  afterAll(async () => {
    await s?.close();
  });

  const reader = () => appointmentReader(s.api, s.userId, { from: at(-2, 0), to: at(20, 0) });
  const appointments = () => reader().appointments();
  const appointment = (id: string) => reader().appointment(id);
  const titled = (title: string) => reader().liveTitled(title);
  const googleEvents = async () =>
    (await google.events.get<{ items: GoogleEvent[] }>('/events?showDeleted=true&maxResults=2500'))
      .body.items;
  const liveGoogleEvents = async (summary: string) =>
    (await googleEvents()).filter((e) => e.summary === summary && e.status !== 'cancelled');
  const googleEventOf = async (appointmentId: string) =>
    (await googleEvents()).find(
      (e) => e.extendedProperties?.private?.calsyncAppointmentId === appointmentId,
    );
  const integration = async () =>
    (await s.api.get<IntegrationOutput>(`/calendar-integrations/${integrationId}`)).body;
  const changes = async () =>
    (await s.api.get<{ changes: Change[] }>('/changes?after=0&limit=1000')).body.changes;
  const createHostAppointment = async (hostRef: string, title: string, days: number) => {
    const res = await s.api.call<AppointmentOutput>('POST', '/appointments', {
      user_id: s.userId,
      host_ref: hostRef,
      title,
      start: at(days, 9),
      end: at(days, 10),
      time_zone: 'Europe/Berlin',
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const webhookMeasurements = async () => {
    const text = (await s.raw.get('/metrics')).text;
    const line = /^calsync_webhook_to_applied_seconds_count(?:\{[^}]*\})? (\d+)/m.exec(text);
    return Number(line?.[1] ?? 0);
  };
  /** Runs the watch renewal job (cron every 15 minutes in production) and waits for a channel. */
  const openWatchChannel = async () => {
    await s.t.boss.send(WATCH_RENEWAL_QUEUE, {});
    await expect
      .poll(async () => {
        const rows = await s.db.sql`
          select 1 from watch_channels where connection_id = ${integrationId} and status = 'active'`;
        return rows.length;
      }, POLL)
      .toBeGreaterThan(0);
  };
  /** Connects the sandbox account through authorize → sandbox consent → callback page. */
  const connectThroughBrowserFlow = async () => {
    const authorize = await s.api.call<{ authorization_url: string; state: string }>(
      'POST',
      '/calendar-integrations/google/authorize',
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
    expect(callback.startsWith(`${s.baseUrl}/api/v1/calendar-integrations/google/callback?`)).toBe(
      true,
    );
    expect(new URL(callback).searchParams.get('state')).toBe(authorize.body.state);
    const page = await fetch(callback, { headers: { cookie } });
    const html = await page.text();
    return { authorize: authorize.body, status: page.status, html };
  };

  describe('connect', () => {
    it('authorizes with state, PKCE, offline access and the login hint', async () => {
      const res = await s.api.call<{ authorization_url: string; state: string }>(
        'POST',
        '/calendar-integrations/google/authorize',
        { user_id: s.userId, login_hint: EMAIL },
      );
      expect(
        res.body.authorization_url.startsWith(
          `${s.baseUrl}/api/v1/calendar-integrations/google/start?ticket=`,
        ),
      ).toBe(true);
      const start = await fetch(res.body.authorization_url, { redirect: 'manual' });
      const url = new URL(start.headers.get('location')!);
      expect(url.href.startsWith(`${s.sandbox.url}/google/oauth2/v2/auth`)).toBe(true);
      expect(Object.fromEntries(url.searchParams)).toMatchObject({
        response_type: 'code',
        state: res.body.state,
        code_challenge_method: 'S256',
        access_type: 'offline',
        prompt: 'consent',
        login_hint: EMAIL,
        redirect_uri: `${s.baseUrl}/api/v1/calendar-integrations/google/callback`,
      });
      expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await s.api.get('/providers')).body).toEqual({
        data: [{ provider: 'google', flow: 'oauth' }],
      });
    });

    it('connects through the callback page, lists the calendars and imports existing events', async () => {
      for (const [title, days] of [
        ['Dentist', 1],
        ['Team lunch', 2],
      ] as const) {
        const res = await google.events.call('POST', '/events', {
          summary: title,
          ...timed(days, 12),
        });
        expect(res.status).toBe(200);
      }
      const { html, status } = await connectThroughBrowserFlow();
      expect(status).toBe(200);
      expect(html).toContain('"status":"connected"');
      integrationId = /"integrationId":"([^"]+)"/.exec(html)?.[1] ?? '';
      expect(integrationId).not.toBe('');

      expect(await integration()).toMatchObject({
        provider: 'google',
        account_email: EMAIL,
        sync_status: 'active',
      });
      const calendars = (
        await s.api.get<{ data: { provider_calendar_id: string; selected: boolean }[] }>(
          `/calendar-integrations/${integrationId}/calendars`,
        )
      ).body.data;
      expect(calendars.length).toBe(2);
      expect(calendars.find((c) => c.provider_calendar_id === EMAIL)).toMatchObject({
        selected: true,
        destination: true,
      });

      await expect
        .poll(async () => (await appointments()).map((a) => a.title).sort(), POLL)
        .toEqual(['Dentist', 'Team lunch']);
      for (const imported of await appointments()) {
        expect(imported.source).toBe('google');
        expect(imported.links).toEqual([
          expect.objectContaining({ integration_id: integrationId, state: 'synced' }),
        ]);
      }
    });
  });

  describe('host appointment pushed to Google', () => {
    it('appears in the user calendar once, linked to the appointment', async () => {
      const created = await createHostAppointment('push-1', 'Host meeting', 3);
      await expect
        .poll(async () => (await googleEventOf(created.id))?.summary, POLL)
        .toBe('Host meeting');
      await expect
        .poll(async () => (await appointment(created.id)).links.map((l) => l.state), POLL)
        .toEqual(['synced']);
      expect(await liveGoogleEvents('Host meeting')).toHaveLength(1);
    });
  });

  describe('external edit through the webhook', () => {
    it('opens a watch channel on the calendar (the renewal job)', openWatchChannel);

    it('applies an edit made in Google, measured from the notification', async () => {
      const [dentist] = await titled('Dentist');
      const eventId = dentist!.links[0]!.provider_event_id;
      const measuredBefore = await webhookMeasurements();
      const res = await google.events.call('PATCH', `/events/${eventId}`, {
        summary: 'Dentist (moved)',
        location: 'Main street 1',
      });
      expect(res.status).toBe(200);
      await expect
        .poll(async () => (await appointment(dentist!.id)).title, POLL)
        .toBe('Dentist (moved)');
      expect((await appointment(dentist!.id)).location).toBe('Main street 1');
      expect(await webhookMeasurements()).toBeGreaterThan(measuredBefore);
    });

    it('refuses unknown channels and wrong tokens with the same answer', async () => {
      const [channel] = await s.db.sql<{ channel_id: string; resource_id: string }[]>`
        select channel_id, resource_id from watch_channels
        where connection_id = ${integrationId} and status = 'active'`;
      const notify = (channelId: string, token: string) =>
        fetch(`${s.baseUrl}/api/v1/webhooks/google`, {
          method: 'POST',
          headers: {
            'x-goog-channel-id': channelId,
            'x-goog-channel-token': token,
            'x-goog-resource-id': channel!.resource_id,
            'x-goog-resource-state': 'exists',
            'x-goog-message-number': '99',
          },
        });
      const unknown = await notify('no-such-channel', 'whatever');
      const forged = await notify(channel!.channel_id, 'forged-token');
      expect(unknown.status).toBe(401);
      expect(forged.status).toBe(401);
      expect(await unknown.text()).toEqual(await forged.text());
    });
  });

  describe('deletes both ways', () => {
    it('a host cancellation removes the Google event', async () => {
      const created = await createHostAppointment('delete-1', 'Cancelled by host', 4);
      await expect
        .poll(async () => (await googleEventOf(created.id))?.status, POLL)
        .toBe('confirmed');
      expect((await s.api.call('DELETE', `/appointments/${created.id}`)).status).toBe(200);
      await expect
        .poll(async () => (await googleEventOf(created.id))?.status, POLL)
        .toBe('cancelled');
    });

    it('a deletion in Google removes the imported appointment', async () => {
      const [lunch] = await titled('Team lunch');
      const eventId = lunch!.links[0]!.provider_event_id;
      expect((await google.events.call('DELETE', `/events/${eventId}`)).status).toBe(204);
      await expect
        .poll(async () => {
          const after = await appointment(lunch!.id);
          return after.deleted_at !== null || after.status === 'cancelled';
        }, POLL)
        .toBe(true);
      expect(await titled('Team lunch')).toHaveLength(0);
    });
  });

  describe('both sides edited', () => {
    it('records a conflict and keeps the most recent edit on both sides', async () => {
      const created = await createHostAppointment('conflict-1', 'Planning', 5);
      await expect
        .poll(async () => (await googleEventOf(created.id))?.summary, POLL)
        .toBe('Planning');
      const eventId = (await googleEventOf(created.id))!.id;
      // Calsync's own writes (PATCH) fail for now, so the host edit stays unsent…
      await s.sandbox.sandbox.control.addFault({
        provider: 'google',
        method: 'PATCH',
        pathPattern: /\/events\/[^/]+$/,
        status: 503,
      });
      const hostEdit = await s.api.call('PUT', `/appointments/${created.id}`, {
        title: 'Planning (host)',
        start: at(5, 9),
        end: at(5, 10),
        time_zone: 'Europe/Berlin',
      });
      expect(hostEdit.status).toBe(200);
      // …while the user edits the same field in Google a moment later (a PUT, not held back).
      const current = (await google.events.get<Record<string, unknown>>(`/events/${eventId}`)).body;
      const userEdit = await google.events.call('PUT', `/events/${eventId}`, {
        ...current,
        summary: 'Planning (Google)',
      });
      expect(userEdit.status).toBe(200);

      type Conflict = { appointment_id: string; fields: string[]; auto_resolution: string };
      await expect
        .poll(async () => {
          const list = (
            await s.api.get<{ data: Conflict[] }>(
              `/calendar-integrations/${integrationId}/conflicts`,
            )
          ).body.data;
          return list.find((c) => c.appointment_id === created.id);
        }, POLL)
        .toMatchObject({
          fields: expect.arrayContaining(['title']),
          auto_resolution: 'kept_external',
        });
      await s.sandbox.sandbox.control.clearFaults();
      await expect
        .poll(async () => (await appointment(created.id)).title, POLL)
        .toBe('Planning (Google)');
      expect((await googleEventOf(created.id))?.summary).toBe('Planning (Google)');
      expect((await changes()).map((c) => c.type)).toContain('conflict.created');
    });
  });

  describe('lost response on insert', () => {
    it('leaves exactly one event in Google, and one appointment linked to it', async () => {
      await s.sandbox.sandbox.control.addFault({
        provider: 'google',
        method: 'POST',
        pathPattern: /^\/calendar\/v3\/calendars\/[^/]+\/events$/,
        status: 503,
        count: 1,
        when: 'after',
      });
      const created = await createHostAppointment('lost-1', 'Lost answer', 6);
      await expect.poll(async () => (await liveGoogleEvents('Lost answer')).length, POLL).toBe(1);
      // The retried create finds the event the lost answer was about and links it…
      await expect
        .poll(async () => (await appointment(created.id)).links.map((l) => l.state), POLL)
        .toEqual(['synced']);
      const [event] = await liveGoogleEvents('Lost answer');
      expect((await appointment(created.id)).links[0]!.provider_event_id).toBe(event!.id);
      // …and the echo of that event is recognised as the host's appointment, not imported again.
      expect((await titled('Lost answer')).map((a) => a.id)).toEqual([created.id]);
      expect(await liveGoogleEvents('Lost answer')).toHaveLength(1);
    });
  });

  describe('access token expiry', () => {
    it('recovers by refreshing the token, and the connection stays active', async () => {
      await google.expire('access_token');
      const created = await createHostAppointment('expired-1', 'After expiry', 7);
      await expect
        .poll(async () => (await googleEventOf(created.id))?.summary, POLL)
        .toBe('After expiry');
      expect((await integration()).sync_status).toBe('active');
    });
  });

  describe('refresh token revoked', () => {
    it('parks the connection as needs_reauth and tells the host', async () => {
      const seenBefore = (await changes()).length;
      await google.expire('refresh_token');
      await google.expire('access_token');
      expect(
        (await s.api.call('POST', `/calendar-integrations/${integrationId}/sync`, {})).status,
      ).toBe(202);
      await expect.poll(async () => (await integration()).sync_status, POLL).toBe('needs_reauth');
      const announced = (await changes())
        .slice(seenBefore)
        .filter((c) => c.type === 'integration.updated');
      expect(announced.map((c) => c.data)).toContainEqual(
        expect.objectContaining({ id: integrationId, sync_status: 'needs_reauth' }),
      );
    });

    it('is active again after the user connects the same account again', async () => {
      const { status, html } = await connectThroughBrowserFlow();
      expect(status).toBe(200);
      expect(html).toContain(`"integrationId":"${integrationId}"`);
      await expect.poll(async () => (await integration()).sync_status, POLL).toBe('active');
    });
  });

  describe('sync token expired (410)', () => {
    it('resyncs the whole window without duplicates', async () => {
      const liveBefore = (await appointments()).filter((a) => a.deleted_at === null);
      await google.expire('sync_tokens');
      // A change in Google notifies the server; its pull meets 410 and starts over.
      const added = await google.events.call('POST', '/events', {
        summary: 'After 410',
        ...timed(8, 15),
      });
      expect(added.status).toBe(200);
      await expect.poll(async () => (await titled('After 410')).length, POLL).toBe(1);
      const liveAfter = (await appointments()).filter((a) => a.deleted_at === null);
      expect(liveAfter.map((a) => a.id).sort()).toEqual(
        [...liveBefore.map((a) => a.id), (await titled('After 410'))[0]!.id].sort(),
      );
      const googleLive = (await googleEvents()).filter((e) => e.status !== 'cancelled');
      const summaries = googleLive.map((e) => e.summary);
      expect(new Set(summaries).size).toBe(summaries.length);
    });
  });
});
