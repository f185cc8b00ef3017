import { afterEach, describe, expect, test } from 'vitest';
import type { calendar_v3 } from '@googleapis/calendar';
import { googleHarness, statusOf } from './harness.js';
import type { GoogleHarness } from './harness.js';

let h: GoogleHarness;
afterEach(() => h.close());

function timed(
  start: string,
  end: string,
  extra: calendar_v3.Schema$Event = {},
): calendar_v3.Schema$Event {
  return { summary: 'Meeting', start: { dateTime: start }, end: { dateTime: end }, ...extra };
}

async function insert(
  body: calendar_v3.Schema$Event,
  extra: Partial<calendar_v3.Params$Resource$Events$Insert> = {},
) {
  return (
    await h.calendar.events.insert({ calendarId: 'primary', requestBody: body, ...extra }, h.call)
  ).data;
}

async function get(eventId: string) {
  return (await h.calendar.events.get({ calendarId: 'primary', eventId }, h.call)).data;
}

const WEEKLY_BERLIN: calendar_v3.Schema$Event = {
  summary: 'Standup',
  start: { dateTime: '2026-03-16T09:00:00', timeZone: 'Europe/Berlin' },
  end: { dateTime: '2026-03-16T09:30:00', timeZone: 'Europe/Berlin' },
  recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4'],
};

describe('Google emulator checklist (PROTOCOLS.md §1.12): events', () => {
  test('Client ids validated (base32hex, 5–1024) and never reusable after deletion → 409 duplicate', async () => {
    h = await googleHarness();
    for (const id of [
      'ABCDE',
      'abc',
      '0f8fad5b-d9cb-469f-a165-70867728950e',
      'wxyz0',
      'a'.repeat(1025),
    ]) {
      const { status, body } = await statusOf(
        insert({ ...timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z'), id }),
      );
      expect(status, id).toBe(400);
      expect(JSON.stringify(body)).toContain('Invalid resource id value.');
    }
    const id = 'calendar0123456789abcdefuv';
    expect(
      (await insert({ ...timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z'), id })).id,
    ).toBe(id);
    const again = await statusOf(
      insert({ ...timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z'), id }),
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      error: { errors: [{ domain: 'global', reason: 'duplicate' }] },
    });
    await h.calendar.events.delete({ calendarId: 'primary', eventId: id }, h.call);
    expect(
      (await statusOf(insert({ ...timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z'), id })))
        .status,
    ).toBe(409);
  });

  test('ETag changes on every mutation (incl. RSVP); If-Match → 412 conditionNotMet; DELETE of tombstone → 410 deleted', async () => {
    h = await googleHarness();
    const created = await insert(
      timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z', {
        attendees: [{ email: 'bob@example.com' }],
      }),
    );
    const rsvp = (
      await h.calendar.events.patch(
        {
          calendarId: 'primary',
          eventId: created.id ?? '',
          requestBody: { attendees: [{ email: 'bob@example.com', responseStatus: 'accepted' }] },
        },
        h.call,
      )
    ).data;
    expect(rsvp.etag).not.toBe(created.etag);
    expect(Date.parse(rsvp.updated ?? '')).toBeGreaterThanOrEqual(
      Date.parse(created.updated ?? ''),
    );
    const stale = await statusOf(
      h.calendar.events.patch(
        { calendarId: 'primary', eventId: created.id ?? '', requestBody: { summary: 'x' } },
        { ...h.call, headers: { 'If-Match': created.etag ?? '' } },
      ),
    );
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({
      error: {
        errors: [{ reason: 'conditionNotMet', location: 'If-Match', locationType: 'header' }],
      },
    });
    const fresh = await h.calendar.events.patch(
      { calendarId: 'primary', eventId: created.id ?? '', requestBody: { summary: 'x' } },
      { ...h.call, headers: { 'If-Match': rsvp.etag ?? '' } },
    );
    expect(fresh.status).toBe(200);
    await h.calendar.events.delete({ calendarId: 'primary', eventId: created.id ?? '' }, h.call);
    const twice = await statusOf(
      h.calendar.events.delete({ calendarId: 'primary', eventId: created.id ?? '' }, h.call),
    );
    expect(twice.status).toBe(410);
    expect(twice.body).toMatchObject({ error: { errors: [{ reason: 'deleted' }] } });
  });

  test('PUT clears omitted fields; PATCH merges objects, replaces arrays', async () => {
    h = await googleHarness();
    const created = await insert(
      timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z', {
        location: 'Room 1',
        attendees: [{ email: 'bob@example.com' }, { email: 'carol@example.com' }],
        extendedProperties: { private: { a: '1', b: '2' } },
      }),
    );
    const patched = (
      await h.calendar.events.patch(
        {
          calendarId: 'primary',
          eventId: created.id ?? '',
          requestBody: {
            extendedProperties: { private: { b: '3' } },
            attendees: [{ email: 'dave@example.com' }],
          },
        },
        h.call,
      )
    ).data;
    expect(patched.location).toBe('Room 1');
    expect(patched.extendedProperties?.private).toEqual({ a: '1', b: '3' });
    expect(patched.attendees?.map((a) => a.email)).toEqual(['dave@example.com']);
    const put = (
      await h.calendar.events.update(
        {
          calendarId: 'primary',
          eventId: created.id ?? '',
          requestBody: timed('2026-03-03T10:00:00Z', '2026-03-03T12:00:00Z'),
        },
        h.call,
      )
    ).data;
    expect(put.location).toBeUndefined();
    expect(put.attendees).toBeUndefined();
    expect(put.extendedProperties).toBeUndefined();
    expect(put.sequence).toBeGreaterThan(created.sequence ?? 0);
  });

  test('Reminder override validation; default reminders from calendar', async () => {
    h = await googleHarness();
    const bad: NonNullable<calendar_v3.Schema$Event['reminders']>[] = [
      { useDefault: true, overrides: [{ method: 'popup', minutes: 10 }] },
      {
        useDefault: false,
        overrides: Array.from({ length: 6 }, () => ({ method: 'popup', minutes: 5 })),
      },
      { useDefault: false, overrides: [{ method: 'popup', minutes: 40_321 }] },
      { useDefault: false, overrides: [{ method: 'sms', minutes: 5 }] },
    ];
    for (const reminders of bad) {
      expect(
        (
          await statusOf(
            insert(timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z', { reminders })),
          )
        ).status,
      ).toBe(400);
    }
    const plain = await insert(timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z'));
    expect(plain.reminders).toEqual({ useDefault: true });
    const page = (await h.calendar.events.list({ calendarId: 'primary' }, h.call)).data;
    expect(page.defaultReminders).toEqual([{ method: 'popup', minutes: 10 }]);
    const custom = await insert(
      timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z', {
        reminders: { useDefault: false, overrides: [{ method: 'email', minutes: 1440 }] },
      }),
    );
    expect(custom.reminders).toEqual({
      useDefault: false,
      overrides: [{ method: 'email', minutes: 1440 }],
    });
  });

  test('attendees keep responseStatus, organizer and self flags; creator and organizer are the account', async () => {
    h = await googleHarness();
    const event = await insert(
      timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z', {
        attendees: [
          { email: h.email, responseStatus: 'accepted' },
          { email: 'Bob@Example.com', optional: true },
        ],
      }),
    );
    expect(event.organizer).toEqual({ email: h.email, self: true });
    expect(event.attendees).toEqual([
      { email: h.email, responseStatus: 'accepted', self: true, organizer: true },
      { email: 'bob@example.com', responseStatus: 'needsAction', optional: true },
    ]);
  });

  test('Instance ids derived from master id + original start; instances endpoint; editing an instance creates an exception with recurringEventId + originalStartTime', async () => {
    h = await googleHarness();
    const master = await insert(WEEKLY_BERLIN);
    const instances = (
      await h.calendar.events.instances({ calendarId: 'primary', eventId: master.id ?? '' }, h.call)
    ).data;
    // 16 and 23 March are CET (+01:00); 30 March and 6 April CEST (+02:00): 09:00 local throughout.
    expect(instances.items?.map((i) => i.id)).toEqual([
      `${master.id}_20260316T080000Z`,
      `${master.id}_20260323T080000Z`,
      `${master.id}_20260330T070000Z`,
      `${master.id}_20260406T070000Z`,
    ]);
    expect(instances.items?.map((i) => i.start?.dateTime)).toEqual([
      '2026-03-16T09:00:00+01:00',
      '2026-03-23T09:00:00+01:00',
      '2026-03-30T09:00:00+02:00',
      '2026-04-06T09:00:00+02:00',
    ]);
    const third = instances.items?.[2];
    expect(third?.recurringEventId).toBe(master.id);
    expect(third?.originalStartTime).toEqual({
      dateTime: '2026-03-30T09:00:00+02:00',
      timeZone: 'Europe/Berlin',
    });
    const moved = (
      await h.calendar.events.patch(
        {
          calendarId: 'primary',
          eventId: third?.id ?? '',
          requestBody: {
            start: { dateTime: '2026-03-30T10:00:00', timeZone: 'Europe/Berlin' },
            end: { dateTime: '2026-03-30T10:30:00', timeZone: 'Europe/Berlin' },
          },
        },
        h.call,
      )
    ).data;
    expect(moved.id).toBe(third?.id);
    expect(moved.recurringEventId).toBe(master.id);
    expect(moved.originalStartTime?.dateTime).toBe('2026-03-30T09:00:00+02:00');
    const masters =
      (await h.calendar.events.list({ calendarId: 'primary' }, h.call)).data.items ?? [];
    expect(masters.map((e) => e.id)).toEqual([master.id, moved.id]);
    const singles =
      (
        await h.calendar.events.list(
          { calendarId: 'primary', singleEvents: true, orderBy: 'startTime' },
          h.call,
        )
      ).data.items ?? [];
    expect(singles).toHaveLength(4);
    expect(singles.map((e) => e.start?.dateTime)[2]).toBe('2026-03-30T10:00:00+02:00');
    expect(singles.every((e) => e.recurrence === undefined)).toBe(true);
  });

  test('Cancelled exceptions returned even when showDeleted=false and singleEvents=false; masters and expanded instances per the flags', async () => {
    h = await googleHarness();
    const master = await insert(WEEKLY_BERLIN);
    const secondId = `${master.id}_20260323T080000Z`;
    await h.calendar.events.delete({ calendarId: 'primary', eventId: secondId }, h.call);
    const masters =
      (await h.calendar.events.list({ calendarId: 'primary', showDeleted: false }, h.call)).data
        .items ?? [];
    expect(masters.map((e) => [e.id, e.status])).toEqual([
      [master.id, 'confirmed'],
      [secondId, 'cancelled'],
    ]);
    expect(masters[1]?.recurringEventId).toBe(master.id);
    expect(masters[1]?.originalStartTime).toBeDefined();
    const singles =
      (await h.calendar.events.list({ calendarId: 'primary', singleEvents: true }, h.call)).data
        .items ?? [];
    expect(singles.map((e) => e.id)).not.toContain(secondId);
    expect(singles).toHaveLength(3);
    const withDeleted =
      (
        await h.calendar.events.list(
          { calendarId: 'primary', singleEvents: true, showDeleted: true },
          h.call,
        )
      ).data.items ?? [];
    expect(withDeleted.filter((e) => e.status === 'cancelled').map((e) => e.id)).toEqual([
      secondId,
    ]);
    await h.calendar.events.delete({ calendarId: 'primary', eventId: master.id ?? '' }, h.call);
    const afterSeriesDelete =
      (
        await h.calendar.events.list(
          { calendarId: 'primary', singleEvents: true, showDeleted: true },
          h.call,
        )
      ).data.items ?? [];
    // Only cancelled single instances, never cancelled masters.
    expect(afterSeriesDelete.map((e) => e.id)).toEqual([secondId]);
  });

  test('recurrence honours UNTIL in UTC, EXDATE and all-day series', async () => {
    h = await googleHarness();
    const until = await insert({
      ...WEEKLY_BERLIN,
      recurrence: [
        'RRULE:FREQ=DAILY;UNTIL=20260318T080000Z',
        'EXDATE;TZID=Europe/Berlin:20260317T090000',
      ],
    });
    const untilItems = (
      await h.calendar.events.instances({ calendarId: 'primary', eventId: until.id ?? '' }, h.call)
    ).data.items;
    expect(untilItems?.map((i) => i.start?.dateTime)).toEqual([
      '2026-03-16T09:00:00+01:00',
      '2026-03-18T09:00:00+01:00',
    ]);
    const allDay = await insert({
      summary: 'Holiday',
      start: { date: '2026-03-02' },
      end: { date: '2026-03-03' },
      recurrence: ['RRULE:FREQ=MONTHLY;COUNT=2'],
    });
    const allDayItems = (
      await h.calendar.events.instances({ calendarId: 'primary', eventId: allDay.id ?? '' }, h.call)
    ).data.items;
    expect(allDayItems?.map((i) => [i.id, i.start?.date, i.end?.date])).toEqual([
      [`${allDay.id}_20260302`, '2026-03-02', '2026-03-03'],
      [`${allDay.id}_20260402`, '2026-04-02', '2026-04-03'],
    ]);
    const noZone = await statusOf(
      insert({
        ...timed('2026-03-16T09:00:00+01:00', '2026-03-16T10:00:00+01:00'),
        recurrence: ['RRULE:FREQ=DAILY'],
      }),
    );
    expect(noZone.status).toBe(400);
  });

  test('conferenceDataVersion gate; createRequest → pending then success (configurable delay / failure); hangoutLink; same requestId ignored', async () => {
    h = await googleHarness({ google: { meet: { pendingMs: 5000 } } });
    const createRequest = { requestId: 'req-1', conferenceSolutionKey: { type: 'hangoutsMeet' } };
    const ignored = await insert(
      timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z', { conferenceData: { createRequest } }),
    );
    expect(ignored.conferenceData).toBeUndefined();
    const pending = await insert(
      timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z', { conferenceData: { createRequest } }),
      {
        conferenceDataVersion: 1,
      },
    );
    expect(pending.conferenceData?.createRequest?.status?.statusCode).toBe('pending');
    expect(pending.hangoutLink).toBeUndefined();
    h.clock.advance(5000);
    const ready = await get(pending.id ?? '');
    expect(ready.conferenceData?.createRequest?.status?.statusCode).toBe('success');
    expect(ready.hangoutLink).toMatch(/^https:\/\/meet\.google\.com\/[a-z]{3}-[a-z]{4}-[a-z]{3}$/);
    expect(ready.conferenceData?.conferenceId).toBe(ready.hangoutLink?.slice(-12));
    expect(ready.conferenceData?.entryPoints?.[0]).toMatchObject({
      entryPointType: 'video',
      uri: ready.hangoutLink,
    });
    expect(ready.etag).not.toBe(pending.etag);
    const same = (
      await h.calendar.events.patch(
        {
          calendarId: 'primary',
          eventId: pending.id ?? '',
          conferenceDataVersion: 1,
          requestBody: { conferenceData: { createRequest } },
        },
        h.call,
      )
    ).data;
    expect(same.hangoutLink).toBe(ready.hangoutLink);
    await h.close();

    h = await googleHarness({ google: { meet: { fail: true } } });
    const failed = await insert(
      timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z', { conferenceData: { createRequest } }),
      {
        conferenceDataVersion: 1,
      },
    );
    expect(failed.conferenceData?.createRequest?.status?.statusCode).toBe('failure');
    expect(failed.conferenceData?.conferenceSolution).toBeUndefined();
    expect(failed.hangoutLink).toBeUndefined();
  });

  test('calendarList and calendars.get describe the account calendars', async () => {
    h = await googleHarness();
    const entries = (await h.calendar.calendarList.list({}, h.call)).data;
    expect(entries.items?.map((e) => [e.id === h.email, e.primary ?? false, e.accessRole])).toEqual(
      [
        [true, true, 'owner'],
        [false, false, 'owner'],
      ],
    );
    expect(entries.nextSyncToken).toBeTruthy();
    const primary = (await h.calendar.calendars.get({ calendarId: 'primary' }, h.call)).data;
    expect(primary.id).toBe(h.email);
    expect(primary.conferenceProperties?.allowedConferenceSolutionTypes).toContain('hangoutsMeet');
    expect(
      (await statusOf(h.calendar.calendars.get({ calendarId: 'nobody@example.com' }, h.call)))
        .status,
    ).toBe(404);
  });
});
