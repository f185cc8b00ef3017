import type { Db } from '../db/connect.js';
import type { ChangeType } from './changes.js';

/** State of one change's delivery to one endpoint. */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One delivery as its log shows it. */
export interface WebhookDeliveryRow {
  id: string;
  endpoint_id: string;
  change_seq: number;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}

/** What one attempt needs: the delivery, its endpoint and its change. */
export interface DeliveryAttemptRow {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  status: DeliveryStatus;
  attempts: number;
  created_at: Date;
  url: string;
  secret: string;
  endpoint_enabled: boolean;
  seq: number;
  type: ChangeType;
  user_id: string | null;
  data: Record<string, unknown>;
  at: Date;
}

/** Creates deliveries of changes to an endpoint; existing ones are kept. Returns the new ids. */
export async function insertDeliveries(
  db: Db,
  input: { tenantId: string; endpointId: string; changeSeqs: readonly number[]; now: Date },
): Promise<string[]> {
  if (input.changeSeqs.length === 0) return [];
  const rows = await db<{ id: string }[]>`
    insert into webhook_deliveries (tenant_id, endpoint_id, change_seq, next_attempt_at, created_at)
    select ${input.tenantId}, ${input.endpointId}, seq, ${input.now}, ${input.now}
    from unnest(${input.changeSeqs.map(String)}::bigint[]) as seq
    on conflict (endpoint_id, change_seq) do nothing
    returning id`;
  return rows.map((r) => r.id);
}

/** A delivery with its endpoint and change, for an attempt. */
export async function findDeliveryForAttempt(
  db: Db,
  id: string,
): Promise<DeliveryAttemptRow | undefined> {
  const [row] = await db<(DeliveryAttemptRow & { seq: string })[]>`
    select d.id, d.tenant_id, d.endpoint_id, d.status, d.attempts, d.created_at,
      e.url, e.secret, e.enabled as endpoint_enabled,
      c.seq::text, c.type, u.external_id as user_id, c.data, c.at
    from webhook_deliveries d
    join webhook_endpoints e on e.id = d.endpoint_id
    join changes c on c.seq = d.change_seq
    left join users u on u.id = c.user_id
    where d.id = ${id}`;
  return row && { ...row, seq: Number(row.seq) };
}

/**
 * Records the outcome of attempt number `attempts` of a delivery that was pending with one
 * attempt fewer; false when another worker recorded it first (then this one must not reschedule).
 */
export async function recordDeliveryAttempt(
  db: Db,
  id: string,
  outcome: {
    attempts: number;
    status: DeliveryStatus;
    statusCode: number | null;
    error: string | null;
    at: Date;
    nextAttemptAt: Date | null;
  },
): Promise<boolean> {
  const rows = await db`
    update webhook_deliveries set
      status = ${outcome.status}, attempts = ${outcome.attempts},
      last_status_code = ${outcome.statusCode}, last_error = ${outcome.error},
      last_attempt_at = ${outcome.at}, next_attempt_at = ${outcome.nextAttemptAt},
      delivered_at = case when ${outcome.status} = 'delivered' then ${outcome.at}::timestamptz end
    where id = ${id} and status = 'pending' and attempts = ${outcome.attempts - 1}
    returning id`;
  return rows.length > 0;
}

/** Whether any delivery to the endpoint succeeded at or after `since`. */
export async function hasDeliveredSince(db: Db, endpointId: string, since: Date): Promise<boolean> {
  const [row] = await db<{ found: boolean }[]>`
    select exists (
      select 1 from webhook_deliveries
      where endpoint_id = ${endpointId} and status = 'delivered' and delivered_at >= ${since}
    ) as found`;
  return row?.found ?? false;
}

/** Fails every pending delivery of an endpoint (it was disabled). */
export async function failPendingDeliveries(
  db: Db,
  endpointId: string,
  reason: string,
): Promise<number> {
  const rows = await db`
    update webhook_deliveries set status = 'failed', last_error = ${reason}, next_attempt_at = null
    where endpoint_id = ${endpointId} and status = 'pending' returning id`;
  return rows.length;
}

/**
 * An endpoint's delivery log, newest first, `limit + 1` rows after the keyset `(created_at, id)`;
 * `created_at` compared to the millisecond, as a cursor carries it.
 */
export async function listDeliveries(
  db: Db,
  query: {
    tenantId: string;
    endpointId: string;
    limit: number;
    status?: DeliveryStatus;
    before?: { createdAt: string; id: string };
  },
): Promise<WebhookDeliveryRow[]> {
  const before = query.before;
  const rows = await db<(WebhookDeliveryRow & { change_seq: string })[]>`
    select d.id, d.endpoint_id, d.change_seq::text, c.type as event_type, d.status, d.attempts,
      d.last_status_code, d.last_error, d.last_attempt_at, d.next_attempt_at, d.delivered_at,
      d.created_at
    from webhook_deliveries d join changes c on c.seq = d.change_seq
    where d.tenant_id = ${query.tenantId} and d.endpoint_id = ${query.endpointId}
      and (${query.status ?? null}::text is null or d.status = ${query.status ?? null})
      ${before ? db`and (date_trunc('milliseconds', d.created_at), d.id) < (${before.createdAt}::timestamptz, ${before.id}::uuid)` : db``}
    order by date_trunc('milliseconds', d.created_at) desc, d.id desc limit ${query.limit + 1}`;
  return rows.map((row) => ({ ...row, change_seq: Number(row.change_seq) }));
}
