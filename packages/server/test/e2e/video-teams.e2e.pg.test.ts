import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentOutput } from '../../src/http/schemas/appointment.js';
import {
  startTeamsE2EServer,
  type HttpClient,
  type TeamsE2EServer,
} from './video-teams-e2e-fixture.js';

/** An event as the mailbox owner sees it in Graph. */
interface GraphEvent {
  id: string;
  subject: string;
  start: { dateTime: string; timeZone: string };
  location?: { displayName?: string };
  isOnlineMeeting?: boolean;
  onlineMeeting?: { joinUrl?: string } | null;
}

interface Meeting {
  id: string;
  status: string;
  platform: string;
  join_url: string | null;
}

interface Change {
  type: string;
  data: Record<string, unknown>;
}

const POLL = { timeout: 20_000, interval: 250 };
/** Each test waits for several workers in turn. */
const TEST_TIMEOUT = 60_000;
const EMAIL = 'tess@contoso.example';

/** `hour` o'clock UTC, `days` from today. */
function at(days: number, hour: number): string {
  const now = new Date();
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour),
  ).toISOString();
}

describe('Teams meetings end to end: server, workers and Graph in the sandbox', () => {
  let s: TeamsE2EServer;
  let outlook: HttpClient;
  let integrationId = '';

  beforeAll(async () => {
    s = await startTeamsE2EServer();
    ({ outlook, integrationId } = await s.connect(EMAIL));
    expect(integrationId).not.toBe('');
    const res = await s.api.call('PUT', `/calendar-integrations/${integrationId}`, {
      privacy_level: 'full',
      create_video_meetings: true,
      video_platform: 'teams',
    });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await s?.close();
  });

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
  /** The mailbox's events with `subject` (the test titles are unique). */
  const eventsTitled = async (subject: string) =>
    (await outlook.get<{ value: GraphEvent[] }>('/events?$top=500')).body.value.filter(
      (e) => e.subject === subject,
    );
  const onlyEvent = async (subject: string) => {
    await expect.poll(async () => (await eventsTitled(subject)).length, POLL).toBe(1);
    return (await eventsTitled(subject))[0]!;
  };
  const linkOf = async (id: string) => (await appointment(id)).links[0];
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

  it(
    'stores the join URL Graph made, keeps it on reschedule, and deletes the event on cancel',
    async () => {
      const apt = await virtual('Teams consultation', 3);
      const meeting = await activeMeeting(apt.id);
      expect(meeting.platform).toBe('teams');
      const event = await onlyEvent(apt.title);
      expect(event.isOnlineMeeting).toBe(true);
      expect(event.onlineMeeting?.joinUrl).toBeTruthy();
      expect(meeting.join_url).toBe(event.onlineMeeting?.joinUrl);
      expect((await appointment(apt.id)).meeting_url).toBe(meeting.join_url);

      expect((await edit(apt, { start: at(4, 13), end: at(4, 15) })).status).toBe(200);
      await expect
        .poll(async () => Date.parse(`${(await onlyEvent(apt.title)).start.dateTime}Z`), POLL)
        .toBe(Date.parse(at(4, 13)));
      const moved = await onlyEvent(apt.title);
      expect(moved.id).toBe(event.id);
      expect(moved.onlineMeeting?.joinUrl).toBe(meeting.join_url);
      expect((await meetingOf(apt.id))?.join_url).toBe(meeting.join_url);

      expect((await s.api.call('DELETE', `/appointments/${apt.id}`)).status).toBe(200);
      await expect.poll(async () => (await eventsTitled(apt.title)).length, POLL).toBe(0);
      await expect.poll(() => meetingOf(apt.id), POLL).toBeNull();
    },
    TEST_TIMEOUT,
  );

  it(
    'recreates the event without the Teams meeting when the appointment becomes in person',
    async () => {
      const apt = await virtual('Teams becomes in person', 5);
      const meeting = await activeMeeting(apt.id);
      const before = await onlyEvent(apt.title);
      expect(before.onlineMeeting?.joinUrl).toBe(meeting.join_url);

      await edit(apt, { location_type: 'in_person', location: 'Room 4' });
      await expect
        .poll(async () => {
          const events = await eventsTitled(apt.title);
          return events.map((e) => [e.location?.displayName, e.isOnlineMeeting, e.onlineMeeting]);
        }, POLL)
        .toEqual([['Room 4', false, null]]);
      const after = await onlyEvent(apt.title);
      expect(after.id).not.toBe(before.id);
      expect((await outlook.get(`/events/${before.id}`)).status).toBe(404);
      await expect
        .poll(async () => [
          (await linkOf(apt.id))?.provider_event_id,
          (await linkOf(apt.id))?.state,
        ])
        .toEqual([after.id, 'synced']);
      expect(await appointment(apt.id)).toMatchObject({ meeting_url: null, video_meeting: null });
    },
    TEST_TIMEOUT,
  );

  it(
    'a recreate whose answer is lost and whose delete fails once still ends with one event',
    async () => {
      const apt = await virtual('Teams recreate interrupted', 7);
      await activeMeeting(apt.id);
      const before = await onlyEvent(apt.title);
      const control = s.sandbox.sandbox.control;
      await control.addFault({
        provider: 'microsoft',
        method: 'POST',
        pathPattern: '/events$',
        status: 503,
        when: 'after',
        count: 1,
      });
      await control.addFault({
        provider: 'microsoft',
        method: 'DELETE',
        pathPattern: `/events/${before.id}$`,
        status: 503,
        count: 1,
      });
      await edit(apt, { location_type: 'in_person', location: 'Room 9' });
      await expect
        .poll(async () => {
          const events = await eventsTitled(apt.title);
          return events.map((e) => [
            e.location?.displayName,
            e.isOnlineMeeting,
            e.id === before.id,
          ]);
        }, POLL)
        .toEqual([['Room 9', false, false]]);
      const after = await onlyEvent(apt.title);
      expect(after.id).not.toBe(before.id);
      await expect
        .poll(async () => {
          const link = await linkOf(apt.id);
          return [link?.provider_event_id, link?.state];
        }, POLL)
        .toEqual([after.id, 'synced']);
      expect((await outlook.get(`/events/${before.id}`)).status).toBe(404);
      expect(await eventsTitled(apt.title)).toHaveLength(1);
    },
    TEST_TIMEOUT,
  );

  it(
    'a failing create leaves the appointment synced, tells the host, and takes a manual link',
    async () => {
      // Both first creates of the event are refused (the plain push and the one asking for
      // Teams, in either order; a 400 is not retried), so Graph never hands back a join URL.
      await s.sandbox.sandbox.control.addFault({
        provider: 'microsoft',
        method: 'POST',
        pathPattern: '/events$',
        status: 400,
        count: 2,
      });
      const apt = await virtual('Teams refused', 6);
      await expect
        .poll(
          async () =>
            (await changes()).find(
              (c) => c.type === 'video_meeting.failed' && c.data.appointment_id === apt.id,
            )?.data,
          POLL,
        )
        .toMatchObject({ platform: 'teams', operation: 'create' });
      expect((await appointment(apt.id)).video_meeting).toMatchObject({ status: 'failed' });
      const plain = await onlyEvent(apt.title);
      expect(plain.isOnlineMeeting).toBe(false);
      await expect.poll(async () => (await linkOf(apt.id))?.state, POLL).toBe('synced');

      const manual = 'https://video.example.com/room/77';
      expect((await edit(apt, { meeting_url: manual })).body.meeting_url).toBe(manual);
      await expect
        .poll(async () => (await onlyEvent(apt.title)).location?.displayName, POLL)
        .toBe(manual);
      expect((await appointment(apt.id)).meeting_url).toBe(manual);
      expect((await appointment(apt.id)).video_meeting).toMatchObject({ status: 'failed' });
    },
    TEST_TIMEOUT,
  );
});
