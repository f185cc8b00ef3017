import { runProviderContract } from '@calsync/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { MALFORMED_EVENT_ICS } from '../src/testing/index.js';
import { type ServerUnderTest, fixture, startServer } from './support.js';

/** Core's provider contract kit against both real servers. */
for (const kind of ['radicale', 'xandikos'] as const) {
  let sut: ServerUnderTest | null = null;
  beforeAll(async () => {
    sut = await startServer(kind);
  });
  afterAll(async () => {
    await sut?.server.stop();
  });
  runProviderContract(
    `CalDAV adapter contract (${kind})`,
    async () => {
      const f = await fixture(sut!);
      return {
        adapter: f.adapter,
        calendarId: f.calendarId,
        remote: {
          ...f.other,
          expireCursors: async () => f.expiry.expireAll(),
          injectMalformed: async () => f.other.putRaw('malformed.ics', MALFORMED_EVENT_ICS),
        },
      };
    },
    {
      manyEvents: 150,
      skip:
        kind === 'radicale'
          ? {
              'malformed remote items are skipped and reported, good ones kept':
                'Radicale refuses malformed objects on PUT (400) and its storage cannot hold one, so none can reach the adapter',
            }
          : {},
    },
  );
}
