import { ICS_LIMITS } from '@calsync/core';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import type { IntegrationOutput } from '../../src/http/schemas/integration.js';
import { caldavIntegration } from '../../src/integrations/caldav/index.js';
import { createAddressPolicy } from '../../src/net/address-policy.js';
import { startJobQueue } from '../../src/jobs/boss.js';
import { registerSyncJobs } from '../../src/jobs/register-sync.js';
import { ProviderRegistry } from '../../src/providers/registry.js';
import { createApiKey } from '../../src/store/api-keys.js';
import { createTenant } from '../../src/store/tenants.js';
import { createSyncHooks } from '../../src/sync/hooks.js';
import { apiClient, type ApiClient } from '../../src/testing/api-client.js';
import { createTestContext, type TestContext } from '../../src/testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/database.js';
import { floodCalendarObject, singleEventObject } from '@calsync/caldav/testing';
import { startCalDAVServer, type CalDAVServerUnderTest } from './caldav-server.js';

/**
 * A Radicale calendar holding one resource with 20,000 VEVENTs (a master and its overrides)
 * between two ordinary events, imported through the server: the flood is read up to the
 * per-resource cap and recorded as a failed item; the events beside it are imported.
 */

const WAIT = { timeout: 180_000, interval: 1_000 };
const DAY_MS = 86_400_000;

describe('a CalDAV resource with 20,000 VEVENTs, through the server', () => {
  let db: TestDatabase;
  let t: TestContext;
  let workers: PgBoss;
  let api: ApiClient;
  let sut: CalDAVServerUnderTest;
  let floodUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db, { now: () => new Date() });
    const ctx = { ...t.ctx, sync: createSyncHooks(t.ctx.jobs) };
    // Radicale runs on loopback, which production refuses: allow it for this test.
    const caldav = caldavIntegration({ addressPolicy: createAddressPolicy(['127.0.0.0/8']) });
    const registry = new ProviderRegistry().register('caldav', caldav.entry);
    workers = await startJobQueue({ databaseUrl: db.url, role: 'worker' });
    const rt = await registerSyncJobs(ctx, workers, registry, {
      runsWorkers: true,
      schedules: false,
      workerPollingSeconds: 0.5,
      backoff: { baseDelayMs: 200, maxDelayMs: 500 },
    });
    const app = createApp(ctx, { sync: rt, connectors: { caldav: caldav.connector } });
    const tenant = await createTenant(db.sql, 'Flood');
    api = apiClient(app, (await createApiKey(db.sql, tenant.id)).secret_key);
    sut = await startCalDAVServer('radicale');
    const tomorrow = Math.ceil(Date.now() / DAY_MS) * DAY_MS + 9 * 3_600_000;
    await sut.other.putRaw('good-before.ics', singleEventObject('good-1', 'Good before', tomorrow));
    floodUrl = await sut.other.putRaw('flood.ics', floodCalendarObject(tomorrow, 19_999));
    await sut.other.putRaw(
      'good-after.ics',
      singleEventObject('good-2', 'Good after', tomorrow + DAY_MS),
    );
  }, 180_000);
  afterAll(async () => {
    await workers?.stop({ graceful: false, close: true });
    await sut?.server.stop();
    await t?.close();
    await db?.drop();
  });

  it('imports at most the cap from the flood, records a failed item, imports its neighbours', async () => {
    const connected = await api.post<IntegrationOutput>('/calendar-integrations', {
      provider: 'caldav',
      user_id: 'flooded',
      server_url: sut.server.serverUrl,
      username: sut.username,
      password: sut.password,
    });
    expect(connected.status).toBe(201);
    const connectionId = connected.body.id;

    const failures = () =>
      db.sql<{ external_event_id: string | null; error: string }[]>`
        select external_event_id, error from sync_events
        where connection_id = ${connectionId} and status = 'fail'`;
    await expect.poll(async () => (await failures()).length, WAIT).toBeGreaterThan(0);
    const failed = await failures();
    expect(failed).toEqual([
      expect.objectContaining({
        external_event_id: floodUrl,
        error: expect.stringMatching(
          /^20000 VEVENTs in one resource: the 18999 past the first 1001 \(masters first\) were skipped/,
        ),
      }),
    ]);

    const titles = async () =>
      (
        await db.sql<{ title: string; ical_uid: string | null }[]>`
          select a.title, l.ical_uid from appointments a
          join event_links l on l.appointment_id = a.id
          where l.connection_id = ${connectionId} and a.deleted_at is null`
      ).map((r) => ({ title: r.title, uid: r.ical_uid }));
    await expect
      .poll(
        async () =>
          (await titles())
            .filter((r) => r.uid !== 'flood')
            .map((r) => r.title)
            .sort(),
        WAIT,
      )
      .toEqual(['Good after', 'Good before']);
    const fromFlood = (await titles()).filter((r) => r.uid === 'flood');
    expect(fromFlood.some((r) => r.title === 'Flood')).toBe(true);
    expect(fromFlood.length).toBeLessThanOrEqual(ICS_LIMITS.maxEventsPerResource);
  }, 240_000);
});
