import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphHarness } from './test-support.js';
import { graphError, startGraphHarness } from './test-support.js';

let h: GraphHarness;
let counter = 0;
beforeAll(async () => {
  h = await startGraphHarness();
});
afterAll(() => h.close());

function newUser() {
  counter += 1;
  const account = h.emulator.createAccount(`meet${counter}@contoso.example`);
  return { account, client: h.client(account.access_token) };
}

function slot(start: string, end: string, extra: Record<string, unknown> = {}) {
  return {
    subject: 'Busy',
    start: { dateTime: `2026-03-10T${start}:00`, timeZone: 'UTC' },
    end: { dateTime: `2026-03-10T${end}:00`, timeZone: 'UTC' },
    ...extra,
  };
}

describe('Graph emulator checklist (PROTOCOLS.md §2.11)', () => {
  it('isOnlineMeeting + teamsForBusiness → onlineMeeting.joinUrl, sticky; /me/onlineMeetings standalone create', async () => {
    const { client } = newUser();
    const event = await client.api('/me/events').post(
      slot('09:00', '10:00', {
        isOnlineMeeting: true,
        onlineMeetingProvider: 'teamsForBusiness',
      }),
    );
    expect(event.onlineMeeting.joinUrl).toMatch(
      /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//,
    );
    expect(event.onlineMeetingUrl).toBeNull();
    const afterOff = await client
      .api(`/me/events/${event.id}`)
      .patch({ isOnlineMeeting: false, onlineMeetingProvider: 'unknown' });
    expect(afterOff.isOnlineMeeting).toBe(true);
    expect(afterOff.onlineMeeting.joinUrl).toBe(event.onlineMeeting.joinUrl);
    const plain = await client.api('/me/events').post(slot('11:00', '12:00'));
    expect(plain.onlineMeeting).toBeNull();
    const addedLater = await client
      .api(`/me/events/${plain.id}`)
      .patch({ isOnlineMeeting: true, onlineMeetingProvider: 'teamsForBusiness' });
    expect(addedLater.onlineMeeting.joinUrl).toBeTruthy();

    const standalone = await client.api('/me/onlineMeetings').post({
      startDateTime: '2026-03-10T14:00:00Z',
      endDateTime: '2026-03-10T15:00:00Z',
      subject: 'Standalone',
    });
    expect(standalone.joinWebUrl).toMatch(/^https:\/\/teams\.microsoft\.com\//);
    expect(standalone.joinMeetingIdSettings.joinMeetingId).toBeTruthy();
    const calendar = await client
      .api('/me/calendarView')
      .query({ startDateTime: '2026-03-10T00:00:00Z', endDateTime: '2026-03-11T00:00:00Z' })
      .get();
    expect(calendar.value.map((e: { subject: string }) => e.subject)).not.toContain('Standalone');
    expect((await client.api(`/me/onlineMeetings/${standalone.id}`).get()).subject).toBe(
      'Standalone',
    );
  });

  it('getSchedule: availabilityView string, 62-day limit', async () => {
    const alice = newUser();
    const bob = newUser();
    await bob.client.api('/me/events').post(slot('09:00', '10:00'));
    await bob.client.api('/me/events').post(slot('10:00', '10:30', { showAs: 'tentative' }));
    await bob.client
      .api('/me/events')
      .post(slot('11:00', '12:00', { showAs: 'oof', sensitivity: 'private', subject: 'Doctor' }));
    await bob.client.api('/me/events').post(slot('12:00', '13:00', { showAs: 'free' }));
    const result = await alice.client.api('/me/calendar/getSchedule').post({
      schedules: [bob.account.email, 'stranger@elsewhere.example'],
      startTime: { dateTime: '2026-03-10T08:00:00', timeZone: 'UTC' },
      endTime: { dateTime: '2026-03-10T13:00:00', timeZone: 'UTC' },
      availabilityViewInterval: 30,
    });
    const [bobs, stranger] = result.value;
    expect(bobs.availabilityView).toBe('0022103300');
    expect(bobs.scheduleItems.map((i: { status: string }) => i.status)).toEqual([
      'busy',
      'tentative',
      'oof',
    ]);
    expect(bobs.scheduleItems[2].isPrivate).toBe(true);
    expect(bobs.scheduleItems[2].subject).toBeUndefined();
    expect(stranger.error.responseCode).toBe('ErrorMailRecipientNotFound');
    const zoned = await alice.client
      .api('/me/calendar/getSchedule')
      .header('Prefer', 'outlook.timezone="Eastern Standard Time"')
      .post({
        schedules: [bob.account.email],
        startTime: { dateTime: '2026-03-10T08:00:00', timeZone: 'UTC' },
        endTime: { dateTime: '2026-03-10T10:00:00', timeZone: 'UTC' },
        availabilityViewInterval: 60,
      });
    expect(zoned.value[0].availabilityView).toBe('02');
    expect(zoned.value[0].scheduleItems[0].start).toEqual({
      dateTime: '2026-03-10T05:00:00.0000000',
      timeZone: 'Eastern Standard Time',
    });
    const tooBig = await graphError(
      alice.client.api('/me/calendar/getSchedule').post({
        schedules: [bob.account.email],
        startTime: { dateTime: '2026-03-01T00:00:00', timeZone: 'UTC' },
        endTime: { dateTime: '2026-05-03T00:00:00', timeZone: 'UTC' },
      }),
    );
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.code).toBe('ErrorTimeIntervalTooBig');
  });
});
