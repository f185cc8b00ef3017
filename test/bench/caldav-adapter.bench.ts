import {
  type IcsEvent,
  type PullRequest,
  type ProviderAdapter,
  serializeICS,
  syncWindowRange,
} from '@calsync/core';
import { type SyncMethod, createCalDAVAdapter } from '@calsync/caldav';
import {
  basicAuth,
  calDAVRemoteControl,
  createTestCalendar,
  startRadicale,
} from '@calsync/caldav/testing';
import { expect, test } from 'vitest';
import { recordFigure } from './support/report.js';

/**
 * CalDAV adapter on a real Radicale: an initial sync of 1,000 events and an incremental sync of
 * one change, through sync-collection and through the ctag/etag fallback. Prints seconds,
 * requests and bytes (counted by a wrapping fetch); asserts nothing about time.
 */

const EVENTS = 1000;
const PAGE_SIZE = 100;
const NOW = new Date('2026-03-01T00:00:00.000Z');
const WINDOW = syncWindowRange(NOW);

interface Meter {
  requests: number;
  bytesSent: number;
  bytesReceived: number;
}

function meteredFetch(meter: Meter): typeof fetch {
  return async (input, init) => {
    meter.requests++;
    meter.bytesSent += typeof init?.body === 'string' ? Buffer.byteLength(init.body) : 0;
    const response = await fetch(input, init);
    meter.bytesReceived += (await response.clone().arrayBuffer()).byteLength;
    return response;
  };
}

async function pullRound(
  adapter: ProviderAdapter,
  calendarId: string,
  cursor: string | null,
): Promise<{ cursor: string; changes: number; pages: number }> {
  let request: PullRequest = {
    calendarId,
    cursor,
    checkpoint: null,
    window: WINDOW,
    pageSize: PAGE_SIZE,
  };
  let changes = 0;
  for (let pages = 1; ; pages++) {
    const page = await adapter.pullChanges(request);
    changes += page.changes.length;
    if (page.next.kind === 'done') return { cursor: page.next.cursor, changes, pages };
    request = { ...request, checkpoint: page.next.checkpoint };
  }
}

test('CalDAV adapter: initial and incremental sync on Radicale', async () => {
  const server = await startRadicale({ users: { bench: 'bench' } });
  try {
    const calendarId = await createTestCalendar(server, { username: 'bench', password: 'bench' });
    const other = calDAVRemoteControl({
      calendarUrl: calendarId,
      username: 'bench',
      password: 'bench',
    });
    // Seeding through PUT costs Radicale ~0.1 s per object; the files go straight into its storage.
    const hrefs: string[] = [];
    for (let index = 0; index < EVENTS; index++) {
      const startsAt = Date.parse('2026-03-02T00:00:00.000Z') + index * 3_600_000;
      const event: IcsEvent = {
        uid: `bench-${index}@calsync.bench`,
        originalStart: null,
        sequence: 0,
        lastModifiedAt: null,
        extraProperties: [],
        originalTZID: null,
        content: {
          title: `Bench ${index}`,
          description: 'Seeded for the benchmark',
          location: null,
          time: {
            kind: 'zoned',
            startsAtUTC: new Date(startsAt).toISOString(),
            endsAtUTC: new Date(startsAt + 1_800_000).toISOString(),
            timeZone: 'Europe/Berlin',
          },
          recurrence: null,
          attendees: [],
          status: 'confirmed',
          meeting: null,
          reminders: { useDefault: true, overrides: [] },
          transparency: 'opaque',
        },
      };
      hrefs.push(
        await server.plantRaw(
          calendarId,
          `bench-${index}.ics`,
          serializeICS([event], { now: NOW.toISOString() }),
          '',
        ),
      );
    }
    // Let Radicale build its item cache outside the measurement.
    await fetch(calendarId, {
      method: 'PROPFIND',
      headers: { authorization: basicAuth('bench', 'bench'), depth: '1' },
    });

    for (const syncMethod of ['sync-collection', 'ctag'] as const) {
      const meter: Meter = { requests: 0, bytesSent: 0, bytesReceived: 0 };
      const paths: SyncMethod[] = [];
      const adapter = createCalDAVAdapter(
        { fetch: meteredFetch(meter), now: () => new Date(), getAccessToken: async () => '' },
        { flavour: 'generic', serverUrl: server.serverUrl, username: 'bench', password: 'bench' },
        { syncMethod, onPullRound: (round) => paths.push(round.method) },
      );
      const measure = async (
        label: string,
        run: () => Promise<{ changes: number; pages: number }>,
      ): Promise<void> => {
        const before = { ...meter };
        const started = performance.now();
        const result = await run();
        const ms = performance.now() - started;
        recordFigure({
          bench: 'CalDAV adapter on Radicale',
          name: `${label} (${syncMethod})`,
          value: Math.round(ms),
          unit: 'ms',
          notes:
            `path ${paths[paths.length - 1] ?? '?'}; ${meter.requests - before.requests} requests, ` +
            `${meter.bytesSent - before.bytesSent} B sent, ${meter.bytesReceived - before.bytesReceived} B received; ` +
            `${result.changes} changes in ${result.pages} pages`,
        });
      };
      let cursor = '';
      await measure(`initial sync, ${EVENTS} events`, async () => {
        const result = await pullRound(adapter, calendarId, null);
        cursor = result.cursor;
        expect(result.changes).toBe(EVENTS);
        return result;
      });
      await other.updateExternal(hrefs[syncMethod === 'ctag' ? 1 : 0]!, {
        title: `Bench edited by ${syncMethod}`,
      });
      await measure('incremental sync, 1 change', async () => {
        const result = await pullRound(adapter, calendarId, cursor);
        expect(result.changes).toBe(1);
        return result;
      });
    }
  } finally {
    await server.stop();
  }
});
