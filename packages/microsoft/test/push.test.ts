import type { EventContent, InstantRange } from '@calsync/core';
import {
  AuthError,
  NotFoundError,
  PreconditionFailedError,
  RateLimitedError,
  TransientProviderError,
} from '@calsync/core';
import { contractContent, pullAll } from '@calsync/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { GraphEvent, MicrosoftAdapter } from '../src/index.js';
import { transactionIdFor } from '../src/index.js';
import type { TestSandbox } from './support/sandbox.js';
import { graphAsUser, startTestSandbox } from './support/sandbox.js';

const window: InstantRange = {
  startsAtUTC: '2026-02-01T00:00:00.000Z',
  endsAtUTC: '2026-06-01T00:00:00.000Z',
};

let env: TestSandbox;
let account: { email: string; token: string; calendarId: string };
let adapter: MicrosoftAdapter;
let key = 0;

beforeAll(async () => {
  env = await startTestSandbox();
});
afterAll(async () => {
  await env.close();
});
afterEach(async () => {
  await env.sandbox.control.clearFaults();
});

async function fresh() {
  account = await env.account();
  adapter = env.adapter(account.token);
}

function create(content: EventContent, idempotencyKey = `push-${++key}`) {
  return adapter.createEvent({
    calendarId: account.calendarId,
    idempotencyKey,
    appointmentId: `apt-${idempotencyKey}`,
    iCalUID: `${idempotencyKey}@calsync.test`,
    content,
    series: null,
  });
}

async function listed(): Promise<GraphEvent[]> {
  const page = await graphAsUser<{ value: GraphEvent[] }>(
    env.microsoftBase,
    account.token,
    'GET',
    `/me/calendars/${account.calendarId}/calendarView?startDateTime=${window.startsAtUTC}&endDateTime=${window.endsAtUTC}&$top=100`,
  );
  return page.value;
}

describe('push', () => {
  test('a create whose response is lost is retried into the same single event (transactionId)', async () => {
    await fresh();
    await env.sandbox.control.addFault({
      provider: 'microsoft',
      method: 'POST',
      pathPattern: '/events$',
      status: 503,
      count: 1,
      when: 'after',
    });
    const content = contractContent({ title: 'Exactly once' });
    await expect(create(content, 'lost-1')).rejects.toBeInstanceOf(TransientProviderError);
    const retried = await create(content, 'lost-1');
    expect(retried.reused).toBe(true);
    const events = (await listed()).filter((e) => e.subject === 'Exactly once');
    expect(events).toHaveLength(1);
    expect(events[0]!.id).toBe(retried.event.externalId);
    expect(events[0]!.transactionId).toBe(transactionIdFor('lost-1'));
  });

  test('the appointment id is stamped for echo detection and pulls back', async () => {
    await fresh();
    const created = await create(contractContent({ title: 'Stamped' }), 'stamp-1');
    expect(created.reused).toBe(false);
    expect(created.event.calsyncAppointmentId).toBe('apt-stamp-1');
    const { changes } = await pullAll(adapter, {
      calendarId: account.calendarId,
      cursor: null,
      checkpoint: null,
      window,
    });
    const pulled = changes.find(
      (c) => c.kind === 'upsert' && c.event.externalId === created.event.externalId,
    );
    expect(pulled?.kind === 'upsert' && pulled.event.calsyncAppointmentId).toBe('apt-stamp-1');
    expect(pulled?.kind === 'upsert' && pulled.event.extraProperties).toContain(
      `X-CALSYNC-GRAPH-TRANSACTION-ID:${transactionIdFor('stamp-1')}`,
    );
  });

  test('a stale etag is a 412 on update and delete; 404 on delete is done, on update NotFoundError', async () => {
    await fresh();
    const created = await create(contractContent({ title: 'Versioned' }));
    const updated = await adapter.updateEvent({
      calendarId: account.calendarId,
      externalId: created.event.externalId,
      etag: created.event.etag,
      content: contractContent({ title: 'v2' }),
    });
    const stale = {
      calendarId: account.calendarId,
      externalId: created.event.externalId,
      etag: created.event.etag,
    };
    await expect(
      adapter.updateEvent({ ...stale, content: contractContent() }),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(adapter.deleteEvent(stale)).rejects.toBeInstanceOf(PreconditionFailedError);
    await adapter.deleteEvent({ ...stale, etag: updated.event.etag });
    await adapter.deleteEvent({ ...stale, etag: null });
    await expect(
      adapter.updateEvent({ ...stale, etag: null, content: contractContent() }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  test('a Teams meeting is requested on the event and its join URL comes back', async () => {
    await fresh();
    const created = await create(
      contractContent({
        title: 'Teams call',
        meeting: { provider: 'teams', joinUrl: '', conferenceId: null },
      }),
    );
    expect(created.event.content.meeting?.provider).toBe('teams');
    expect(created.event.content.meeting?.joinUrl).toMatch(
      /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//,
    );
    const raw = (await listed()).find((e) => e.id === created.event.externalId);
    expect(raw).toMatchObject({ isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' });
    const updated = await adapter.updateEvent({
      calendarId: account.calendarId,
      externalId: created.event.externalId,
      etag: created.event.etag,
      content: { ...created.event.content, title: 'Teams call (moved)' },
    });
    expect(updated.event.content.meeting).toEqual(created.event.content.meeting);
  });

  test('a Zoom link is kept on the event and reads back', async () => {
    await fresh();
    const meeting = {
      provider: 'zoom' as const,
      joinUrl: 'https://zoom.us/j/123',
      conferenceId: '123',
    };
    const created = await create(contractContent({ meeting, location: null }));
    expect(created.event.content.meeting).toEqual(meeting);
    // Shown in Outlook's location, and read back as no location of its own.
    const raw = (await listed()).find((e) => e.id === created.event.externalId);
    expect(raw?.location?.displayName).toBe('https://zoom.us/j/123');
    expect(created.event.content.location).toBeNull();
    const updated = await adapter.updateEvent({
      calendarId: account.calendarId,
      externalId: created.event.externalId,
      etag: created.event.etag,
      content: contractContent({ meeting: null }),
    });
    expect(updated.event.content.meeting).toBeNull();
    expect(updated.event.calsyncAppointmentId).toBe(created.event.calsyncAppointmentId);
  });

  test('attendees are invited (their mailbox gets the meeting) and sensitivity follows privacy', async () => {
    await fresh();
    const guest = await env.account();
    const privateAdapter = env.adapter(account.token, { privacy: 'normal' });
    const created = await privateAdapter.createEvent({
      calendarId: account.calendarId,
      idempotencyKey: 'invite-1',
      appointmentId: 'apt-invite-1',
      iCalUID: 'invite-1@calsync.test',
      content: contractContent({
        title: 'Invite',
        attendees: [
          {
            email: guest.email,
            name: null,
            responseStatus: 'needs_action',
            optional: false,
            organizer: false,
            resource: false,
          },
        ],
      }),
      series: null,
    });
    expect(created.event.content.attendees.map((a) => a.email)).toEqual([guest.email]);
    const raw = (await listed()).find((e) => e.id === created.event.externalId);
    expect(raw?.sensitivity).toBe('private');
    const guestView = await graphAsUser<{ value: GraphEvent[] }>(
      env.microsoftBase,
      guest.token,
      'GET',
      `/me/calendarView?startDateTime=${window.startsAtUTC}&endDateTime=${window.endsAtUTC}`,
    );
    expect(guestView.value.map((e) => e.subject)).toContain('Invite');
  });

  test('429 and 503 with Retry-After become RateLimitedError / TransientProviderError with retryAfterSeconds', async () => {
    await fresh();
    await env.sandbox.control.addFault({
      provider: 'microsoft',
      method: 'POST',
      pathPattern: '/events$',
      status: 429,
      retryAfterSeconds: 7,
      count: 1,
    });
    const limited = await create(contractContent()).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterSeconds).toBe(7);
    expect((limited as RateLimitedError).status).toBe(429);
    await env.sandbox.control.addFault({
      provider: 'microsoft',
      method: 'GET',
      pathPattern: '/calendarView/delta',
      status: 503,
      retryAfterSeconds: 3,
      count: 1,
    });
    const unavailable = await adapter
      .pullChanges({ calendarId: account.calendarId, cursor: null, checkpoint: null, window })
      .catch((error: unknown) => error);
    expect(unavailable).toBeInstanceOf(TransientProviderError);
    expect((unavailable as TransientProviderError).retryAfterSeconds).toBe(3);
  });

  test('a rejected access token is AuthError (not permanent: refresh once)', async () => {
    await fresh();
    const broken = env.adapter('not-a-token');
    const error = await broken.listCalendars().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).permanent).toBe(false);
  });
});
