import type { EventContent, EventTime, InstantRange, RemoteEvent } from '@calsync/core';
import { NonRetryableProviderError, expandSeries } from '@calsync/core';
import { contractContent, pullAll } from '@calsync/core/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { GraphEvent, MicrosoftAdapter } from '../src/index.js';
import type { TestSandbox } from './support/sandbox.js';
import { graphAsUser, startTestSandbox } from './support/sandbox.js';

const window: InstantRange = {
  startsAtUTC: '2026-02-01T00:00:00.000Z',
  endsAtUTC: '2027-06-01T00:00:00.000Z',
};
// Tuesday 10 March 2026, 09:00 Berlin.
const time: EventTime = {
  kind: 'zoned',
  startsAtUTC: '2026-03-10T08:00:00.000Z',
  endsAtUTC: '2026-03-10T08:45:00.000Z',
  timeZone: 'Europe/Berlin',
};

let env: TestSandbox;
let account: { email: string; token: string; calendarId: string };
let adapter: MicrosoftAdapter;
let key = 0;

beforeAll(async () => {
  env = await startTestSandbox();
  account = await env.account();
  adapter = env.adapter(account.token);
});
afterAll(async () => {
  await env.close();
});

async function create(content: EventContent) {
  key++;
  return adapter.createEvent({
    calendarId: account.calendarId,
    idempotencyKey: `rec-${key}`,
    appointmentId: `apt-rec-${key}`,
    iCalUID: `rec-${key}@calsync.test`,
    content,
    series: null,
  });
}

async function pulledMaster(
  externalId: string,
): Promise<{ master: RemoteEvent; all: RemoteEvent[] }> {
  const { changes } = await pullAll(adapter, {
    calendarId: account.calendarId,
    cursor: null,
    checkpoint: null,
    window,
    pageSize: 200,
  });
  const all = changes.flatMap((c) => (c.kind === 'upsert' ? [c.event] : []));
  const master = all.find((e) => e.externalId === externalId);
  if (!master) throw new Error('master not pulled');
  return { master, all };
}

const starts = (t: EventTime, lines: readonly string[]): string[] =>
  expandSeries({ time: t, recurrence: { lines }, window }).occurrences.map((o) =>
    o.time.kind === 'zoned' ? o.time.startsAtUTC : JSON.stringify(o.time),
  );

describe('every patternedRecurrence type round-trips through the adapter', () => {
  test.each([
    ['daily', 'RRULE:FREQ=DAILY;INTERVAL=2;COUNT=5', 'numbered'],
    ['weekly', 'RRULE:FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20260402T215959Z', 'endDate'],
    ['absoluteMonthly', 'RRULE:FREQ=MONTHLY;BYMONTHDAY=10', 'noEnd'],
    ['relativeMonthly', 'RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=4', 'numbered'],
    ['absoluteYearly', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=10;COUNT=2', 'numbered'],
    ['relativeYearly', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2TU;COUNT=2', 'numbered'],
  ])('%s (%s)', async (patternType, rule, rangeType) => {
    const created = await create(
      contractContent({ title: `Series ${patternType}`, time, recurrence: { lines: [rule] } }),
    );
    const raw = await graphAsUser<GraphEvent>(
      env.microsoftBase,
      account.token,
      'GET',
      `/me/events/${created.event.externalId}`,
    );
    expect(raw.recurrence?.pattern.type).toBe(patternType);
    expect(raw.recurrence?.range.type).toBe(rangeType);
    const { master } = await pulledMaster(created.event.externalId);
    expect(master.content.time).toEqual(time);
    expect(starts(master.content.time, master.content.recurrence!.lines)).toEqual(
      starts(time, [rule]),
    );
  });

  test('EXDATE slots are cancelled after the series is written and pull back as cancelled overrides', async () => {
    const lines = ['RRULE:FREQ=WEEKLY;COUNT=4', 'EXDATE;TZID=Europe/Berlin:20260317T090000'];
    const created = await create(
      contractContent({ title: 'With EXDATE', time, recurrence: { lines } }),
    );
    const { all } = await pulledMaster(created.event.externalId);
    const cancelled = all.filter(
      (e) => e.seriesExternalId === created.event.externalId && e.content.status === 'cancelled',
    );
    expect(cancelled.map((e) => e.originalStart)).toEqual([
      { kind: 'instant', atUTC: '2026-03-17T08:00:00.000Z' },
    ]);
    expect(created.event.etag).not.toBe('');
  });

  test('an update that keeps the pattern keeps the exceptions; changing the pattern rewrites it', async () => {
    const created = await create(
      contractContent({
        title: 'Keep exceptions',
        time,
        recurrence: { lines: ['RRULE:FREQ=DAILY;COUNT=3'] },
      }),
    );
    const override = await adapter.createEvent({
      calendarId: account.calendarId,
      idempotencyKey: 'override-1',
      appointmentId: 'apt-override-1',
      iCalUID: 'override-1@calsync.test',
      content: contractContent({
        title: 'Moved one',
        time: {
          ...time,
          startsAtUTC: '2026-03-11T12:00:00.000Z',
          endsAtUTC: '2026-03-11T12:45:00.000Z',
        },
      }),
      series: {
        externalId: created.event.externalId,
        originalStart: { kind: 'instant', atUTC: '2026-03-11T08:00:00.000Z' },
      },
    });
    expect(override.event.seriesExternalId).toBe(created.event.externalId);
    const current = (await pulledMaster(created.event.externalId)).master;
    const renamed = await adapter.updateEvent({
      calendarId: account.calendarId,
      externalId: created.event.externalId,
      etag: current.etag,
      content: { ...current.content, title: 'Renamed series' },
    });
    let { all } = await pulledMaster(created.event.externalId);
    expect(all.find((e) => e.externalId === override.event.externalId)?.content.title).toBe(
      'Moved one',
    );
    await adapter.updateEvent({
      calendarId: account.calendarId,
      externalId: created.event.externalId,
      etag: renamed.event.etag,
      content: { ...renamed.event.content, recurrence: { lines: ['RRULE:FREQ=DAILY;COUNT=2'] } },
    });
    ({ all } = await pulledMaster(created.event.externalId));
    expect(all.filter((e) => e.seriesExternalId === created.event.externalId)).toHaveLength(0);
    expect(
      all.find((e) => e.externalId === created.event.externalId)?.content.recurrence?.lines,
    ).toEqual(['RRULE:FREQ=DAILY;COUNT=2']);
  });

  test('a cancelled instance deletes its occurrence; one already gone (cancelled in Outlook, or a retry) is done', async () => {
    const created = await create(
      contractContent({
        title: 'Cancel one',
        time,
        recurrence: { lines: ['RRULE:FREQ=DAILY;COUNT=3'] },
      }),
    );
    const cancel = () =>
      adapter.createEvent({
        calendarId: account.calendarId,
        idempotencyKey: 'cancel-1',
        appointmentId: 'apt-cancel-1',
        iCalUID: 'cancel-1@calsync.test',
        content: contractContent({ time, status: 'cancelled' }),
        series: {
          externalId: created.event.externalId,
          originalStart: { kind: 'instant', atUTC: '2026-03-11T08:00:00.000Z' },
        },
      });
    const first = await cancel();
    const again = await cancel();
    expect(again.event.externalId).toBe(first.event.externalId);
    expect(first.event.content.status).toBe('cancelled');
    const { all } = await pulledMaster(created.event.externalId);
    const cancelled = all.filter(
      (e) => e.seriesExternalId === created.event.externalId && e.content.status === 'cancelled',
    );
    expect(cancelled.map((e) => e.externalId)).toEqual([first.event.externalId]);
  });

  test('an override of an occurrence someone already moved returns their change, not written over', async () => {
    const created = await create(
      contractContent({
        title: 'Moved by the user',
        time,
        recurrence: { lines: ['RRULE:FREQ=DAILY;COUNT=3'] },
      }),
    );
    const slot = { kind: 'instant', atUTC: '2026-03-11T08:00:00.000Z' } as const;
    const occurrences = await graphAsUser<{ value: GraphEvent[] }>(
      env.microsoftBase,
      account.token,
      'GET',
      `/me/calendars/${account.calendarId}/events/${created.event.externalId}/instances?startDateTime=2026-03-11T00:00:00Z&endDateTime=2026-03-12T00:00:00Z`,
    );
    const occurrenceId = occurrences.value[0]!.id!;
    await graphAsUser(env.microsoftBase, account.token, 'PATCH', `/me/events/${occurrenceId}`, {
      start: { dateTime: '2026-03-11T15:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2026-03-11T15:45:00.0000000', timeZone: 'UTC' },
    });
    const override = (appointmentId: string, startsAtUTC: string) =>
      adapter.createEvent({
        calendarId: account.calendarId,
        idempotencyKey: `override-${appointmentId}`,
        appointmentId,
        iCalUID: `${appointmentId}@calsync.test`,
        content: contractContent({
          title: 'Moved by us',
          time: { ...time, startsAtUTC, endsAtUTC: startsAtUTC.replace(':00:00.', ':45:00.') },
        }),
        series: { externalId: created.event.externalId, originalStart: slot },
      });

    const theirs = await override('apt-late-override', '2026-03-11T12:00:00.000Z');
    expect(theirs.reused).toBe(true);
    expect(theirs.event.calsyncAppointmentId).not.toBe('apt-late-override');
    expect(theirs.event.originalStart).toEqual(slot);
    expect(theirs.event.content.time).toMatchObject({ startsAtUTC: '2026-03-11T15:00:00.000Z' });
    const { all } = await pulledMaster(created.event.externalId);
    expect(all.find((e) => e.externalId === theirs.event.externalId)?.content.title).toBe(
      'Moved by the user',
    );

    // An exception we made (stamped with the appointment) is ours to write again.
    const nextSlot = { kind: 'instant', atUTC: '2026-03-12T08:00:00.000Z' } as const;
    const ours = (startsAtUTC: string) =>
      adapter.createEvent({
        calendarId: account.calendarId,
        idempotencyKey: 'override-own',
        appointmentId: 'apt-own-override',
        iCalUID: 'own@calsync.test',
        content: contractContent({
          title: 'Moved by us',
          time: { ...time, startsAtUTC, endsAtUTC: startsAtUTC.replace(':00:00.', ':45:00.') },
        }),
        series: { externalId: created.event.externalId, originalStart: nextSlot },
      });
    await ours('2026-03-12T12:00:00.000Z');
    const again = await ours('2026-03-12T13:00:00.000Z');
    expect(again.event.calsyncAppointmentId).toBe('apt-own-override');
    expect(again.event.content.time).toMatchObject({ startsAtUTC: '2026-03-12T13:00:00.000Z' });
  });

  test('a rule Graph cannot express is refused with a typed error (the server plans single instances)', async () => {
    await expect(
      create(contractContent({ time, recurrence: { lines: ['RRULE:FREQ=HOURLY;COUNT=3'] } })),
    ).rejects.toBeInstanceOf(NonRetryableProviderError);
  });
});
