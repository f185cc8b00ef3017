import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphHarness } from './test-support.js';
import { graphError, startGraphHarness } from './test-support.js';

let h: GraphHarness;
let counter = 0;
beforeAll(async () => {
  h = await startGraphHarness();
});
afterAll(() => h.close());

function newUser(name = 'user') {
  counter += 1;
  const account = h.emulator.createAccount(`${name}${counter}@contoso.example`);
  return { account, client: h.client(account.access_token) };
}

const meeting = {
  subject: 'Planning',
  start: { dateTime: '2026-03-10T09:00:00', timeZone: 'UTC' },
  end: { dateTime: '2026-03-10T10:00:00', timeZone: 'UTC' },
};

const weeklySeries = {
  subject: 'Weekly sync',
  start: { dateTime: '2026-03-02T09:00:00', timeZone: 'W. Europe Standard Time' },
  end: { dateTime: '2026-03-02T09:30:00', timeZone: 'W. Europe Standard Time' },
  recurrence: {
    pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
    range: { type: 'numbered', startDate: '2026-03-02', numberOfOccurrences: 5 },
  },
};

describe('Graph emulator checklist (PROTOCOLS.md §2.11)', () => {
  it('@odata.etag = W/"changeKey", both change on every edit; optional If-Match → 412', async () => {
    const { client } = newUser();
    const created = await client.api('/me/events').post(meeting);
    expect(created['@odata.etag']).toBe(`W/"${created.changeKey}"`);
    const updated = await client
      .api(`/me/events/${created.id}`)
      .header('If-Match', created['@odata.etag'])
      .patch({ subject: 'Renamed' });
    expect(updated.changeKey).not.toBe(created.changeKey);
    expect(updated['@odata.etag']).toBe(`W/"${updated.changeKey}"`);
    const stale = await graphError(
      client
        .api(`/me/events/${created.id}`)
        .header('If-Match', created['@odata.etag'])
        .patch({ subject: 'Lost' }),
    );
    expect(stale.statusCode).toBe(412);
    const staleDelete = await graphError(
      client.api(`/me/events/${created.id}`).header('If-Match', created['@odata.etag']).delete(),
    );
    expect(staleDelete.statusCode).toBe(412);
    // Without If-Match the last writer wins.
    const lastWriter = await client
      .api(`/me/events/${created.id}`)
      .patch({ subject: 'Last writer' });
    expect(lastWriter.subject).toBe('Last writer');
  });

  it('Timezone handling: Windows + IANA names, original zones kept, UTC unless Prefer: outlook.timezone, 7-digit fractions, isAllDay midnight validation', async () => {
    const { client } = newUser();
    const windows = await client.api('/me/events').post({
      subject: 'Windows zone',
      start: { dateTime: '2026-07-01T09:00:00', timeZone: 'Pacific Standard Time' },
      end: { dateTime: '2026-07-01T10:00:00', timeZone: 'Pacific Standard Time' },
    });
    expect(windows.start).toEqual({ dateTime: '2026-07-01T16:00:00.0000000', timeZone: 'UTC' });
    expect(windows.originalStartTimeZone).toBe('Pacific Standard Time');
    const iana = await client.api('/me/events').post({
      subject: 'IANA zone',
      start: { dateTime: '2026-01-15T09:00:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-01-15T10:00:00', timeZone: 'Europe/Berlin' },
    });
    expect(iana.end.dateTime).toBe('2026-01-15T09:00:00.0000000');
    const inTokyo = await client
      .api(`/me/events/${windows.id}`)
      .header('Prefer', 'outlook.timezone="Tokyo Standard Time"')
      .get();
    expect(inTokyo.start).toEqual({
      dateTime: '2026-07-02T01:00:00.0000000',
      timeZone: 'Tokyo Standard Time',
    });
    const inIANA = await client
      .api(`/me/events/${windows.id}`)
      .header('Prefer', 'outlook.timezone="America/New_York"')
      .get();
    expect(inIANA.start.dateTime).toBe('2026-07-01T12:00:00.0000000');
    const badZone = await graphError(
      client
        .api('/me/events')
        .post({ ...meeting, start: { dateTime: '2026-03-10T09:00:00', timeZone: 'Mars/Olympus' } }),
    );
    expect(badZone.statusCode).toBe(400);
    const allDay = await client.api('/me/events').post({
      subject: 'Offsite',
      isAllDay: true,
      start: { dateTime: '2026-03-12T00:00:00', timeZone: 'Eastern Standard Time' },
      end: { dateTime: '2026-03-14T00:00:00', timeZone: 'Eastern Standard Time' },
    });
    expect(allDay.start.dateTime).toBe('2026-03-12T00:00:00.0000000');
    expect(allDay.end.dateTime).toBe('2026-03-14T00:00:00.0000000');
    const notMidnight = await graphError(
      client.api('/me/events').post({
        subject: 'Broken all-day',
        isAllDay: true,
        start: { dateTime: '2026-03-12T09:00:00', timeZone: 'UTC' },
        end: { dateTime: '2026-03-13T00:00:00', timeZone: 'UTC' },
      }),
    );
    expect(notMidnight.statusCode).toBe(400);
  });

  it('/events excludes occurrences; /calendarView expands; /instances', async () => {
    const { client } = newUser();
    const master = await client.api('/me/events').post(weeklySeries);
    await client.api('/me/events').post(meeting);
    const events = await client.api('/me/events').get();
    expect(events.value.map((e: { type: string }) => e.type).sort()).toEqual([
      'seriesMaster',
      'singleInstance',
    ]);
    const view = await client
      .api('/me/calendarView')
      .query({ startDateTime: '2026-03-01T00:00:00Z', endDateTime: '2026-04-01T00:00:00Z' })
      .get();
    const occurrences = view.value.filter((e: { type: string }) => e.type === 'occurrence');
    expect(occurrences).toHaveLength(5);
    expect(occurrences[0].seriesMasterId).toBe(master.id);
    expect(occurrences.map((o: { start: { dateTime: string } }) => o.start.dateTime)).toEqual([
      '2026-03-02T08:00:00.0000000',
      '2026-03-09T08:00:00.0000000',
      '2026-03-16T08:00:00.0000000',
      '2026-03-23T08:00:00.0000000',
      // Wall-clock 09:00 Berlin is kept after the DST change on 29 March.
      '2026-03-30T07:00:00.0000000',
    ]);
    const instances = await client
      .api(`/me/events/${master.id}/instances`)
      .query({ startDateTime: '2026-03-08T00:00:00Z', endDateTime: '2026-03-20T00:00:00Z' })
      .get();
    expect(instances.value).toHaveLength(2);
    expect(instances.value[0].originalStart).toBe('2026-03-09T08:00:00Z');
    const missingWindow = await graphError(client.api('/me/calendarView').get());
    expect(missingWindow.statusCode).toBe(400);
  });

  it('transactionId dedupe (same body → same event; different content → ErrorDuplicateTransactionId), immutable afterwards', async () => {
    const { client } = newUser();
    const body = { ...meeting, transactionId: 'tx-4f1c' };
    const first = await client.api('/me/events').post(body);
    const retried = await client.api('/me/events').post(body);
    expect(retried.id).toBe(first.id);
    expect(retried.transactionId).toBe('tx-4f1c');
    expect((await client.api('/me/events').get()).value).toHaveLength(1);
    const different = await graphError(
      client.api('/me/events').post({ ...body, subject: 'Something else' }),
    );
    expect(different.code).toBe('ErrorDuplicateTransactionId');
    const change = await graphError(
      client.api(`/me/events/${first.id}`).patch({ transactionId: 'tx-other' }),
    );
    expect(change.statusCode).toBe(400);
  });

  it("PATCH semantics; occurrence PATCH turns type into exception; DELETE of occurrence; cancel/accept/decline; attendee status updates change the organizer's copy", async () => {
    const organizer = newUser('organizer');
    const attendee = newUser('attendee');
    const created = await organizer.client.api('/me/events').post({
      ...weeklySeries,
      body: { contentType: 'text', content: 'Agenda' },
      attendees: [
        { emailAddress: { address: attendee.account.email, name: 'Attendee' }, type: 'required' },
      ],
    });
    const patched = await organizer.client
      .api(`/me/events/${created.id}`)
      .patch({ subject: 'Weekly sync (new)' });
    expect(patched.subject).toBe('Weekly sync (new)');
    expect(patched.body.content).toBe('Agenda');
    const window = { startDateTime: '2026-03-01T00:00:00Z', endDateTime: '2026-04-01T00:00:00Z' };
    const [first, second] = (
      await organizer.client.api(`/me/events/${created.id}/instances`).query(window).get()
    ).value;
    const exception = await organizer.client.api(`/me/events/${first.id}`).patch({
      subject: 'Moved',
      start: { dateTime: '2026-03-02T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-03-02T11:00:00', timeZone: 'UTC' },
    });
    expect(exception.type).toBe('exception');
    expect(exception.seriesMasterId).toBe(created.id);
    expect(exception.originalStart).toBe('2026-03-02T08:00:00Z');
    await organizer.client.api(`/me/events/${second.id}`).delete();
    const after = (
      await organizer.client.api(`/me/events/${created.id}/instances`).query(window).get()
    ).value;
    expect(after.map((e: { type: string }) => e.type)).toEqual([
      'exception',
      'occurrence',
      'occurrence',
      'occurrence',
    ]);

    const copy = (await attendee.client.api('/me/events').get()).value[0];
    expect(copy.isOrganizer).toBe(false);
    expect(copy.responseStatus.response).toBe('notResponded');
    const ownReply = await graphError(
      organizer.client.api(`/me/events/${created.id}/accept`).post({ sendResponse: true }),
    );
    expect(ownReply.statusCode).toBe(400);
    await attendee.client
      .api(`/me/events/${copy.id}/tentativelyAccept`)
      .post({ comment: 'maybe', sendResponse: true });
    await attendee.client
      .api(`/me/events/${copy.id}/accept`)
      .post({ comment: 'ok', sendResponse: true });
    const organizerView = await organizer.client.api(`/me/events/${created.id}`).get();
    expect(organizerView.attendees[0].status.response).toBe('accepted');
    expect((await attendee.client.api(`/me/events/${copy.id}`).get()).responseStatus.response).toBe(
      'accepted',
    );
    await attendee.client.api(`/me/events/${copy.id}/decline`).post({ sendResponse: true });
    expect(
      (await organizer.client.api(`/me/events/${created.id}`).get()).attendees[0].status.response,
    ).toBe('declined');

    // The organizer may also set a status through an update; the attendee's copy follows.
    await organizer.client.api(`/me/events/${created.id}`).patch({
      attendees: [
        {
          emailAddress: { address: attendee.account.email },
          status: { response: 'tentativelyAccepted', time: '2026-03-02T09:00:00Z' },
        },
      ],
    });
    expect((await attendee.client.api(`/me/events/${copy.id}`).get()).responseStatus.response).toBe(
      'tentativelyAccepted',
    );

    await organizer.client
      .api(`/me/events/${created.id}/cancel`)
      .post({ comment: 'No longer needed' });
    expect(
      (await graphError(organizer.client.api(`/me/events/${created.id}`).get())).statusCode,
    ).toBe(404);
    expect((await attendee.client.api(`/me/events/${copy.id}`).get()).isCancelled).toBe(true);
  });

  it('ID behaviour: ids are opaque and stable across edits; Prefer: IdType="ImmutableId" is accepted and returns the same ids', async () => {
    const { client } = newUser();
    const created = await client.api('/me/events').post(meeting);
    const immutable = await client
      .api(`/me/events/${created.id}`)
      .header('Prefer', 'IdType="ImmutableId"')
      .get();
    expect(immutable.id).toBe(created.id);
    const edited = await client.api(`/me/events/${created.id}`).patch({ subject: 'x' });
    expect(edited.id).toBe(created.id);
    const malformed = await graphError(client.api('/me/events/not-an-id').get());
    expect(malformed.statusCode).toBe(404);
  });

  it('Recurrence validation: only the six pattern types, required fields per type, range types', async () => {
    const { client } = newUser();
    const withRecurrence = (
      pattern: Record<string, unknown>,
      range: Record<string, unknown> = { type: 'noEnd', startDate: '2026-03-02' },
    ) => client.api('/me/events').post({ ...meeting, recurrence: { pattern, range } });
    expect((await graphError(withRecurrence({ type: 'hourly', interval: 1 }))).statusCode).toBe(
      400,
    );
    expect((await graphError(withRecurrence({ type: 'weekly', interval: 1 }))).statusCode).toBe(
      400,
    );
    expect(
      (await graphError(withRecurrence({ type: 'absoluteMonthly', interval: 1 }))).statusCode,
    ).toBe(400);
    expect(
      (await graphError(withRecurrence({ type: 'absoluteYearly', interval: 1, dayOfMonth: 5 })))
        .statusCode,
    ).toBe(400);
    expect(
      (await graphError(withRecurrence({ type: 'daily', interval: 1, daysOfWeek: ['monday'] })))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await graphError(
          withRecurrence(
            { type: 'daily', interval: 1 },
            { type: 'endDate', startDate: '2026-03-02' },
          ),
        )
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await graphError(
          withRecurrence(
            { type: 'daily', interval: 1 },
            { type: 'numbered', startDate: '2026-03-02' },
          ),
        )
      ).statusCode,
    ).toBe(400);
    const relative = await client.api('/me/events').post({
      subject: 'Last Friday',
      start: { dateTime: '2026-03-27T15:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-03-27T16:00:00', timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' },
        range: { type: 'endDate', startDate: '2026-03-01', endDate: '2026-05-31' },
      },
    });
    const instances = await client
      .api(`/me/events/${relative.id}/instances`)
      .query({ startDateTime: '2026-03-01T00:00:00Z', endDateTime: '2026-07-01T00:00:00Z' })
      .get();
    expect(
      instances.value.map((i: { start: { dateTime: string } }) => i.start.dateTime.slice(0, 10)),
    ).toEqual(['2026-03-27', '2026-04-24', '2026-05-29']);
  });
});

describe('event properties', () => {
  it('stores categories, sensitivity, showAs, importance and location, and refuses unknown properties', async () => {
    const { client } = newUser();
    const created = await client.api('/me/events').post({
      ...meeting,
      categories: ['Red category', 'Customer'],
      sensitivity: 'private',
      showAs: 'oof',
      importance: 'high',
      location: { displayName: 'Room 4' },
    });
    expect(created).toMatchObject({
      categories: ['Red category', 'Customer'],
      sensitivity: 'private',
      showAs: 'oof',
      importance: 'high',
    });
    expect(created.locations[0].displayName).toBe('Room 4');
    expect(
      (await graphError(client.api(`/me/events/${created.id}`).patch({ showAs: 'away' })))
        .statusCode,
    ).toBe(400);
    expect(
      (await graphError(client.api(`/me/events/${created.id}`).patch({ colour: 'red' })))
        .statusCode,
    ).toBe(400);
  });
});
