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
  calendarId = 'primary',
): Promise<calendar_v3.Schema$Event> {
  return (await h.calendar.events.insert({ calendarId, requestBody: body }, h.call)).data;
}

async function list(
  params: calendar_v3.Params$Resource$Events$List,
): Promise<calendar_v3.Schema$Events> {
  return (await h.calendar.events.list({ calendarId: 'primary', ...params }, h.call)).data;
}

async function fullSync(
  params: calendar_v3.Params$Resource$Events$List = {},
): Promise<{ ids: string[]; syncToken: string }> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  for (;;) {
    const page = await list({ ...params, pageToken });
    ids.push(...(page.items ?? []).map((e) => e.id ?? ''));
    if (page.nextPageToken) pageToken = page.nextPageToken;
    else return { ids, syncToken: page.nextSyncToken ?? '' };
  }
}

describe('Google emulator checklist (PROTOCOLS.md §1.12): listing and sync', () => {
  test('nextPageToken XOR nextSyncToken; token only on the last page; pages may be short or empty while a page token is present', async () => {
    h = await googleHarness();
    for (let i = 0; i < 5; i += 1)
      await insert(timed(`2026-03-0${i + 3}T10:00:00Z`, `2026-03-0${i + 3}T11:00:00Z`));
    const first = await list({ maxResults: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextPageToken).toBeTruthy();
    expect(first.nextSyncToken).toBeUndefined();
    const second = await list({ maxResults: 2, pageToken: first.nextPageToken ?? '' });
    expect(second.nextPageToken).toBeTruthy();
    expect(second.nextSyncToken).toBeUndefined();
    const last = await list({ maxResults: 2, pageToken: second.nextPageToken ?? '' });
    expect(last.items).toHaveLength(1);
    expect(last.nextPageToken).toBeUndefined();
    expect(last.nextSyncToken).toBeTruthy();
    await h.close();

    h = await googleHarness({ google: { emptyFirstPage: true } });
    await insert(timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z'));
    const empty = await list({});
    expect(empty.items).toEqual([]);
    expect(empty.nextPageToken).toBeTruthy();
    expect(empty.nextSyncToken).toBeUndefined();
    const rest = await list({ pageToken: empty.nextPageToken ?? '' });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextSyncToken).toBeTruthy();
  });

  test('Reject forbidden parameters with syncToken (400), reject showDeleted=false with a token, reject orderBy=startTime without singleEvents=true', async () => {
    h = await googleHarness();
    const { syncToken } = await fullSync();
    const forbidden: calendar_v3.Params$Resource$Events$List[] = [
      { timeMin: '2026-01-01T00:00:00Z' },
      { timeMax: '2027-01-01T00:00:00Z' },
      { q: 'x' },
      { iCalUID: 'x@google.com' },
      { orderBy: 'updated' },
      { updatedMin: '2026-01-01T00:00:00Z' },
      { privateExtendedProperty: ['a=b'] },
      { sharedExtendedProperty: ['a=b'] },
      { showDeleted: false },
    ];
    for (const params of forbidden) {
      const { status } = await statusOf(list({ syncToken, ...params }));
      expect(status, JSON.stringify(params)).toBe(400);
    }
    expect(
      (await statusOf(list({ syncToken, showDeleted: true, singleEvents: false }))).status,
    ).toBe(0);
    const ordering = await statusOf(list({ orderBy: 'startTime' }));
    expect(ordering.status).toBe(400);
    expect((await statusOf(list({ orderBy: 'startTime', singleEvents: true }))).status).toBe(0);
  });

  test('Sync tokens encode a change sequence number; expire them on demand → exact 410 fullSyncRequired body', async () => {
    h = await googleHarness();
    await insert(timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z'));
    const { syncToken } = await fullSync();
    expect((await list({ syncToken })).items).toEqual([]);
    const later = await insert(timed('2026-03-04T10:00:00Z', '2026-03-04T11:00:00Z'));
    const incremental = await list({ syncToken });
    expect(incremental.items?.map((e) => e.id)).toEqual([later.id]);
    await h.server.sandbox.control.expire({
      provider: 'google',
      email: h.email,
      what: 'sync_tokens',
    });
    const { status, body } = await statusOf(list({ syncToken: incremental.nextSyncToken ?? '' }));
    expect(status).toBe(410);
    expect(body).toEqual({
      error: {
        errors: [
          {
            domain: 'calendar',
            reason: 'fullSyncRequired',
            message: 'Sync token is no longer valid, a full sync is required.',
            locationType: 'parameter',
            location: 'syncToken',
          },
        ],
        code: 410,
        message: 'Sync token is no longer valid, a full sync is required.',
      },
    });
    const again = await fullSync();
    expect(again.ids).toHaveLength(2);
  });

  test('incremental sync across pages repeats the same token with pageToken; nextSyncToken only at the end', async () => {
    h = await googleHarness();
    const { syncToken } = await fullSync();
    for (let i = 0; i < 3; i += 1)
      await insert(timed(`2026-03-0${i + 3}T10:00:00Z`, `2026-03-0${i + 3}T11:00:00Z`));
    const first = await list({ syncToken, maxResults: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextSyncToken).toBeUndefined();
    const second = await list({ syncToken, maxResults: 2, pageToken: first.nextPageToken ?? '' });
    expect(second.items).toHaveLength(1);
    expect(second.nextSyncToken).toBeTruthy();
  });

  test('Deletion = status: cancelled tombstone visible to incremental sync and showDeleted, and to get; configurable purge age', async () => {
    h = await googleHarness({ google: { tombstoneRetentionMs: 86_400_000 } });
    const event = await insert(timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z'));
    const { syncToken } = await fullSync();
    await h.calendar.events.delete({ calendarId: 'primary', eventId: event.id ?? '' }, h.call);
    expect((await list({})).items).toEqual([]);
    expect((await list({ showDeleted: true })).items?.map((e) => e.status)).toEqual(['cancelled']);
    const changes = await list({ syncToken });
    expect(changes.items?.map((e) => [e.id, e.status])).toEqual([[event.id, 'cancelled']]);
    const got = await h.calendar.events.get(
      { calendarId: 'primary', eventId: event.id ?? '' },
      h.call,
    );
    expect(got.data.status).toBe('cancelled');
    h.clock.advance(2 * 86_400_000);
    expect(
      (
        await statusOf(
          h.calendar.events.get({ calendarId: 'primary', eventId: event.id ?? '' }, h.call),
        )
      ).status,
    ).toBe(404);
    // A token older than the purge would miss the deletion: full sync required.
    expect((await statusOf(list({ syncToken }))).status).toBe(410);
  });

  test('timeMin filters on end, timeMax on start, both exclusive', async () => {
    h = await googleHarness();
    const event = await insert(timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z'));
    const ids = async (timeMin?: string, timeMax?: string) =>
      (await list({ timeMin, timeMax })).items?.map((e) => e.id) ?? [];
    expect(await ids('2026-03-03T11:00:00Z')).toEqual([]);
    expect(await ids('2026-03-03T10:59:59Z')).toEqual([event.id]);
    expect(await ids(undefined, '2026-03-03T10:00:00Z')).toEqual([]);
    expect(await ids(undefined, '2026-03-03T10:00:01Z')).toEqual([event.id]);
    expect(
      (await statusOf(list({ timeMin: '2026-03-04T00:00:00Z', timeMax: '2026-03-03T00:00:00Z' })))
        .status,
    ).toBe(400);
  });

  test('extendedProperties private vs shared; privateExtendedProperty filter', async () => {
    h = await googleHarness();
    const mine = await insert(
      timed('2026-03-03T10:00:00Z', '2026-03-03T11:00:00Z', {
        extendedProperties: {
          private: { calsyncId: 'a1', origin: 'calsync' },
          shared: { color: 'red' },
        },
      }),
    );
    await insert(
      timed('2026-03-03T12:00:00Z', '2026-03-03T13:00:00Z', {
        extendedProperties: { private: { calsyncId: 'b2' } },
      }),
    );
    const filtered = await list({ privateExtendedProperty: ['calsyncId=a1', 'origin=calsync'] });
    expect(filtered.items?.map((e) => e.id)).toEqual([mine.id]);
    expect(filtered.items?.[0]?.extendedProperties).toEqual({
      private: { calsyncId: 'a1', origin: 'calsync' },
      shared: { color: 'red' },
    });
    expect((await list({ privateExtendedProperty: ['color=red'] })).items).toEqual([]);
    expect((await list({ sharedExtendedProperty: ['color=red'] })).items?.map((e) => e.id)).toEqual(
      [mine.id],
    );
  });
});
