import { calendarMultiGet } from 'tsdav';
import type { DAVCalendar, DAVClient } from 'tsdav';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UnknownSandboxAccountError } from '../emulator.js';
import type { CalDAVHarness } from './test-support.js';
import { ics, startCalDAVHarness } from './test-support.js';

let h: CalDAVHarness;
let counter = 0;
beforeAll(async () => {
  h = await startCalDAVHarness();
});
beforeEach(() => {
  h.emulator.settings.invalidSyncTokenStatus = 403;
});
afterAll(() => h.close());

async function account(): Promise<{
  client: DAVClient;
  calendar: DAVCalendar;
  email: string;
  password: string;
}> {
  counter += 1;
  const email = `dav${counter}@example.org`;
  const { client, password } = await h.login(email);
  const [calendar] = await client.fetchCalendars();
  if (!calendar) throw new Error('no calendar');
  return { client, calendar, email, password };
}

function basic(email: string, password: string): string {
  return `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
}

describe('CalDAV emulator', () => {
  it('login: discovery through current-user-principal and calendar-home-set, with Basic auth', async () => {
    const { client, email } = await account();
    expect(client.account?.principalUrl).toBe(
      `${h.base}/sandbox/caldav/dav/principals/${encodeURIComponent(email)}/`,
    );
    expect(client.account?.homeUrl).toBe(
      `${h.base}/sandbox/caldav/dav/calendars/${encodeURIComponent(email)}/`,
    );
    h.emulator.createAccount('wrong-password@example.org');
    const { DAVClient: Client } = await import('tsdav');
    const wrong = new Client({
      serverUrl: h.serverUrl,
      credentials: { username: 'wrong-password@example.org', password: 'nope' },
      authMethod: 'Basic',
      defaultAccountType: 'caldav',
    });
    await expect(wrong.login()).rejects.toThrow(/401|principal/);
  });

  it('/.well-known/caldav redirects to the context path', async () => {
    const response = await fetch(`${h.serverUrl}.well-known/caldav`, {
      method: 'PROPFIND',
      redirect: 'manual',
    });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe(`${h.serverUrl}dav/`);
  });

  it('fetchCalendars: displayname, resourcetype, supported-calendar-component-set, getctag, sync-token, reports', async () => {
    const { calendar } = await account();
    expect(calendar).toMatchObject({ displayName: 'Calendar', components: ['VEVENT', 'VTODO'] });
    expect(calendar.resourcetype).toEqual(expect.arrayContaining(['collection', 'calendar']));
    expect(String(calendar.ctag)).toMatch(/^"/);
    expect(calendar.syncToken).toMatch(/^http:\/\/calsync\.dev\/ns\/sync\//);
    expect(calendar.reports).toEqual(
      expect.arrayContaining(['calendarQuery', 'calendarMultiget', 'syncCollection']),
    );
  });

  it('createCalendarObject (If-None-Match: *), updateCalendarObject (If-Match), deleteCalendarObject, GET, ETags and 412s', async () => {
    const { client, calendar } = await account();
    const body = ics('e1', '20260310T090000Z', '20260310T100000Z', 'First');
    const created = await client.createCalendarObject({
      calendar,
      filename: 'e1.ics',
      iCalString: body,
    });
    expect(created.status).toBe(201);
    const etag = created.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const again = await client.createCalendarObject({
      calendar,
      filename: 'e1.ics',
      iCalString: body,
    });
    expect(again.status).toBe(412);
    const url = `${calendar.url}e1.ics`;
    const updated = await client.updateCalendarObject({
      calendarObject: { url, etag, data: body.replace('First', 'Second') },
    });
    expect(updated.status).toBe(204);
    const newEtag = updated.headers.get('etag') ?? '';
    expect(newEtag).not.toBe(etag);
    const stale = await client.updateCalendarObject({ calendarObject: { url, etag, data: body } });
    expect(stale.status).toBe(412);
    const fetched = await fetch(url, {
      headers: { authorization: client.authHeaders?.authorization ?? '' },
    });
    expect(await fetched.text()).toContain('SUMMARY:Second');
    expect(fetched.headers.get('etag')).toBe(newEtag);
    expect((await client.deleteCalendarObject({ calendarObject: { url, etag } })).status).toBe(412);
    expect(
      (await client.deleteCalendarObject({ calendarObject: { url, etag: newEtag } })).status,
    ).toBe(204);
    expect(
      (await client.deleteCalendarObject({ calendarObject: { url, etag: newEtag } })).status,
    ).toBe(404);
  });

  it('getctag and sync-token change on every write', async () => {
    const { client, calendar } = await account();
    await client.createCalendarObject({
      calendar,
      filename: 'c.ics',
      iCalString: ics('c', '20260310T090000Z', '20260310T100000Z', 'C'),
    });
    const [after] = await client.fetchCalendars();
    expect(after?.ctag).not.toBe(calendar.ctag);
    expect(after?.syncToken).not.toBe(calendar.syncToken);
  });

  it('fetchCalendarObjects: calendar-query with time-range (recurrences, EXDATE, overrides, all-day) then calendar-multiget', async () => {
    const { client, calendar } = await account();
    const put = (name: string, data: string) =>
      client.createCalendarObject({ calendar, filename: name, iCalString: data });
    await put('single.ics', ics('single', '20260310T090000Z', '20260310T100000Z', 'Single'));
    await put('late.ics', ics('late', '20260410T090000Z', '20260410T100000Z', 'April'));
    await put(
      'weekly.ics',
      ics('weekly', '20260302T090000Z', '20260302T100000Z', 'Weekly', [
        'RRULE:FREQ=WEEKLY;COUNT=10',
        'EXDATE:20260316T090000Z',
      ]),
    );
    await put(
      'moved.ics',
      ics(
        'moved',
        '20260201T090000Z',
        '20260201T100000Z',
        'Moved',
        ['RRULE:FREQ=MONTHLY;COUNT=2'],
        [
          [
            'BEGIN:VEVENT',
            'UID:moved',
            'DTSTAMP:20260101T000000Z',
            'RECURRENCE-ID:20260301T090000Z',
            'DTSTART:20260317T120000Z',
            'DTEND:20260317T130000Z',
            'SUMMARY:Moved instance',
            'END:VEVENT',
          ].join('\r\n'),
        ],
      ),
    );
    await put(
      'allday.ics',
      ics('allday', '20260318', '20260319', 'Holiday')
        .replace('DTSTART:20260318', 'DTSTART;VALUE=DATE:20260318')
        .replace('DTEND:20260319', 'DTEND;VALUE=DATE:20260319'),
    );
    const names = async (start: string, end: string) =>
      (await client.fetchCalendarObjects({ calendar, timeRange: { start, end } }))
        .map((o) => o.url.split('/').pop())
        .sort();
    expect(await names('2026-03-09T00:00:00Z', '2026-03-12T00:00:00Z')).toEqual([
      'single.ics',
      'weekly.ics',
    ]);
    // Only the EXDATE'd instance falls on 16 March; the override moved March's instance to the 17th.
    expect(await names('2026-03-16T00:00:00Z', '2026-03-17T00:00:00Z')).toEqual([]);
    expect(await names('2026-03-17T00:00:00Z', '2026-03-18T00:00:00Z')).toEqual(['moved.ics']);
    expect(await names('2026-03-18T00:00:00Z', '2026-03-19T00:00:00Z')).toEqual(['allday.ics']);
    const all = await client.fetchCalendarObjects({ calendar });
    expect(all).toHaveLength(5);
    expect(all.find((o) => o.url.endsWith('single.ics'))?.data).toContain('SUMMARY:Single');
    expect(all.every((o) => o.etag?.startsWith('"'))).toBe(true);
  });

  it('syncCollection (RFC 6578): initial listing, changes, 404 for removed members, new token', async () => {
    const { client, calendar } = await account();
    await client.createCalendarObject({
      calendar,
      filename: 'a.ics',
      iCalString: ics('a', '20260310T090000Z', '20260310T100000Z', 'A'),
    });
    await client.createCalendarObject({
      calendar,
      filename: 'b.ics',
      iCalString: ics('b', '20260311T090000Z', '20260311T100000Z', 'B'),
    });
    const initial = await client.syncCollection({
      url: calendar.url,
      props: { 'd:getetag': {} },
      syncLevel: 1,
      syncToken: '',
    });
    expect(initial.map((r) => r.href?.split('/').pop()).sort()).toEqual(['a.ics', 'b.ics']);
    const token1 = (initial[0]?.raw as { multistatus: { syncToken: string } }).multistatus
      .syncToken;
    const objects = await client.fetchCalendarObjects({ calendar });
    const b = objects.find((o) => o.url.endsWith('b.ics'));
    await client.deleteCalendarObject({ calendarObject: { url: b?.url ?? '', etag: b?.etag } });
    await client.createCalendarObject({
      calendar,
      filename: 'c.ics',
      iCalString: ics('c', '20260312T090000Z', '20260312T100000Z', 'C'),
    });
    const changes = await client.syncCollection({
      url: calendar.url,
      props: { 'd:getetag': {} },
      syncLevel: 1,
      syncToken: token1,
    });
    // tsdav reports a member with a 200 propstat under the multistatus' 207 and a removed one as 404.
    const byName = Object.fromEntries(changes.map((r) => [r.href?.split('/').pop(), r.status]));
    expect(byName).toEqual({ 'b.ics': 404, 'c.ics': 207 });
    expect(changes.find((r) => r.href?.endsWith('c.ics'))?.props?.getetag).toMatch(/^"/);
    const token2 = (changes[0]?.raw as { multistatus: { syncToken: string } }).multistatus
      .syncToken;
    expect(token2).not.toBe(token1);
  });

  it('smartCollectionSync (webdav) reports created, updated and deleted objects', async () => {
    const { client, calendar } = await account();
    await client.createCalendarObject({
      calendar,
      filename: 'keep.ics',
      iCalString: ics('keep', '20260310T090000Z', '20260310T100000Z', 'Keep'),
    });
    await client.createCalendarObject({
      calendar,
      filename: 'drop.ics',
      iCalString: ics('drop', '20260311T090000Z', '20260311T100000Z', 'Drop'),
    });
    const [start] = await client.fetchCalendars();
    const objects = await client.fetchCalendarObjects({ calendar });
    const keep = objects.find((o) => o.url.endsWith('keep.ics'));
    const drop = objects.find((o) => o.url.endsWith('drop.ics'));
    await client.updateCalendarObject({
      calendarObject: {
        url: keep?.url ?? '',
        etag: keep?.etag,
        data: ics('keep', '20260310T090000Z', '20260310T110000Z', 'Kept'),
      },
    });
    await client.deleteCalendarObject({
      calendarObject: { url: drop?.url ?? '', etag: drop?.etag },
    });
    await client.createCalendarObject({
      calendar,
      filename: 'new.ics',
      iCalString: ics('new', '20260312T090000Z', '20260312T100000Z', 'New'),
    });
    const result = await client.smartCollectionSync({
      collection: { ...start, url: start?.url ?? '', objects, objectMultiGet: calendarMultiGet },
      method: 'webdav',
      detailedResult: true,
    });
    const names = (list: { url: string }[]) => list.map((o) => o.url.split('/').pop());
    expect(names(result.objects.created)).toEqual(['new.ics']);
    expect(names(result.objects.updated)).toEqual(['keep.ics']);
    expect(names(result.objects.deleted)).toEqual(['drop.ics']);
    expect(result.syncToken).not.toBe(start?.syncToken);
  });

  it('invalid or expired sync token → valid-sync-token precondition (403 by default, switchable)', async () => {
    const { client, calendar, email } = await account();
    const bogus = await client.syncCollection({
      url: calendar.url,
      props: { 'd:getetag': {} },
      syncLevel: 1,
      syncToken: 'http://calsync.dev/ns/sync/nope-1',
    });
    expect(bogus[0]?.status).toBe(403);
    expect(String(bogus[0]?.raw)).toContain('valid-sync-token');
    h.emulator.expire(email, 'sync_tokens');
    h.emulator.settings.invalidSyncTokenStatus = 412;
    const expired = await client.syncCollection({
      url: calendar.url,
      props: { 'd:getetag': {} },
      syncLevel: 1,
      syncToken: String(calendar.syncToken),
    });
    expect(expired[0]?.status).toBe(412);
  });

  it('sync-collection with DAV:limit truncates with 507 and a token for the point reached', async () => {
    const { client, calendar, email, password } = await account();
    for (const n of [1, 2, 3]) {
      await client.createCalendarObject({
        calendar,
        filename: `n${n}.ics`,
        iCalString: ics(`n${n}`, '20260310T090000Z', '20260310T100000Z', `N${n}`),
      });
    }
    const report = (token: string) =>
      fetch(calendar.url, {
        method: 'REPORT',
        headers: { authorization: basic(email, password), 'content-type': 'application/xml' },
        body: `<?xml version="1.0"?><d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:limit><d:nresults>2</d:nresults></d:limit><d:prop><d:getetag/></d:prop></d:sync-collection>`,
      }).then((r) => r.text());
    const first = await report('');
    expect(first.match(/n\d\.ics/g)).toEqual(['n1.ics', 'n2.ics']);
    expect(first).toContain('507 Insufficient Storage');
    const token = /<d:sync-token>([^<]+)<\/d:sync-token>/.exec(first)?.[1] ?? '';
    const second = await report(token);
    expect(second.match(/n\d\.ics/g)).toEqual(['n3.ics']);
    expect(second).not.toContain('507');
  });

  it('PUT preconditions: no-uid-conflict (409 with the existing href) and valid-calendar-data', async () => {
    const { client, calendar } = await account();
    await client.createCalendarObject({
      calendar,
      filename: 'one.ics',
      iCalString: ics('same-uid', '20260310T090000Z', '20260310T100000Z', 'One'),
    });
    const clash = await client.createCalendarObject({
      calendar,
      filename: 'two.ics',
      iCalString: ics('same-uid', '20260310T090000Z', '20260310T100000Z', 'Two'),
    });
    expect(clash.status).toBe(409);
    const clashBody = await clash.text();
    expect(clashBody).toContain('no-uid-conflict');
    expect(clashBody).toContain('one.ics');
    const garbage = await client.createCalendarObject({
      calendar,
      filename: 'bad.ics',
      iCalString: 'not a calendar',
    });
    expect(garbage.status).toBe(403);
    expect(await garbage.text()).toContain('valid-calendar-data');
  });

  it('Basic auth: 401 without credentials or after expire(access_token); other accounts are off limits', async () => {
    const { calendar, email, password } = await account();
    const other = await account();
    expect((await fetch(calendar.url, { method: 'PROPFIND' })).status).toBe(401);
    const foreign = await fetch(calendar.url, {
      method: 'PROPFIND',
      headers: { authorization: basic(other.email, other.password), depth: '0' },
    });
    expect(foreign.status).toBe(403);
    h.emulator.expire(email, 'access_token');
    expect(
      (
        await fetch(calendar.url, {
          method: 'PROPFIND',
          headers: { authorization: basic(email, password), depth: '0' },
        })
      ).status,
    ).toBe(401);
    expect(() => h.emulator.expire('nobody@example.org', 'access_token')).toThrow(
      UnknownSandboxAccountError,
    );
    const renewed = h.emulator.createAccount(email);
    expect(
      (
        await fetch(calendar.url, {
          method: 'PROPFIND',
          headers: { authorization: basic(email, renewed.access_token), depth: '0' },
        })
      ).status,
    ).toBe(207);
  });

  it('makeCalendar creates a calendar that fetchCalendars lists', async () => {
    const { client } = await account();
    const home = client.account?.homeUrl ?? '';
    const made = await client.makeCalendar({ url: `${home}work/`, props: { displayname: 'Work' } });
    expect(made[0]?.ok).toBe(true);
    const names = (await client.fetchCalendars()).map((c) => c.displayName).sort();
    expect(names).toEqual(['Calendar', 'Work']);
  });
});
