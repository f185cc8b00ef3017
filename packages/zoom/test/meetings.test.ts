import { NotFoundError } from '@calsync/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isValidZoomPasscode } from '../src/index.js';
import type { VideoMeetingRequest } from '../src/index.js';
import { startZoomSandbox } from './support/zoom-sandbox.js';
import type { ZoomTestEnv } from './support/zoom-sandbox.js';

let env: ZoomTestEnv;
let host: string;
let sequence = 0;

beforeAll(async () => {
  env = await startZoomSandbox();
});
afterAll(() => env.close());
beforeEach(async () => {
  await env.server.sandbox.control.reset();
  host = await env.host();
  env.calls.length = 0;
});

/** A 45-minute appointment at 10:00 New York time (15:00Z), a week after the test clock. */
function appointment(overrides: Partial<VideoMeetingRequest> = {}): VideoMeetingRequest {
  sequence++;
  return {
    appointmentId: `apt_${sequence}`,
    title: 'Quarterly review',
    description: 'Numbers for Q4.',
    startsAtUTC: '2026-11-27T15:00:00.000Z',
    endsAtUTC: '2026-11-27T15:45:00.000Z',
    timeZone: 'America/New_York',
    hostEmail: host,
    ...overrides,
  };
}

const apiCalls = (): string[] =>
  env.calls.filter((c) => c.path.startsWith('/v2/')).map((c) => `${c.method} ${c.path}`);

describe('Create returns 201 with int64 id, join/start URLs and password rules', () => {
  it('creates a scheduled meeting in the appointment zone with its duration, topic and agenda', async () => {
    const request = appointment();
    const meeting = await env.provider().createMeeting(request);

    expect(meeting.meetingId).toMatch(/^\d{11}$/);
    expect(meeting.joinUrl).toContain(`/zoom/j/${meeting.meetingId}`);
    expect(meeting.hostUrl).toContain(`/zoom/s/${meeting.meetingId}`);

    const sent = JSON.parse(
      env.calls.find((c) => c.method === 'POST' && c.path.endsWith('/meetings'))!.body!,
    ) as Record<string, unknown>;
    expect(sent).toMatchObject({
      type: 2,
      start_time: '2026-11-27T10:00:00',
      timezone: 'America/New_York',
      duration: 45,
    });

    const { status, body } = await env.readMeeting(meeting.meetingId);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      type: 2,
      topic: 'Quarterly review',
      start_time: '2026-11-27T15:00:00Z',
      timezone: 'America/New_York',
      duration: 45,
      host_email: host,
      agenda: `Numbers for Q4.\n\n[calsync:${request.appointmentId}]`,
    });
  });

  it('sends a generated passcode meeting Zoom’s rules when one is required', async () => {
    const meeting = await env
      .provider()
      .createMeeting(appointment({ settings: { passcodeRequired: true } }));
    expect(meeting.passcode).not.toBeNull();
    expect(isValidZoomPasscode(meeting.passcode!)).toBe(true);
    expect(meeting.passcode).toHaveLength(10);
    expect(meeting.passcode).toMatch(/[A-Z]/);
    expect(meeting.passcode).toMatch(/[a-z]/);
    expect(meeting.passcode).toMatch(/\d/);
    expect((await env.readMeeting(meeting.meetingId)).body.password).toBe(meeting.passcode);
  });

  it('draws the passcode from the injected randomness', async () => {
    const fixed = () => 0;
    const first = await env.provider({ random: fixed }).createMeeting(appointment());
    const second = await env.provider({ random: fixed }).createMeeting(appointment());
    expect(first.passcode).toBe(second.passcode);
  });

  it('sends no passcode when none is required (the account policy may still set one)', async () => {
    await env.provider().createMeeting(appointment({ settings: { passcodeRequired: false } }));
    const sent = JSON.parse(
      env.calls.find((c) => c.method === 'POST' && c.path.endsWith('/meetings'))!.body!,
    ) as Record<string, unknown>;
    expect(sent).not.toHaveProperty('password');
  });

  it('turns the waiting room on', async () => {
    const meeting = await env
      .provider()
      .createMeeting(appointment({ settings: { waitingRoom: true } }));
    const { body } = await env.readMeeting(meeting.meetingId);
    expect(body.settings).toMatchObject({ waiting_room: true });
  });

  it.each(['none', 'local', 'cloud'] as const)('sets auto recording to %s', async (recording) => {
    const meeting = await env.provider().createMeeting(appointment({ settings: { recording } }));
    const { body } = await env.readMeeting(meeting.meetingId);
    expect(body.settings).toMatchObject({ auto_recording: recording });
  });

  it('sends alternative hosts joined with semicolons', async () => {
    const meeting = await env
      .provider()
      .createMeeting(
        appointment({ settings: { alternativeHosts: ['bo@example.com', ' cy@example.com'] } }),
      );
    const { body } = await env.readMeeting(meeting.meetingId);
    expect(body.settings).toMatchObject({ alternative_hosts: 'bo@example.com;cy@example.com' });
  });

  it('uses the provider’s default user when the request names no host', async () => {
    const other = await env.host('scheduler@zoom.test');
    const request = appointment();
    const meeting = await env
      .provider({ defaultUserId: other })
      .createMeeting({ ...request, hostEmail: undefined });
    expect((await env.readMeeting(meeting.meetingId)).body.host_email).toBe(other);
  });

  it('rounds a duration with seconds up to whole minutes', async () => {
    const meeting = await env
      .provider()
      .createMeeting(appointment({ endsAtUTC: '2026-11-27T15:20:30.000Z' }));
    expect((await env.readMeeting(meeting.meetingId)).body.duration).toBe(21);
  });

  it('refuses a request it cannot express before calling Zoom', async () => {
    const zoom = env.provider();
    await expect(zoom.createMeeting(appointment({ timeZone: 'Mars/Olympus' }))).rejects.toThrow(
      RangeError,
    );
    await expect(
      zoom.createMeeting(appointment({ endsAtUTC: '2026-11-27T15:00:00.000Z' })),
    ).rejects.toThrow(RangeError);
    await expect(zoom.createMeeting(appointment({ appointmentId: 'has space' }))).rejects.toThrow(
      RangeError,
    );
    expect(env.calls).toHaveLength(0);
  });
});

describe('PATCH → 204 empty; DELETE → 204; GET after delete → 404 code 3001', () => {
  it('reschedules with PATCH and keeps the id, join URL and passcode', async () => {
    const zoom = env.provider();
    const request = appointment({ settings: { waitingRoom: false } });
    const created = await zoom.createMeeting(request);
    env.calls.length = 0;

    const moved = await zoom.updateMeeting(created.meetingId, {
      ...request,
      title: 'Quarterly review (moved)',
      startsAtUTC: '2026-11-28T17:30:00.000Z',
      endsAtUTC: '2026-11-28T18:30:00.000Z',
      timeZone: 'Europe/Berlin',
      settings: { waitingRoom: true, recording: 'cloud', alternativeHosts: ['bo@example.com'] },
    });

    expect(moved.recreated).toBe(false);
    expect(moved.meeting.meetingId).toBe(created.meetingId);
    expect(moved.meeting.joinUrl).toBe(created.joinUrl);
    expect(moved.meeting.passcode).toBe(created.passcode);
    expect(apiCalls()).toEqual([
      `PATCH /v2/meetings/${created.meetingId}`,
      `GET /v2/meetings/${created.meetingId}`,
    ]);
    const patch = JSON.parse(env.calls[0]!.body ?? env.calls[1]!.body!) as Record<string, unknown>;
    expect(patch).not.toHaveProperty('password');

    const { body } = await env.readMeeting(created.meetingId);
    expect(body).toMatchObject({
      topic: 'Quarterly review (moved)',
      start_time: '2026-11-28T17:30:00Z',
      timezone: 'Europe/Berlin',
      duration: 60,
      settings: {
        waiting_room: true,
        auto_recording: 'cloud',
        alternative_hosts: 'bo@example.com',
      },
    });
  });

  it('clears alternative hosts on update when the host removed them', async () => {
    const zoom = env.provider();
    const request = appointment({ settings: { alternativeHosts: ['bo@example.com'] } });
    const created = await zoom.createMeeting(request);
    await zoom.updateMeeting(created.meetingId, { ...request, settings: { alternativeHosts: [] } });
    expect((await env.readMeeting(created.meetingId)).body.settings).toMatchObject({
      alternative_hosts: '',
    });
  });

  it('cancels with DELETE; the meeting then answers 404 code 3001', async () => {
    const zoom = env.provider();
    const created = await zoom.createMeeting(appointment());

    await zoom.deleteMeeting(created.meetingId);

    const { status, body } = await env.readMeeting(created.meetingId);
    expect(status).toBe(404);
    expect(body.code).toBe(3001);
    const failure = await zoom.getMeeting(created.meetingId).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(NotFoundError);
    expect((failure as NotFoundError).providerCode).toBe('3001');
  });

  it('treats deleting a meeting that is already gone as done', async () => {
    const zoom = env.provider();
    const created = await zoom.createMeeting(appointment());
    await zoom.deleteMeeting(created.meetingId);
    await expect(zoom.deleteMeeting(created.meetingId)).resolves.toBeUndefined();
  });

  it('recreates on update when Zoom no longer has the meeting, and says so', async () => {
    const zoom = env.provider();
    const request = appointment();
    const created = await zoom.createMeeting(request);
    await env.readMeeting(created.meetingId);
    await zoom.deleteMeeting(created.meetingId); // deleted in Zoom's own UI, say
    env.calls.length = 0;

    const result = await zoom.updateMeeting(created.meetingId, {
      ...request,
      startsAtUTC: '2026-11-27T16:00:00.000Z',
      endsAtUTC: '2026-11-27T16:45:00.000Z',
    });

    expect(result.recreated).toBe(true);
    expect(result.meeting.meetingId).not.toBe(created.meetingId);
    expect(result.meeting.joinUrl).not.toBe(created.joinUrl);
    expect(apiCalls()).toEqual([
      `PATCH /v2/meetings/${created.meetingId}`,
      `GET /v2/users/${host}/meetings`,
      `POST /v2/users/${host}/meetings`,
    ]);
    const { body } = await env.readMeeting(result.meeting.meetingId);
    expect(body).toMatchObject({ start_time: '2026-11-27T16:00:00Z', duration: 45 });
  });
});

describe('idempotent create (Zoom has no idempotency key): the appointment marker', () => {
  it('reuses the meeting a lost create response left behind', async () => {
    const zoom = env.provider();
    const request = appointment();
    await env.server.sandbox.control.addFault({
      provider: 'zoom',
      method: 'POST',
      pathPattern: '^/v2/users/[^/]+/meetings$',
      status: 502,
      count: 1,
      when: 'after',
    });

    await expect(zoom.createMeeting(request)).rejects.toMatchObject({ errorClass: 'transient' });
    const afterLoss = await env.listMeetings(host);
    expect(afterLoss).toHaveLength(1);

    const retried = await zoom.createMeeting(request);

    expect(retried.meetingId).toBe(String(afterLoss[0]!.id));
    expect(await env.listMeetings(host)).toHaveLength(1);
    expect(retried.passcode).toBe(afterLoss[0]!.password);
  });

  it('brings the reused meeting up to date when the retry carries a new time', async () => {
    const zoom = env.provider();
    const request = appointment();
    await env.server.sandbox.control.addFault({
      provider: 'zoom',
      method: 'POST',
      pathPattern: '^/v2/users/[^/]+/meetings$',
      status: 504,
      count: 1,
      when: 'after',
    });
    await expect(zoom.createMeeting(request)).rejects.toMatchObject({ errorClass: 'transient' });
    env.calls.length = 0;

    const retried = await zoom.createMeeting({
      ...request,
      startsAtUTC: '2026-11-27T18:00:00.000Z',
      endsAtUTC: '2026-11-27T19:00:00.000Z',
    });

    expect(apiCalls()).toEqual([
      `GET /v2/users/${host}/meetings`,
      `GET /v2/meetings/${retried.meetingId}`,
      `PATCH /v2/meetings/${retried.meetingId}`,
      `GET /v2/meetings/${retried.meetingId}`,
    ]);
    expect((await env.readMeeting(retried.meetingId)).body).toMatchObject({
      start_time: '2026-11-27T18:00:00Z',
      duration: 60,
    });
    expect(await env.listMeetings(host)).toHaveLength(1);
  });

  it('reuses without writing when nothing changed', async () => {
    const zoom = env.provider();
    const request = appointment({
      settings: { alternativeHosts: ['Bo@Example.com'], recording: 'local' },
    });
    const first = await zoom.createMeeting(request);
    env.calls.length = 0;
    const second = await zoom.createMeeting(request);
    expect(second.meetingId).toBe(first.meetingId);
    expect(apiCalls()).toEqual([
      `GET /v2/users/${host}/meetings`,
      `GET /v2/meetings/${first.meetingId}`,
    ]);
  });

  it('does not mistake another appointment’s meeting for its own', async () => {
    const zoom = env.provider();
    const one = await zoom.createMeeting(appointment({ appointmentId: 'apt_1' }));
    const twelve = await zoom.createMeeting(appointment({ appointmentId: 'apt_12' }));
    expect(twelve.meetingId).not.toBe(one.meetingId);
    expect(await env.listMeetings(host)).toHaveLength(2);
  });

  it('lists the host’s scheduled meetings in the largest pages', async () => {
    await env.provider().createMeeting(appointment());
    const list = env.calls.find((c) => c.method === 'GET' && c.path.endsWith('/meetings'))!;
    const query = new URLSearchParams(list.search);
    expect(query.get('type')).toBe('scheduled');
    expect(query.get('page_size')).toBe('300');
  });
});
