import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentOutput } from '../../src/http/schemas/appointment.js';
import { startVideoE2EServer, type HttpClient, type VideoE2EServer } from './video-e2e-fixture.js';
import { followSignIn } from '../../src/testing/follow-sign-in.js';

/** An event as the user's own Google Calendar shows it. */
interface GoogleEvent {
  id: string;
  status: string;
  summary?: string;
  location?: string;
  start?: { dateTime?: string };
  hangoutLink?: string;
  conferenceData?: { conferenceId?: string; entryPoints?: { uri: string }[] };
  extendedProperties?: { private?: Record<string, string> };
}

interface ZoomMeeting {
  id: number;
  type: number;
  recurrence?: Record<string, unknown>;
  join_url: string;
  start_time: string;
  duration: number;
  agenda: string;
}

interface Meeting {
  id: string;
  status: string;
  join_url: string | null;
  meeting_id: string | null;
}

interface Change {
  type: string;
  data: Record<string, unknown>;
}

const POLL = { timeout: 30_000, interval: 250 };
const EMAIL = 'ann@example.com';

/** `hour` o'clock UTC, `days` from today. */
function at(days: number, hour: number): string {
  const now = new Date();
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour),
  ).toISOString();
}

describe('video meetings end to end: server, workers, Google and Zoom in the sandbox', () => {
  let s: VideoE2EServer;
  let google: HttpClient;
  let zoom: HttpClient;
  let integrationId = '';

  beforeAll(async () => {
    s = await startVideoE2EServer();
    ({ google, zoom } = await s.accounts(EMAIL));
    const authorize = await s.api.call<{ authorization_url: string }>(
      'POST',
      '/calendar-integrations/google/authorize',
      { user_id: s.userId, login_hint: EMAIL },
    );
    const html = await (await followSignIn(authorize.body.authorization_url)).text();
    integrationId = /"integrationId":"([^"]+)"/.exec(html)?.[1] ?? '';
    expect(integrationId).not.toBe('');
    await settings({ privacy_level: 'full', create_video_meetings: true, video_platform: 'zoom' });
  });
  afterAll(async () => {
    await s?.close();
  });

  const settings = async (body: Record<string, unknown>) => {
    const res = await s.api.call('PUT', `/calendar-integrations/${integrationId}`, body);
    expect(res.status).toBe(200);
  };
  const appointment = async (id: string) =>
    (await s.api.get<AppointmentOutput>(`/appointments/${id}`)).body;
  const meetingOf = async (id: string) => {
    const meeting = (await appointment(id)).video_meeting;
    return meeting ? (await s.api.get<Meeting>(`/video-meetings/${meeting.id}`)).body : null;
  };
  const activeMeeting = async (id: string) => {
    await expect.poll(async () => (await meetingOf(id))?.status, POLL).toBe('active');
    return (await meetingOf(id))!;
  };
  const googleEventOf = async (appointmentId: string) =>
    (
      await google.get<{ items: GoogleEvent[] }>('/events?showDeleted=true&maxResults=2500')
    ).body.items.find((e) => e.extendedProperties?.private?.calsyncAppointmentId === appointmentId);
  const zoomStatus = async (meetingId: string) => (await zoom.get(`/meetings/${meetingId}`)).status;
  const changes = async () =>
    (await s.api.get<{ changes: Change[] }>('/changes?after=0&limit=1000')).body.changes;
  const virtual = async (title: string, days: number) => {
    const res = await s.api.call<AppointmentOutput>('POST', '/appointments', {
      user_id: s.userId,
      title,
      start: at(days, 9),
      end: at(days, 10),
      time_zone: 'Europe/Berlin',
      location_type: 'virtual',
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const edit = (apt: AppointmentOutput, body: Record<string, unknown>) =>
    s.api.call<AppointmentOutput>('PUT', `/appointments/${apt.id}`, {
      title: apt.title,
      start: apt.start,
      end: apt.end,
      ...body,
    });

  describe('Zoom', () => {
    it('puts the link into the Google event, moves the meeting on reschedule, deletes it on cancel', async () => {
      const apt = await virtual('Zoom consultation', 3);
      const meeting = await activeMeeting(apt.id);
      expect((await appointment(apt.id)).meeting_url).toBe(meeting.join_url);
      await expect
        .poll(async () => (await googleEventOf(apt.id))?.location, POLL)
        .toBe(meeting.join_url);
      const made = (await zoom.get<ZoomMeeting>(`/meetings/${meeting.meeting_id}`)).body;
      expect(made.join_url).toBe(meeting.join_url);
      expect(made.agenda).toContain(`[calsync:${apt.id}]`);

      const moved = await edit(apt, { start: at(4, 13), end: at(4, 15) });
      expect(moved.status).toBe(200);
      await expect
        .poll(
          async () =>
            (await zoom.get<ZoomMeeting>(`/meetings/${meeting.meeting_id}`)).body.duration,
          POLL,
        )
        .toBe(120);
      await expect
        .poll(async () => Date.parse((await googleEventOf(apt.id))?.start?.dateTime ?? ''), POLL)
        .toBe(Date.parse(at(4, 13)));
      expect((await googleEventOf(apt.id))?.location).toBe(meeting.join_url);

      expect((await s.api.call('DELETE', `/appointments/${apt.id}`)).status).toBe(200);
      await expect.poll(() => zoomStatus(meeting.meeting_id!), POLL).toBe(404);
      await expect.poll(async () => (await googleEventOf(apt.id))?.status, POLL).toBe('cancelled');
      expect((await meetingOf(apt.id)) ?? null).toBeNull();
    });

    it('removes the meeting and the link from the event when the appointment becomes in person', async () => {
      const apt = await virtual('Becomes in person', 5);
      const meeting = await activeMeeting(apt.id);
      await expect
        .poll(async () => (await googleEventOf(apt.id))?.location, POLL)
        .toBe(meeting.join_url);
      await edit(apt, { location_type: 'in_person', location: 'Room 4' });
      await expect.poll(() => zoomStatus(meeting.meeting_id!), POLL).toBe(404);
      await expect
        .poll(async () => {
          const event = await googleEventOf(apt.id);
          return [event?.location, event?.extendedProperties?.private?.calsyncMeetingUrl ?? null];
        }, POLL)
        .toEqual(['Room 4', null]);
      expect(await appointment(apt.id)).toMatchObject({ meeting_url: null, video_meeting: null });
    });

    it('a refused meeting leaves the appointment syncing, tells the host, and takes a manual link', async () => {
      await s.sandbox.sandbox.control.addFault({
        provider: 'zoom',
        method: 'POST',
        pathPattern: '/users/.*/meetings',
        status: 400,
        count: 1,
      });
      const apt = await virtual('Refused meeting', 6);
      await expect
        .poll(
          async () => (await changes()).find((c) => c.type === 'video_meeting.failed')?.data,
          POLL,
        )
        .toMatchObject({ appointment_id: apt.id, platform: 'zoom', error_class: 'non_retryable' });
      expect((await appointment(apt.id)).video_meeting).toMatchObject({ status: 'failed' });
      await expect.poll(async () => (await googleEventOf(apt.id))?.status, POLL).toBe('confirmed');

      const manual = 'https://video.example.com/room/42';
      expect((await edit(apt, { meeting_url: manual })).body.meeting_url).toBe(manual);
      await expect.poll(async () => (await googleEventOf(apt.id))?.location, POLL).toBe(manual);
      expect((await appointment(apt.id)).video_meeting).toMatchObject({ status: 'failed' });
    });

    it('a recurring appointment gets one recurring meeting whose link is on the series', async () => {
      const res = await s.api.call<AppointmentOutput>('POST', '/appointments', {
        user_id: s.userId,
        title: 'Weekly check-in',
        start: at(9, 9),
        end: at(9, 10),
        time_zone: 'UTC',
        location_type: 'virtual',
        recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4'],
      });
      expect(res.status).toBe(201);
      const meeting = await activeMeeting(res.body.id);
      const made = (await zoom.get<ZoomMeeting>(`/meetings/${meeting.meeting_id}`)).body;
      const weekday = new Date(at(9, 9)).getUTCDay() + 1;
      expect(made).toMatchObject({
        type: 8,
        recurrence: { type: 2, repeat_interval: 1, weekly_days: String(weekday), end_times: 4 },
        join_url: meeting.join_url,
      });
      await expect
        .poll(async () => (await googleEventOf(res.body.id))?.location, POLL)
        .toBe(meeting.join_url);
      const instances = (
        await google.get<{ items: GoogleEvent[] }>(
          `/events/${(await googleEventOf(res.body.id))!.id}/instances`,
        )
      ).body.items;
      expect(instances).toHaveLength(4);
      expect(new Set(instances.map((i) => i.location))).toEqual(new Set([meeting.join_url]));

      // A rule Zoom cannot say: one meeting without a fixed time, the link valid for every occurrence.
      const yearly = await s.api.call<AppointmentOutput>('POST', '/appointments', {
        user_id: s.userId,
        title: 'Yearly review',
        start: at(10, 9),
        end: at(10, 10),
        time_zone: 'UTC',
        location_type: 'virtual',
        recurrence: ['RRULE:FREQ=YEARLY;COUNT=3'],
      });
      const floating = await activeMeeting(yearly.body.id);
      const made3 = (await zoom.get<ZoomMeeting>(`/meetings/${floating.meeting_id}`)).body;
      expect(made3.type).toBe(3);
      expect(made3.join_url).toBe(floating.join_url);
    });

    it('creates a meeting on request with the chosen settings, read back from Zoom', async () => {
      await settings({ create_video_meetings: false });
      const apt = await virtual('Requested meeting', 7);
      const res = await s.api.call<Meeting & { passcode: string }>('POST', '/video-meetings', {
        appointment_id: apt.id,
        platform: 'zoom',
        settings: { waiting_room: true, recording: 'local', alternative_hosts: ['bo@example.com'] },
      });
      expect(res.status).toBe(201);
      const made = (
        await zoom.get<{ password: string; settings: Record<string, unknown> }>(
          `/meetings/${res.body.meeting_id}`,
        )
      ).body;
      expect(made.password).toBe(res.body.passcode);
      expect(made.settings).toMatchObject({
        waiting_room: true,
        auto_recording: 'local',
        alternative_hosts: 'bo@example.com',
      });
      await expect
        .poll(async () => (await googleEventOf(apt.id))?.location, POLL)
        .toBe(res.body.join_url);
      await settings({ create_video_meetings: true });
    });
  });

  describe('Google Meet', () => {
    it('asks Google for a conference through the event and records the link it made', async () => {
      await settings({ video_platform: 'google_meet' });
      const apt = await virtual('Meet call', 8);
      const meeting = await activeMeeting(apt.id);
      expect(meeting.join_url).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
      expect((await appointment(apt.id)).meeting_url).toBe(meeting.join_url);
      const event = (await googleEventOf(apt.id))!;
      expect(event.hangoutLink).toBe(meeting.join_url);
      expect(event.conferenceData?.entryPoints?.[0]?.uri).toBe(meeting.join_url);

      // A pull of the calendar finds the conference as recorded: no conflict, no new conference.
      await s.api.call('POST', `/calendar-integrations/${integrationId}/sync`, {
        mode: 'incremental',
      });
      await expect
        .poll(async () => {
          const rows = await s.db.sql`
            select 1 from sync_attempts where connection_id = ${integrationId}
              and operation = 'pull' and status = 'success'`;
          return rows.length;
        }, POLL)
        .toBeGreaterThan(0);
      const conflicts = await s.db.sql`select 1 from conflicts where appointment_id = ${apt.id}`;
      expect(conflicts.length).toBe(0);
      expect((await googleEventOf(apt.id))?.hangoutLink).toBe(meeting.join_url);

      await edit(apt, { location_type: 'in_person' });
      await expect
        .poll(async () => (await googleEventOf(apt.id))?.conferenceData ?? null, POLL)
        .toBeNull();
      expect(await appointment(apt.id)).toMatchObject({ meeting_url: null, video_meeting: null });
    });

    it('keeps the conference when the appointment moves and drops the event on cancel', async () => {
      const apt = await virtual('Meet moved', 11);
      const meeting = await activeMeeting(apt.id);
      expect((await edit(apt, { start: at(12, 14), end: at(12, 15) })).status).toBe(200);
      await expect
        .poll(async () => Date.parse((await googleEventOf(apt.id))?.start?.dateTime ?? ''), POLL)
        .toBe(Date.parse(at(12, 14)));
      const moved = (await googleEventOf(apt.id))!;
      expect(moved.hangoutLink).toBe(meeting.join_url);
      expect(moved.conferenceData?.entryPoints?.[0]?.uri).toBe(meeting.join_url);
      expect((await meetingOf(apt.id))?.join_url).toBe(meeting.join_url);

      expect((await s.api.call('DELETE', `/appointments/${apt.id}`)).status).toBe(200);
      await expect.poll(async () => (await googleEventOf(apt.id))?.status, POLL).toBe('cancelled');
      await expect.poll(() => meetingOf(apt.id), POLL).toBeNull();
    });

    it('a conference Google fails to make leaves the event synced, tells the host, and takes a manual link', async () => {
      await s.sandbox.sandbox.control.addFault({
        provider: 'google',
        method: 'POST',
        pathPattern: '/events$',
        status: 400,
        count: 2,
      });
      const apt = await virtual('Meet refused', 13);
      await expect
        .poll(
          async () =>
            (await changes()).find(
              (c) => c.type === 'video_meeting.failed' && c.data.appointment_id === apt.id,
            )?.data,
          POLL,
        )
        .toMatchObject({ platform: 'google_meet', operation: 'create' });
      expect((await appointment(apt.id)).video_meeting).toMatchObject({ status: 'failed' });
      await expect.poll(async () => (await googleEventOf(apt.id))?.status, POLL).toBe('confirmed');
      expect((await googleEventOf(apt.id))?.conferenceData ?? null).toBeNull();

      const manual = 'https://video.example.com/room/meet-fallback';
      expect((await edit(apt, { meeting_url: manual })).body.meeting_url).toBe(manual);
      await expect.poll(async () => (await googleEventOf(apt.id))?.location, POLL).toBe(manual);
      expect((await appointment(apt.id)).video_meeting).toMatchObject({ status: 'failed' });
    });
  });
});
