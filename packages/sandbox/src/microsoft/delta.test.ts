import { ResponseType } from '@microsoft/microsoft-graph-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GraphHarness } from './test-support.js';
import { graphError, startGraphHarness } from './test-support.js';

let h: GraphHarness;
let counter = 0;
beforeAll(async () => {
  h = await startGraphHarness();
});
afterEach(() => {
  h.emulator.settings.deltaEmptyPages = false;
  h.emulator.settings.deltaReplays = false;
});
afterAll(() => h.close());

function newUser() {
  counter += 1;
  const account = h.emulator.createAccount(`delta${counter}@contoso.example`);
  return { account, client: h.client(account.access_token) };
}

const window = { startDateTime: '2026-03-01T00:00:00Z', endDateTime: '2026-04-01T00:00:00Z' };

function at(day: number, subject: string) {
  const date = `2026-03-${String(day).padStart(2, '0')}`;
  return {
    subject,
    start: { dateTime: `${date}T09:00:00`, timeZone: 'UTC' },
    end: { dateTime: `${date}T10:00:00`, timeZone: 'UTC' },
  };
}

interface DeltaPage {
  value: Record<string, unknown>[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** Follows nextLinks to the deltaLink, as a sync engine does. */
async function round(
  client: ReturnType<GraphHarness['client']>,
  first: string,
  prefer = 'odata.maxpagesize=2',
) {
  const pages: DeltaPage[] = [];
  let link: string | undefined = first;
  while (link) {
    const page: DeltaPage = await client.api(link).header('Prefer', prefer).get();
    pages.push(page);
    link = page['@odata.nextLink'] ? h.relative(page['@odata.nextLink']) : undefined;
  }
  const deltaLink = pages[pages.length - 1]?.['@odata.deltaLink'];
  if (!deltaLink) throw new Error('round ended without a deltaLink');
  return { pages, items: pages.flatMap((p) => p.value), deltaLink: h.relative(deltaLink) };
}

const initial = `/me/calendarView/delta?startDateTime=${window.startDateTime}&endDateTime=${window.endDateTime}`;

describe('Graph emulator checklist (PROTOCOLS.md §2.11)', () => {
  describe('calendarView delta', () => {
    it('window encoded into opaque skip/delta tokens; nextLink pages, then a deltaLink', async () => {
      const { client } = newUser();
      for (let day = 2; day <= 6; day++) await client.api('/me/events').post(at(day, `E${day}`));
      await client.api('/me/events').post({
        ...at(20, 'Outside'),
        start: { dateTime: '2026-05-01T09:00:00', timeZone: 'UTC' },
        end: { dateTime: '2026-05-01T10:00:00', timeZone: 'UTC' },
      });
      const first = await round(client, initial);
      expect(first.pages.map((p) => p.value.length)).toEqual([2, 2, 1]);
      expect(first.pages[0]?.['@odata.nextLink']).toContain('$skiptoken=');
      expect(first.pages[0]?.['@odata.nextLink']).not.toContain('startDateTime');
      expect(first.deltaLink).toContain('$deltatoken=');
      expect(first.deltaLink).not.toContain('startDateTime');
      const raw = (await client
        .api(first.deltaLink)
        .responseType(ResponseType.RAW)
        .get()) as Response;
      expect(raw.headers.get('preference-applied')).toContain('odata.track-changes');
      const quiet = await round(client, first.deltaLink);
      expect(quiet.items).toEqual([]);
    });

    it('@removed for deletes AND for items leaving the window; changed and new items in full', async () => {
      const { client } = newUser();
      const keep = await client.api('/me/events').post(at(2, 'Keep'));
      const remove = await client.api('/me/events').post(at(3, 'Remove'));
      const leave = await client.api('/me/events').post(at(4, 'Leave'));
      const first = await round(client, initial);
      expect(first.items.map((i) => i.id).sort()).toEqual([keep.id, remove.id, leave.id].sort());
      await client.api(`/me/events/${keep.id}`).patch({ subject: 'Kept and changed' });
      await client.api(`/me/events/${remove.id}`).delete();
      await client.api(`/me/events/${leave.id}`).patch({
        start: { dateTime: '2026-06-01T09:00:00', timeZone: 'UTC' },
        end: { dateTime: '2026-06-01T10:00:00', timeZone: 'UTC' },
      });
      const added = await client.api('/me/events').post(at(5, 'Added'));
      const second = await round(client, first.deltaLink);
      const removed = second.items.filter((i) => i['@removed']);
      expect(removed.map((i) => i.id).sort()).toEqual([remove.id, leave.id].sort());
      expect(removed[0]).toMatchObject({
        '@odata.type': '#microsoft.graph.event',
        '@removed': { reason: 'deleted' },
      });
      const upserts = second.items.filter((i) => !i['@removed']);
      expect(upserts.map((i) => i.subject).sort()).toEqual(['Added', 'Kept and changed']);
      expect(upserts.find((i) => i.id === added.id)?.start).toEqual({
        dateTime: '2026-03-05T09:00:00.0000000',
        timeZone: 'UTC',
      });
    });

    it('is occurrence-level: each occurrence has its own id and seriesMasterId; Prefer: outlook.timezone applies', async () => {
      const { client } = newUser();
      const master = await client.api('/me/events').post({
        ...at(2, 'Daily'),
        recurrence: {
          pattern: { type: 'daily', interval: 7 },
          range: { type: 'numbered', startDate: '2026-03-02', numberOfOccurrences: 3 },
        },
      });
      const first = await round(
        client,
        initial,
        'odata.maxpagesize=10, outlook.timezone="Eastern Standard Time"',
      );
      expect(first.items).toHaveLength(3);
      expect(
        first.items.every((i) => i.seriesMasterId === master.id && i.type === 'occurrence'),
      ).toBe(true);
      expect(first.items[0]?.start).toEqual({
        dateTime: '2026-03-02T04:00:00.0000000',
        timeZone: 'Eastern Standard Time',
      });
      const occurrenceId = String(first.items[1]?.id);
      await client.api(`/me/events/${occurrenceId}`).delete();
      const second = await round(client, first.deltaLink);
      expect(second.items).toEqual([
        {
          '@odata.type': '#microsoft.graph.event',
          id: occurrenceId,
          '@removed': { reason: 'deleted' },
        },
      ]);
    });

    it('empty pages with nextLink (test mode)', async () => {
      const { client } = newUser();
      await client.api('/me/events').post(at(2, 'One'));
      h.emulator.settings.deltaEmptyPages = true;
      const first = await round(client, initial);
      expect(first.pages[0]?.value).toEqual([]);
      expect(first.pages[0]?.['@odata.nextLink']).toBeDefined();
      expect(first.items).toHaveLength(1);
    });

    it('duplicates/replays (test mode)', async () => {
      const { client } = newUser();
      const event = await client.api('/me/events').post(at(2, 'Twice'));
      h.emulator.settings.deltaReplays = true;
      const first = await round(client, initial);
      expect(first.items.map((i) => i.id)).toEqual([event.id, event.id]);
    });

    it('410 + Location reset and SyncStateNotFound through the expiry hook', async () => {
      const { account, client } = newUser();
      await client.api('/me/events').post(at(2, 'One'));
      const first = await round(client, initial);
      h.emulator.expire(account.email, 'sync_tokens');
      const expired = await graphError(client.api(first.deltaLink).get());
      expect(expired.statusCode).toBe(410);
      expect(expired.code).toBe('SyncStateNotFound');
      const raw = await fetch(`${h.providerBase}/v1.0${first.deltaLink}`, {
        headers: { authorization: `Bearer ${account.access_token}` },
      });
      expect(raw.status).toBe(410);
      const location = raw.headers.get('location') ?? '';
      expect(location).toContain('startDateTime=2026-03-01');
      const restarted = await round(client, h.relative(location));
      expect(restarted.items).toHaveLength(1);
      const garbage = await graphError(
        client.api('/me/calendarView/delta?$deltatoken=bogus').get(),
      );
      expect(garbage.statusCode).toBe(410);
    });
  });

  it('Unsupported OData on delta → 400', async () => {
    const { client } = newUser();
    for (const query of [
      '$select=subject',
      "$filter=subject eq 'x'",
      '$orderby=start/dateTime',
      '$expand=attachments',
      '$search="x"',
    ]) {
      const error = await graphError(client.api(`${initial}&${query}`).get());
      expect(error.statusCode).toBe(400);
    }
    const noWindow = await graphError(client.api('/me/calendarView/delta').get());
    expect(noWindow.statusCode).toBe(400);
  });
});
