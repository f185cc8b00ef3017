import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import type { DAVTransport } from '../dav/transport.js';
import type { DAVEntry, MultiStatus } from '../dav/multistatus.js';
import { encodeRest } from './cursor.js';
import { pullPage } from './pull.js';

const CALENDAR = 'http://127.0.0.1:5232/alice/cal/';
const WINDOW = { startsAtUTC: '2026-01-01T00:00:00.000Z', endsAtUTC: '2026-06-01T00:00:00.000Z' };

const resource = (i: number): string =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:test',
    'BEGIN:VEVENT',
    `UID:e${i}`,
    `SUMMARY:Event ${i}`,
    'DTSTART:20260310T140000Z',
    'DTEND:20260310T150000Z',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

describe('pullPage and the event loop', () => {
  test('other work runs between the resources of one multiget answer', async () => {
    const order: string[] = [];
    const hrefs = Array.from({ length: 20 }, (_, i) => `${CALENDAR}e${i}.ics`);
    // Each entry notes when its calendar data is read (the start of that resource's parsing).
    const entries: DAVEntry[] = hrefs.map((url, i) => ({
      url,
      status: 200,
      props: {
        get calendarData() {
          order.push(`read ${i}`);
          return resource(i);
        },
      },
    }));
    const answer: MultiStatus = { status: 207, entries, syncToken: null, text: '' };
    const transport = { multistatus: async () => answer } as unknown as DAVTransport;

    let ticking = true;
    const ticker = (async () => {
      while (ticking) {
        await nextTurn();
        order.push('tick');
      }
    })();
    const page = await pullPage(
      {
        transport,
        now: () => new Date('2026-03-01T00:00:00Z'),
        preference: 'auto',
        fullSyncScope: 'window',
      },
      {
        calendarId: CALENDAR,
        cursor: null,
        window: WINDOW,
        pageSize: hrefs.length,
        checkpoint: {
          mode: 'full',
          token: encodeRest({ calendarId: CALENDAR, to: 'cursor', hrefs }),
          pagesDone: 0,
          window: WINDOW,
        },
      },
    );
    ticking = false;
    await ticker;

    expect(page.changes).toHaveLength(hrefs.length);
    const first = order.indexOf('read 0');
    const last = order.indexOf(`read ${hrefs.length - 1}`);
    const ticksBetween = order.slice(first, last).filter((e) => e === 'tick').length;
    // Not one run of 20 parses: the loop turned between resources.
    expect(ticksBetween).toBeGreaterThanOrEqual(hrefs.length - 1);
  });
});
