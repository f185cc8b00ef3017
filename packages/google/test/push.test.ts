import { afterEach, describe, expect, test } from 'vitest';
import {
  AuthError,
  type CreateEventRequest,
  NonRetryableProviderError,
  NotFoundError,
  PreconditionFailedError,
  RateLimitedError,
  TransientProviderError,
  syncWindowRange,
} from '@calsync/core';
import { contractContent, pullAll } from '@calsync/core/testing';
import { GOOGLE_MEET_REQUEST, googleEventIdFor, isValidGoogleEventId } from '../src/index.js';
import { type GoogleSandbox, googleSandbox } from './support.js';

let s: GoogleSandbox;
afterEach(async () => s?.close());

const window = syncWindowRange(new Date('2026-03-01T00:00:00Z'));
const INSERT_PATH = '^/calendar/v3/calendars/[^/]+/events$';

function createRequest(over: Partial<CreateEventRequest> = {}): CreateEventRequest {
  return {
    calendarId: 'primary',
    idempotencyKey: '0f8fad5b-d9cb-469f-a165-70867728950e',
    appointmentId: 'apt_1',
    iCalUID: 'apt_1@calsync.test',
    content: contractContent(),
    series: null,
    ...over,
  };
}

async function listedIds(): Promise<string[]> {
  const { changes } = await pullAll(s.adapter, {
    calendarId: 'primary',
    cursor: null,
    checkpoint: null,
    window,
  });
  return changes.flatMap((c) => (c.kind === 'upsert' ? [c.event.externalId] : []));
}

describe('push: creates', () => {
  test('the event id is derived from the idempotency key and valid for Google', async () => {
    s = await googleSandbox();
    const result = await s.adapter.createEvent(createRequest());
    expect(result.reused).toBe(false);
    expect(result.event.externalId).toBe(googleEventIdFor(createRequest().idempotencyKey));
    expect(isValidGoogleEventId(result.event.externalId)).toBe(true);
    expect(result.event.calsyncAppointmentId).toBe('apt_1');
    const insert = s.requests.find((r) => r.method === 'POST')!;
    const params = new URL(insert.url).searchParams;
    expect(params.get('sendUpdates')).toBe('all');
    expect(params.get('conferenceDataVersion')).toBe('1');
  });

  test('a lost insert response, then a retry: exactly one event, reused', async () => {
    s = await googleSandbox();
    await s.server.sandbox.control.addFault({
      provider: 'google',
      method: 'POST',
      pathPattern: INSERT_PATH,
      status: 503,
      count: 1,
      when: 'after',
    });
    const lost = await s.adapter.createEvent(createRequest()).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(TransientProviderError);
    const retried = await s.adapter.createEvent(createRequest());
    expect(retried.reused).toBe(true);
    expect(retried.event.externalId).toBe(googleEventIdFor(createRequest().idempotencyKey));
    expect(retried.event.content.title).toBe(contractContent().title);
    expect(await listedIds()).toEqual([retried.event.externalId]);
  });

  test('an event deleted since the first attempt is revived, not duplicated', async () => {
    s = await googleSandbox();
    const first = await s.adapter.createEvent(createRequest());
    await s.user.events.delete(
      { calendarId: 'primary', eventId: first.event.externalId },
      s.userCall,
    );
    const again = await s.adapter.createEvent(createRequest());
    expect(again.reused).toBe(true);
    expect(again.event.content.status).toBe('confirmed');
    expect(await listedIds()).toEqual([first.event.externalId]);
  });

  test('a cancelled create of an event deleted since (a delete retried after a crash) revives nothing', async () => {
    s = await googleSandbox();
    const first = await s.adapter.createEvent(createRequest());
    await s.adapter.deleteEvent({
      calendarId: 'primary',
      externalId: first.event.externalId,
      etag: null,
    });
    const again = await s.adapter.createEvent(
      createRequest({ content: contractContent({ status: 'cancelled' }) }),
    );
    expect(again).toMatchObject({
      reused: true,
      event: { externalId: first.event.externalId, content: { status: 'cancelled' } },
    });
    expect(await listedIds()).not.toContain(first.event.externalId);
  });

  test('a create of cancelled content (a delete making sure of an unconfirmed create) reads back', async () => {
    s = await googleSandbox();
    const made = await s.adapter.createEvent(
      createRequest({ content: contractContent({ status: 'cancelled' }) }),
    );
    expect(made.event.content.status).toBe('cancelled');
    await s.adapter.deleteEvent({
      calendarId: 'primary',
      externalId: made.event.externalId,
      etag: null,
    });
    expect(await listedIds()).not.toContain(made.event.externalId);
  });

  test("an id taken by another appointment's event is refused, not adopted", async () => {
    s = await googleSandbox();
    await s.adapter.createEvent(createRequest());
    const clash = await s.adapter
      .createEvent(createRequest({ appointmentId: 'apt_other' }))
      .catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(NonRetryableProviderError);
    expect(clash).toMatchObject({ status: 409, providerCode: 'duplicate' });
  });

  test('a Meet request creates a conference (conferenceDataVersion=1)', async () => {
    s = await googleSandbox();
    const result = await s.adapter.createEvent(
      createRequest({ content: contractContent({ meeting: GOOGLE_MEET_REQUEST }) }),
    );
    expect(result.event.content.meeting).toMatchObject({ provider: 'google_meet' });
    expect(result.event.content.meeting?.joinUrl).toMatch(/^https:\/\/meet\.google\.com\//);
  });

  test('a pending Meet reads back as the request marker until Google finishes', async () => {
    s = await googleSandbox({ google: { meet: { pendingMs: 60 * 60_000 } } });
    const result = await s.adapter.createEvent(
      createRequest({ content: contractContent({ meeting: GOOGLE_MEET_REQUEST }) }),
    );
    expect(result.event.content.meeting).toEqual(GOOGLE_MEET_REQUEST);
  });

  test('an override of one instance patches that instance', async () => {
    s = await googleSandbox();
    const series = await s.adapter.createEvent(
      createRequest({
        content: contractContent({ recurrence: { lines: ['RRULE:FREQ=WEEKLY;COUNT=3'] } }),
      }),
    );
    const override = await s.adapter.createEvent(
      createRequest({
        idempotencyKey: 'override-1',
        appointmentId: 'apt_1_override',
        content: contractContent({
          title: 'Moved one',
          time: {
            kind: 'zoned',
            startsAtUTC: '2026-03-17T16:00:00.000Z',
            endsAtUTC: '2026-03-17T17:00:00.000Z',
            timeZone: 'America/New_York',
          },
        }),
        series: {
          externalId: series.event.externalId,
          originalStart: { kind: 'instant', atUTC: '2026-03-17T14:00:00.000Z' },
        },
      }),
    );
    expect(override.event).toMatchObject({
      seriesExternalId: series.event.externalId,
      originalStart: { kind: 'instant', atUTC: '2026-03-17T14:00:00.000Z' },
      calsyncAppointmentId: 'apt_1_override',
    });
    expect(override.event.content.title).toBe('Moved one');
    await expect(
      s.adapter.createEvent(
        createRequest({
          idempotencyKey: 'override-2',
          series: {
            externalId: series.event.externalId,
            originalStart: { kind: 'instant', atUTC: '2026-03-18T14:00:00.000Z' },
          },
        }),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('push: an instance someone already moved', () => {
  test('is returned as it is (reused, not ours), not written over', async () => {
    s = await googleSandbox();
    const series = await s.adapter.createEvent(
      createRequest({
        content: contractContent({ recurrence: { lines: ['RRULE:FREQ=WEEKLY;COUNT=3'] } }),
      }),
    );
    const slot = { kind: 'instant', atUTC: '2026-03-17T14:00:00.000Z' } as const;
    const movedTime = {
      kind: 'zoned',
      startsAtUTC: '2026-03-17T18:00:00.000Z',
      endsAtUTC: '2026-03-17T19:00:00.000Z',
      timeZone: 'America/New_York',
    } as const;
    // The user moves the instance in Google (the series' stamp stays on it).
    await s.adapter.updateEvent({
      calendarId: 'primary',
      externalId: `${series.event.externalId}_20260317T140000Z`,
      etag: null,
      content: contractContent({ time: movedTime }),
    });
    const patchesBefore = s.requests.filter((r) => r.method === 'PATCH').length;

    const override = await s.adapter.createEvent(
      createRequest({
        idempotencyKey: 'override-1',
        appointmentId: 'apt_1_override',
        content: contractContent({
          time: {
            ...movedTime,
            startsAtUTC: '2026-03-17T16:00:00.000Z',
            endsAtUTC: '2026-03-17T17:00:00.000Z',
          },
        }),
        series: { externalId: series.event.externalId, originalStart: slot },
      }),
    );

    expect(override.reused).toBe(true);
    expect(override.event.calsyncAppointmentId).not.toBe('apt_1_override');
    expect(override.event.content.time).toEqual(movedTime);
    expect(override.event.originalStart).toEqual(slot);
    expect(s.requests.filter((r) => r.method === 'PATCH')).toHaveLength(patchesBefore);
  });
});

describe('push: a cancelled instance', () => {
  const seriesContent = () =>
    contractContent({
      recurrence: { lines: ['RRULE:FREQ=WEEKLY;COUNT=3', 'EXDATE:20260324T140000Z'] },
    });
  const cancelled = (externalId: string, atUTC: string) =>
    createRequest({
      idempotencyKey: `cancel-${atUTC}`,
      appointmentId: 'apt_1_cancelled',
      content: contractContent({ status: 'cancelled' }),
      series: { externalId, originalStart: { kind: 'instant', atUTC } },
    });

  test('is deleted from the series; doing it again (a retry) finds it cancelled', async () => {
    s = await googleSandbox();
    const series = await s.adapter.createEvent(createRequest({ content: seriesContent() }));
    const request = cancelled(series.event.externalId, '2026-03-17T14:00:00.000Z');
    const first = await s.adapter.createEvent(request);
    expect(first.event).toMatchObject({
      externalId: `${series.event.externalId}_20260317T140000Z`,
      seriesExternalId: series.event.externalId,
      content: { status: 'cancelled' },
    });
    const again = await s.adapter.createEvent(request);
    expect(again.event.externalId).toBe(first.event.externalId);
    const { changes } = await pullAll(s.adapter, {
      calendarId: 'primary',
      cursor: null,
      checkpoint: null,
      window,
    });
    const slot = changes.find(
      (c) => c.kind === 'removed' && c.externalId === first.event.externalId,
    );
    expect(slot).toBeDefined();
  });

  test('an update that cancels an instance reads back as cancelled', async () => {
    s = await googleSandbox();
    const series = await s.adapter.createEvent(createRequest({ content: seriesContent() }));
    const moved = await s.adapter.createEvent({
      ...cancelled(series.event.externalId, '2026-03-17T14:00:00.000Z'),
      content: contractContent({ title: 'Moved one' }),
    });
    const result = await s.adapter.updateEvent({
      calendarId: 'primary',
      externalId: moved.event.externalId,
      etag: moved.event.etag,
      content: contractContent({ status: 'cancelled' }),
    });
    expect(result.event).toMatchObject({
      externalId: moved.event.externalId,
      seriesExternalId: series.event.externalId,
      content: { status: 'cancelled' },
    });
  });

  test('already excluded by the series (EXDATE) is cancelled, not missing', async () => {
    s = await googleSandbox();
    const series = await s.adapter.createEvent(createRequest({ content: seriesContent() }));
    const result = await s.adapter.createEvent(
      cancelled(series.event.externalId, '2026-03-24T14:00:00.000Z'),
    );
    expect(result.event).toMatchObject({
      externalId: `${series.event.externalId}_20260324T140000Z`,
      content: { status: 'cancelled' },
    });
    expect(result.reused).toBe(true);
  });
});

describe('push: updates and deletes', () => {
  test('update sends If-Match; a stale etag → PreconditionFailedError (412)', async () => {
    s = await googleSandbox();
    const created = await s.adapter.createEvent(createRequest());
    const updated = await s.adapter.updateEvent({
      calendarId: 'primary',
      externalId: created.event.externalId,
      etag: created.event.etag,
      content: contractContent({ title: 'Renamed', description: null }),
    });
    expect(updated.event.content).toMatchObject({ title: 'Renamed', description: null });
    expect(updated.event.calsyncAppointmentId).toBe('apt_1');
    const patch = s.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.headers.get('if-match')).toBe(created.event.etag);
    const stale = await s.adapter
      .updateEvent({
        calendarId: 'primary',
        externalId: created.event.externalId,
        etag: created.event.etag,
        content: contractContent(),
      })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(PreconditionFailedError);
    expect(stale).toMatchObject({ status: 412, providerCode: 'conditionNotMet' });
  });

  test('an update keeps what Calsync does not model (PATCH, not PUT)', async () => {
    s = await googleSandbox();
    const created = await s.adapter.createEvent(createRequest());
    await s.user.events.patch(
      {
        calendarId: 'primary',
        eventId: created.event.externalId,
        requestBody: { colorId: '5', visibility: 'private' },
      },
      s.userCall,
    );
    const current = await s.user.events.get(
      { calendarId: 'primary', eventId: created.event.externalId },
      s.userCall,
    );
    await s.adapter.updateEvent({
      calendarId: 'primary',
      externalId: created.event.externalId,
      etag: current.data.etag!,
      content: contractContent({ title: 'Renamed' }),
    });
    const after = await s.user.events.get(
      { calendarId: 'primary', eventId: created.event.externalId },
      s.userCall,
    );
    expect(after.data).toMatchObject({ colorId: '5', visibility: 'private', summary: 'Renamed' });
  });

  test('updating a missing event → NotFoundError; deleting one is done', async () => {
    s = await googleSandbox();
    await expect(
      s.adapter.updateEvent({
        calendarId: 'primary',
        externalId: 'nosuchevent',
        etag: null,
        content: contractContent(),
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await s.adapter.deleteEvent({ calendarId: 'primary', externalId: 'nosuchevent', etag: null });
  });

  test('delete with If-Match; deleting again (410 deleted) is done', async () => {
    s = await googleSandbox();
    const created = await s.adapter.createEvent(createRequest());
    await expect(
      s.adapter.deleteEvent({
        calendarId: 'primary',
        externalId: created.event.externalId,
        etag: '"stale"',
      }),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    await s.adapter.deleteEvent({
      calendarId: 'primary',
      externalId: created.event.externalId,
      etag: created.event.etag,
    });
    await s.adapter.deleteEvent({
      calendarId: 'primary',
      externalId: created.event.externalId,
      etag: null,
    });
    expect(await listedIds()).toEqual([]);
  });
});

describe('push: quota and failures', () => {
  test('429 with Retry-After → RateLimitedError with retryAfterSeconds', async () => {
    s = await googleSandbox();
    await s.server.sandbox.control.addFault({
      provider: 'google',
      method: 'POST',
      pathPattern: INSERT_PATH,
      status: 429,
      retryAfterSeconds: 7,
      count: 1,
    });
    const error = await s.adapter.createEvent(createRequest()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 7 });
  });

  test.each([
    [403, 'userRateLimitExceeded'],
    [403, 'rateLimitExceeded'],
    [403, 'quotaExceeded'],
  ])('%i %s → RateLimitedError', async (status, reason) => {
    s = await googleSandbox();
    await s.server.sandbox.control.addFault({
      provider: 'google',
      status,
      count: 1,
      body: {
        error: { code: status, message: reason, errors: [{ domain: 'usageLimits', reason }] },
      },
    });
    const error = await s.adapter.listCalendars().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ providerCode: reason, retryAfterSeconds: null });
  });

  test("the sandbox's per-user quota (403 userRateLimitExceeded) → RateLimitedError", async () => {
    s = await googleSandbox({ google: { rateLimits: { perUserPerMinute: 2 } } });
    await s.adapter.listCalendars();
    await s.adapter.listCalendars();
    await expect(s.adapter.listCalendars()).rejects.toBeInstanceOf(RateLimitedError);
  });

  test('403 forbiddenForNonOrganizer is not a rate limit', async () => {
    s = await googleSandbox();
    await s.server.sandbox.control.addFault({
      provider: 'google',
      status: 403,
      count: 1,
      body: {
        error: { code: 403, errors: [{ domain: 'calendar', reason: 'forbiddenForNonOrganizer' }] },
      },
    });
    await expect(s.adapter.listCalendars()).rejects.toBeInstanceOf(NonRetryableProviderError);
  });

  test('5xx → TransientProviderError; the adapter never retries on its own', async () => {
    s = await googleSandbox();
    await s.server.sandbox.control.addFault({
      provider: 'google',
      method: 'GET',
      status: 503,
      count: 1,
    });
    await expect(s.adapter.listCalendars()).rejects.toBeInstanceOf(TransientProviderError);
    expect(s.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
  });

  test('network failure → TransientProviderError', async () => {
    s = await googleSandbox({}, { apiRootUrl: 'http://127.0.0.1:9/' });
    await expect(s.adapter.listCalendars()).rejects.toBeInstanceOf(TransientProviderError);
  });

  test('an expired access token → AuthError (refreshable)', async () => {
    s = await googleSandbox();
    await s.server.sandbox.control.expire({
      provider: 'google',
      email: s.email,
      what: 'access_token',
    });
    const error = await s.adapter.listCalendars().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ status: 401, permanent: false });
  });
});
