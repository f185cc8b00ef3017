import { performance } from 'node:perf_hooks';
import { InMemoryCalendarService } from '@calsync/core/testing';
import {
  createConnection,
  createTenant,
  enqueuePushTo,
  ProviderRegistry,
  registerSyncJobs,
  sealCredentials,
  startJobQueue,
  upsertCalendars,
} from '@calsync/server';
import {
  createTestContext,
  createTestDatabase,
  setup,
  teardown,
  type TestContext,
  type TestDatabase,
} from '@calsync/server/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { recordFigure } from './support/report.js';
import { randomUUID } from 'node:crypto';

/** Prints figures only; nothing here asserts on time. */
const NO_OP_JOBS = 2000;
const CREATE_JOBS = 500;
const WORKER_CONCURRENCY = 8;
const BENCH = 'Server push jobs (pg-boss, in-memory provider)';

let db: TestDatabase;
let t: TestContext;

beforeAll(async () => {
  await setup();
  db = await createTestDatabase();
  t = await createTestContext(db);
});

afterAll(async () => {
  await t.close();
  await db.drop();
  await teardown();
});

/** A user with a connection on the in-memory provider and `count` host appointments. */
async function seed(count: number, withDestination: boolean) {
  const service = new InMemoryCalendarService({ provider: 'google', now: t.clock.now });
  const tenant = await createTenant(db.sql, 'bench');
  const [user] = await db.sql<{ id: string }[]>`
    insert into users (tenant_id, external_id) values (${tenant.id}, 'bench') returning id`;
  const connectionId = randomUUID();
  const sealed = sealCredentials(
    t.ctx.keyring,
    { id: connectionId, tenant_id: tenant.id },
    { accessToken: 'at', refreshToken: 'rt' },
  );
  const connection = await createConnection(db.sql, {
    id: connectionId,
    tenantId: tenant.id,
    userId: user!.id,
    provider: 'google',
    accountEmail: `bench-${tenant.id}@example.com`,
    credentials: sealed.envelope,
    credentialsKeyId: sealed.keyId,
    accessTokenExpiresAt: null,
    now: t.clock.now(),
  });
  if (withDestination) {
    await upsertCalendars(db.sql, {
      tenantId: tenant.id,
      connectionId: connection.id,
      calendars: await service.adapter.listCalendars(),
      now: t.clock.now(),
    });
  }
  const appointments = await db.sql<{ id: string }[]>`
    insert into appointments (tenant_id, user_id, uid, title, time_kind, starts_at, ends_at, time_zone)
    select ${tenant.id}, ${user!.id}, gen_random_uuid()::text || '@bench', 'Bench ' || n, 'instant',
      timestamptz '2026-06-10 10:00Z' + n * interval '1 hour',
      timestamptz '2026-06-10 10:30Z' + n * interval '1 hour', 'UTC'
    from generate_series(1, ${count}) n
    returning id`;
  const registry = new ProviderRegistry().register('google', {
    createAdapter: () => service.adapter,
  });
  return {
    service,
    connectionId: connection.id,
    appointmentIds: appointments.map((a) => a.id),
    registry,
  };
}

async function runThroughWorkers(label: string, count: number, withDestination: boolean) {
  const { connectionId, appointmentIds, registry, service } = await seed(count, withDestination);
  const workers = await startJobQueue({ databaseUrl: db.url, role: 'worker' });
  try {
    await registerSyncJobs(t.ctx, workers, registry, {
      schedules: false,
      workerPollingSeconds: 0.5,
      concurrency: { push: WORKER_CONCURRENCY, pull: 1 },
    });
    const enqueueStart = performance.now();
    await db.sql.begin(async (tx) => {
      for (const appointmentId of appointmentIds) {
        await enqueuePushTo(t.ctx.jobs, { appointmentId, connectionId }, tx);
      }
    });
    const enqueueMs = performance.now() - enqueueStart;
    const start = performance.now();
    for (;;) {
      const [row] = await db.sql<{ n: number }[]>`
        select count(*)::int as n from sync_attempts
        where connection_id = ${connectionId} and status = 'success'`;
      if ((row?.n ?? 0) >= count) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - start) / 1000;
    recordFigure({
      bench: BENCH,
      name: `${label}: enqueue of ${count.toLocaleString('en-US')} jobs in one transaction`,
      value: Math.round(count / (enqueueMs / 1000)),
      unit: 'jobs/s',
    });
    recordFigure({
      bench: BENCH,
      name: `${label}: ${count.toLocaleString('en-US')} jobs worked`,
      value: Math.round(count / seconds),
      unit: 'jobs/s',
      notes: `${WORKER_CONCURRENCY} workers × batches of 4, one process; ${seconds.toFixed(1)} s`,
    });
    if (withDestination) expect(service.liveEvents('primary')).toHaveLength(count);
  } finally {
    await workers.stop({ graceful: false, close: true });
  }
}

test('server jobs: no-op pushes through pg-boss (plan, attempt row, completion)', async () => {
  await runThroughWorkers('no-op push', NO_OP_JOBS, false);
});

test('server jobs: creating pushes to the in-memory provider (link before call, create, base)', async () => {
  await runThroughWorkers('create push', CREATE_JOBS, true);
});
