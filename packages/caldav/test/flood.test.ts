import { ICS_LIMITS } from '@calsync/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { floodCalendarObject, singleEventObject } from '../src/testing/index.js';
import { type ServerUnderTest, fixture, pullRound, startServer, upserts } from './support.js';

const FIRST = Date.UTC(2026, 2, 1, 9);
const GOOD_AT = Date.UTC(2026, 2, 10, 14);

// Radicale parses and stores a 20,000-VEVENT resource in Python: seconds on a quiet machine, much
// longer on a busy one. The test is about what is read, not how fast.
const FLOOD_TEST_TIMEOUT_MS = 180_000;

describe('a CalDAV resource with 20,000 VEVENTs (Radicale)', () => {
  let sut: ServerUnderTest;
  beforeAll(async () => {
    sut = await startServer('radicale');
  });
  afterAll(async () => {
    await sut?.server.stop();
  });

  test(
    'is read up to the cap with one pull issue; the resources beside it are imported',
    async () => {
      const f = await fixture(sut);
      await f.other.putRaw('before.ics', singleEventObject('good-1', 'Good before', GOOD_AT));
      const floodUrl = await f.other.putRaw('flood.ics', floodCalendarObject(FIRST, 19_999));
      await f.other.putRaw('after.ics', singleEventObject('good-2', 'Good after', GOOD_AT));

      const round = await pullRound(f.adapter, f.calendarId, null, 100, {
        startsAtUTC: '2026-02-01T00:00:00.000Z',
        endsAtUTC: '2026-06-01T00:00:00.000Z',
      });
      const events = upserts(round.changes);
      const fromFlood = events.filter((e) => e.iCalUID === 'flood');
      expect(fromFlood).toHaveLength(ICS_LIMITS.maxEventsPerResource);
      expect(fromFlood.filter((e) => e.originalStart === null)).toHaveLength(1);
      expect(
        events
          .filter((e) => e.iCalUID !== 'flood')
          .map((e) => e.content.title)
          .sort(),
      ).toEqual(['Good after', 'Good before']);
      expect(round.issues).toEqual([
        expect.objectContaining({
          externalId: expect.stringContaining(new URL(floodUrl, f.calendarId).pathname),
          reason: expect.stringMatching(
            /^20000 VEVENTs in one resource: the 18999 past the first 1001/,
          ),
        }),
      ]);
    },
    FLOOD_TEST_TIMEOUT_MS,
  );
});
