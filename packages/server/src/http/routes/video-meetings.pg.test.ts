import { startSandboxServer, type RunningSandboxServer } from '@calsync/sandbox';
import { createZoomProvider } from '@calsync/zoom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from '../../context.js';
import { createApiKey } from '../../store/api-keys.js';
import { createSyncHooks } from '../../sync/hooks.js';
import { createSyncRuntime } from '../../sync/runtime.js';
import { createSyncFixture, type SyncFixture } from '../../sync/test-fixture.js';
import { apiClient, type ApiClient } from '../../testing/api-client.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import { createTenantFixture } from '../../testing/tenant-fixture.js';
import { composeHooks, createVideoHooks } from '../../video/hooks.js';
import { registerVideoJobs, runVideoMeetingJob } from '../../video/job.js';
import type { VideoRuntime } from '../../video/runtime.js';
import { createApp } from '../app.js';
import type { AppointmentOutput } from '../schemas/appointment.js';
import type { AppServices } from '../services.js';
import type { VideoServices } from './video-meetings.js';

interface Meeting {
  id: string;
  status: string;
  meeting_id: string | null;
  join_url: string | null;
  host_url: string | null;
  passcode: string | null;
  settings: Record<string, unknown>;
  error: string | null;
  updated_at: string;
}

interface ZoomMeeting {
  start_time: string;
  duration: number;
  topic: string;
  password?: string;
  settings: { waiting_room: boolean; auto_recording: string; alternative_hosts: string };
}

describe('video meetings API and lifecycle (Zoom through the sandbox)', () => {
  let db: TestDatabase;
  let t: TestContext;
  let f: SyncFixture;
  let sandbox: RunningSandboxServer;
  let video: VideoRuntime;
  let api: ApiClient;
  let ann: ApiClient;
  let bob: ApiClient;
  let stranger: ApiClient;
  let zoomToken = '';
  const userId = 'ann';

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    sandbox = await startSandboxServer({ port: 0 });
    f = await createSyncFixture(t);
    const ctx: ServerContext = {
      ...t.ctx,
      sync: composeHooks(createSyncHooks(t.ctx.jobs), createVideoHooks(t.ctx.jobs)),
    };
    const rt = createSyncRuntime(ctx, f.registry, t.boss, { runsWorkers: false });
    const zoom = createZoomProvider({
      accountId: 'acct',
      clientId: 'client',
      clientSecret: 'secret',
      baseUrl: `${sandbox.url}/zoom/v2`,
      oauthUrl: `${sandbox.url}/zoom/oauth/token`,
      fetch: (input, init) => fetch(input, init),
      now: () => new Date(),
    });
    video = await registerVideoJobs(rt, { zoom });
    const connection = await f.connection();
    zoomToken = (
      await sandbox.sandbox.control.createAccount({
        provider: 'zoom',
        email: connection.account_email!,
      })
    ).access_token;
    await db.sql`update users set external_id = ${userId} where id = ${f.userId}`;
    const services: AppServices & VideoServices = { sync: rt, video };
    const app = createApp(ctx, services);
    const tenant = await createTenantFixture(db.sql, 'unused', t.clock.now);
    api = apiClient(app, (await createApiKey(db.sql, f.tenantId)).secret_key);
    ann = apiClient(
      app,
      (await api.post<{ token: string }>('/sessions', { user_id: userId })).body.token,
    );
    bob = apiClient(
      app,
      (await api.post<{ token: string }>('/sessions', { user_id: 'bob' })).body.token,
    );
    stranger = apiClient(app, tenant.secretKey);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
    await db?.drop();
  });

  const zoomMeeting = async (id: string) => {
    const res = await fetch(`${sandbox.url}/zoom/v2/meetings/${id}`, {
      headers: { authorization: `Bearer ${zoomToken}` },
    });
    return { status: res.status, body: (await res.json()) as ZoomMeeting };
  };
  let slot = 0;
  const virtualAppointment = async (extra: Record<string, unknown> = {}) => {
    slot++;
    const res = await api.post<AppointmentOutput>('/appointments', {
      user_id: userId,
      title: `Consultation ${slot}`,
      start: `2026-06-${String(10 + slot).padStart(2, '0')}T09:00:00+02:00`,
      end: `2026-06-${String(10 + slot).padStart(2, '0')}T09:45:00+02:00`,
      time_zone: 'Europe/Berlin',
      location_type: 'virtual',
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const appointment = async (id: string) =>
    (await api.get<AppointmentOutput>(`/appointments/${id}`)).body;
  const settle = (appointmentId: string) => runVideoMeetingJob(video, { appointmentId });
  const setAutomatic = (on: boolean) =>
    db.sql`update connections set create_video_meetings = ${on}, video_platform = 'zoom'
           where id = ${f.connectionId}`;

  describe('POST /video-meetings', () => {
    it('creates a Zoom meeting at once, with every setting reaching Zoom', async () => {
      const apt = await virtualAppointment();
      const res = await api.post<Meeting>('/video-meetings', {
        appointment_id: apt.id,
        platform: 'zoom',
        settings: {
          waiting_room: true,
          recording: 'cloud',
          passcode_required: true,
          alternative_hosts: ['Bo@Example.com'],
        },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'active', error: null });
      expect(res.body.join_url).toMatch(/^https?:\/\//);
      expect(res.body.host_url).toMatch(/^https?:\/\//);
      expect(res.body.passcode).toMatch(/^[A-Za-z0-9]{10}$/);
      const zoom = await zoomMeeting(res.body.meeting_id!);
      expect(zoom.status).toBe(200);
      expect(zoom.body).toMatchObject({
        topic: apt.title,
        duration: 45,
        password: res.body.passcode,
        settings: {
          waiting_room: true,
          auto_recording: 'cloud',
          alternative_hosts: 'bo@example.com',
        },
      });
      expect(await appointment(apt.id)).toMatchObject({
        meeting_url: res.body.join_url,
        video_meeting: { id: res.body.id, platform: 'zoom', status: 'active' },
      });
      const stored = await db.sql`select passcode from video_meetings where id = ${res.body.id}`;
      expect(stored[0]!.passcode).not.toBe(res.body.passcode);

      const changed = await api.put<Meeting>(`/video-meetings/${res.body.id}`, {
        settings: { waiting_room: false, recording: 'none', alternative_hosts: [] },
      });
      expect(changed.status).toBe(200);
      expect(changed.body.settings).toEqual({
        waiting_room: false,
        recording: 'none',
        passcode_required: true,
        alternative_hosts: [],
      });
      expect((await zoomMeeting(res.body.meeting_id!)).body.settings).toMatchObject({
        waiting_room: false,
        auto_recording: 'none',
      });

      // What GET returns goes back as PUT unchanged; another id in it is refused.
      const got = (await api.get<Meeting>(`/video-meetings/${res.body.id}`)).body;
      const same = await api.put<Meeting>(`/video-meetings/${res.body.id}`, got);
      expect(same.status).toBe(200);
      expect({ ...same.body, updated_at: got.updated_at }).toEqual(got);
      const otherId = { ...got, id: '00000000-0000-4000-8000-000000000000' };
      expect((await api.put(`/video-meetings/${res.body.id}`, otherId)).status).toBe(400);

      const deleted = await api.delete<Meeting>(`/video-meetings/${res.body.id}`);
      expect(deleted.body.status).toBe('cancelled');
      expect((await zoomMeeting(res.body.meeting_id!)).status).toBe(404);
      expect(await appointment(apt.id)).toMatchObject({ meeting_url: null, video_meeting: null });
    });

    it('validates bodies and keeps users and tenants apart', async () => {
      const apt = await virtualAppointment();
      const bad = [
        { appointment_id: apt.id, platform: 'webex' },
        { appointment_id: 'nope', platform: 'zoom' },
        { appointment_id: apt.id, platform: 'zoom', extra: 1 },
        { appointment_id: apt.id, platform: 'zoom', settings: { alternative_hosts: ['x'] } },
        { appointment_id: apt.id, platform: 'zoom', settings: { recording: 'tape' } },
      ];
      for (const body of bad) {
        const res = await api.post<{ error: { code: string } }>('/video-meetings', body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('invalid_request');
      }
      expect(
        (await bob.post('/video-meetings', { appointment_id: apt.id, platform: 'zoom' })).status,
      ).toBe(404);
      expect(
        (await stranger.post('/video-meetings', { appointment_id: apt.id, platform: 'zoom' }))
          .status,
      ).toBe(404);
      const own = await ann.post<Meeting>('/video-meetings', {
        appointment_id: apt.id,
        platform: 'zoom',
      });
      expect(own.status).toBe(201);
      expect((await bob.get(`/video-meetings/${own.body.id}`)).status).toBe(404);
      expect((await stranger.delete(`/video-meetings/${own.body.id}`)).status).toBe(404);
      expect((await ann.get<Meeting>(`/video-meetings/${own.body.id}`)).body.status).toBe('active');
      const again = await ann.post<{ error: { code: string } }>('/video-meetings', {
        appointment_id: apt.id,
        platform: 'zoom',
      });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('video_meeting_exists');
      const inPerson = await virtualAppointment({ location_type: 'in_person' });
      const refused = await api.post<{ error: { code: string } }>('/video-meetings', {
        appointment_id: inPerson.id,
        platform: 'teams',
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('appointment_not_virtual');
    });
  });

  describe('lifecycle', () => {
    it('creates, moves and cancels the meeting of a virtual appointment by itself', async () => {
      await setAutomatic(true);
      const apt = await virtualAppointment();
      expect(await settle(apt.id)).toBe('settled');
      const created = await appointment(apt.id);
      expect(created.video_meeting).toMatchObject({ platform: 'zoom', status: 'active' });
      expect(created.meeting_url).toBe(created.video_meeting!.join_url);
      const meeting = (await api.get<Meeting>(`/video-meetings/${created.video_meeting!.id}`)).body;

      await api.put(`/appointments/${apt.id}`, {
        title: 'Moved consultation',
        start: '2026-07-01T14:00:00+02:00',
        end: '2026-07-01T15:30:00+02:00',
        time_zone: 'Europe/Berlin',
      });
      expect(await settle(apt.id)).toBe('settled');
      expect((await zoomMeeting(meeting.meeting_id!)).body).toMatchObject({
        topic: 'Moved consultation',
        duration: 90,
        start_time: expect.stringMatching(/^2026-07-01T12:00:00Z$|^2026-07-01T14:00:00$/),
      });
      expect((await appointment(apt.id)).meeting_url).toBe(meeting.join_url);

      await api.delete(`/appointments/${apt.id}`);
      expect(await settle(apt.id)).toBe('settled');
      expect((await zoomMeeting(meeting.meeting_id!)).status).toBe(404);
      expect((await api.get<Meeting>(`/video-meetings/${meeting.id}`)).body.status).toBe(
        'cancelled',
      );
    });

    it('removes the meeting when the appointment stops being virtual', async () => {
      const apt = await virtualAppointment();
      await settle(apt.id);
      const meeting = (await appointment(apt.id)).video_meeting!;
      const zoomId = (await api.get<Meeting>(`/video-meetings/${meeting.id}`)).body.meeting_id!;
      const moved = await api.put<AppointmentOutput>(`/appointments/${apt.id}`, {
        title: apt.title,
        start: apt.start,
        end: apt.end,
        location_type: 'in_person',
        location: 'Room 4',
      });
      expect(moved.status).toBe(200);
      expect(await settle(apt.id)).toBe('settled');
      expect((await zoomMeeting(zoomId)).status).toBe(404);
      expect(await appointment(apt.id)).toMatchObject({ meeting_url: null, video_meeting: null });
    });

    it('retries a transient Zoom failure, fails on a refusal, and takes a manual link', async () => {
      const control = sandbox.sandbox.control;
      await control.addFault({
        provider: 'zoom',
        method: 'POST',
        pathPattern: '/users/.*/meetings',
        status: 503,
        count: 1,
      });
      const flaky = await virtualAppointment();
      expect(await settle(flaky.id)).toBe('retrying');
      const waiting = await appointment(flaky.id);
      expect(waiting.video_meeting).toMatchObject({ status: 'pending' });
      const attempts = await db.sql`
        select status, error_class from sync_attempts
        where appointment_id = ${flaky.id} and operation = 'video_meeting'`;
      expect(attempts).toEqual([{ status: 'retrying', error_class: 'transient' }]);
      expect(await runVideoMeetingJob(video, { appointmentId: flaky.id, attempt: 2 })).toBe(
        'settled',
      );
      expect((await appointment(flaky.id)).video_meeting).toMatchObject({ status: 'active' });

      await control.addFault({
        provider: 'zoom',
        method: 'POST',
        pathPattern: '/users/.*/meetings',
        status: 400,
        count: 1,
      });
      const refused = await virtualAppointment();
      expect(await settle(refused.id)).toBe('failed');
      const failed = await appointment(refused.id);
      expect(failed).toMatchObject({ meeting_url: null, video_meeting: { status: 'failed' } });
      const feed = (
        await api.get<{ changes: { type: string; data: Record<string, unknown> }[] }>(
          '/changes?after=0&limit=1000',
        )
      ).body.changes.filter((c) => c.type === 'video_meeting.failed');
      expect(feed).toEqual([
        expect.objectContaining({
          data: expect.objectContaining({
            appointment_id: refused.id,
            platform: 'zoom',
            operation: 'create',
            error_class: 'non_retryable',
          }),
        }),
      ]);
      const manual = await api.put<AppointmentOutput>(`/appointments/${refused.id}`, {
        title: refused.title,
        start: refused.start,
        end: refused.end,
        meeting_url: 'https://meet.example.com/room-7',
      });
      expect(manual.body.meeting_url).toBe('https://meet.example.com/room-7');
      expect(await settle(refused.id)).toBe('settled');
      expect((await appointment(refused.id)).meeting_url).toBe('https://meet.example.com/room-7');
    });

    it('gives way to a link the host sets over an automatic meeting', async () => {
      const apt = await virtualAppointment();
      await settle(apt.id);
      const meeting = (await appointment(apt.id)).video_meeting!;
      const zoomId = (await api.get<Meeting>(`/video-meetings/${meeting.id}`)).body.meeting_id!;
      await api.put(`/appointments/${apt.id}`, {
        title: apt.title,
        start: apt.start,
        end: apt.end,
        meeting_url: 'https://meet.example.com/mine',
      });
      expect(await settle(apt.id)).toBe('settled');
      expect((await zoomMeeting(zoomId)).status).toBe(404);
      expect(await appointment(apt.id)).toMatchObject({
        meeting_url: 'https://meet.example.com/mine',
        video_meeting: null,
      });
      await api.put(`/appointments/${apt.id}`, {
        title: 'Renamed',
        start: apt.start,
        end: apt.end,
        meeting_url: null,
      });
      expect(await settle(apt.id)).toBe('settled');
      expect(await appointment(apt.id)).toMatchObject({ meeting_url: null, video_meeting: null });
      await setAutomatic(false);
    });
  });
});
