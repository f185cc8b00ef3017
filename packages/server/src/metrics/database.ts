import type { SQL } from '../db/connect.js';
import { JOB_SCHEMA } from '../jobs/boss.js';
import {
  queueDepth,
  queueOldestWaitingSeconds,
  syncLagConnections,
  syncLagMaxSeconds,
  webhookDeliveriesPending,
} from './registry.js';

/** Lag buckets of {@link syncLagConnections}: label and upper bound in seconds. */
export const SYNC_LAG_BUCKETS: readonly (readonly [string, number])[] = [
  ['under_5m', 5 * 60],
  ['5m_to_1h', 3600],
  ['1h_to_1d', 86_400],
  ['over_1d', Number.POSITIVE_INFINITY],
];

async function refreshSyncLag(sql: SQL, now: Date): Promise<void> {
  const rows = await sql<{ provider: string; lag_seconds: number | null }[]>`
    select provider, extract(epoch from (${now}::timestamptz - last_sync_at))::float8 as lag_seconds
    from connections where sync_enabled and status in ('active', 'error')`;
  syncLagConnections.reset();
  syncLagMaxSeconds.reset();
  const max = new Map<string, number>();
  for (const row of rows) {
    const lagSeconds = row.lag_seconds === null ? null : Math.max(0, row.lag_seconds);
    const bucket =
      lagSeconds === null ? 'never' : SYNC_LAG_BUCKETS.find(([, upper]) => lagSeconds < upper)![0];
    syncLagConnections.inc({ provider: row.provider, lag: bucket });
    if (lagSeconds !== null)
      max.set(row.provider, Math.max(max.get(row.provider) ?? 0, lagSeconds));
  }
  for (const [provider, seconds] of max) syncLagMaxSeconds.set({ provider }, seconds);
}

async function refreshQueueDepth(sql: SQL): Promise<void> {
  queueDepth.reset();
  queueOldestWaitingSeconds.reset();
  const [schema] = await sql<{ job: string | null }[]>`
    select to_regclass(${JOB_SCHEMA + '.job'})::text as job`;
  if (!schema?.job) return;
  const rows = await sql<{ queue: string; state: string; jobs: number }[]>`
    select name as queue, state::text, count(*)::int as jobs
    from ${sql(JOB_SCHEMA)}.job where state in ('created', 'retry', 'active') group by 1, 2`;
  for (const row of rows) queueDepth.set({ queue: row.queue, state: row.state }, row.jobs);
  // Due jobs only (a job scheduled for later is not late); one row per queue.
  const oldest = await sql<{ queue: string; seconds: number }[]>`
    select name as queue, extract(epoch from (now() - min(start_after)))::float8 as seconds
    from ${sql(JOB_SCHEMA)}.job
    where state in ('created', 'retry') and start_after <= now() group by 1`;
  for (const row of oldest) {
    queueOldestWaitingSeconds.set({ queue: row.queue }, Math.max(0, row.seconds));
  }
}

async function refreshWebhookBacklog(sql: SQL): Promise<void> {
  const [row] = await sql<{ pending: number }[]>`
    select count(*)::int as pending from webhook_deliveries where status = 'pending'`;
  webhookDeliveriesPending.set(row?.pending ?? 0);
}

/**
 * Sets the gauges that come from the database — sync lag per connection bucket, job queue depth,
 * webhook backlog — just before a scrape, so they are as fresh as the scrape.
 */
export async function refreshDatabaseMetrics(sql: SQL, now: Date): Promise<void> {
  await Promise.all([refreshSyncLag(sql, now), refreshQueueDepth(sql), refreshWebhookBacklog(sql)]);
}
