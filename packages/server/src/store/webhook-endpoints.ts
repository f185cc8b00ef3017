import type { Db } from '../db/connect.js';

/** An outbound webhook endpoint, without its secret. */
export interface WebhookEndpointRow {
  id: string;
  tenant_id: string;
  url: string;
  description: string | null;
  event_types: string[];
  enabled: boolean;
  created_at: Date;
  disabled_at: Date | null;
  disabled_reason: string | null;
}

/** An endpoint with what the dispatcher and the sender need. */
export interface WebhookEndpointForDispatch extends WebhookEndpointRow {
  /** Encrypted envelope of the signing secret. */
  secret: string;
  /** The last change seq turned into deliveries (or skipped by the type filter). */
  cursor_seq: number;
}

const COLUMNS = `id, tenant_id, url, description, event_types, enabled, created_at, disabled_at,
  disabled_reason`;

/**
 * Stores an endpoint. `cursorSeq` is where its deliveries start: the feed's end when created, so
 * an endpoint receives what happens from then on.
 */
export async function createWebhookEndpoint(
  db: Db,
  input: {
    /** Chosen before the insert: the secret's envelope is bound to it. */
    id: string;
    tenantId: string;
    url: string;
    description: string | null;
    secretEnvelope: string;
    eventTypes: readonly string[];
    cursorSeq: number;
    now: Date;
  },
): Promise<WebhookEndpointRow> {
  const [row] = await db<WebhookEndpointRow[]>`
    insert into webhook_endpoints
      (id, tenant_id, url, description, secret, event_types, cursor_seq, created_at)
    values (${input.id}, ${input.tenantId}, ${input.url}, ${input.description}, ${input.secretEnvelope},
      ${[...input.eventTypes]}::text[], ${input.cursorSeq}, ${input.now})
    returning ${db.unsafe(COLUMNS)}`;
  return row!;
}

/** One endpoint of a tenant. */
export async function findWebhookEndpoint(
  db: Db,
  tenantId: string,
  id: string,
): Promise<WebhookEndpointRow | undefined> {
  const [row] = await db<WebhookEndpointRow[]>`
    select ${db.unsafe(COLUMNS)} from webhook_endpoints where tenant_id = ${tenantId} and id = ${id}`;
  return row;
}

/**
 * A tenant's endpoints, oldest first, `limit + 1` rows after the keyset `(created_at, id)`;
 * `created_at` compared to the millisecond, as a cursor carries it.
 */
export async function listWebhookEndpoints(
  db: Db,
  query: { tenantId: string; limit: number; after?: { createdAt: string; id: string } },
): Promise<WebhookEndpointRow[]> {
  const after = query.after;
  return db<WebhookEndpointRow[]>`
    select ${db.unsafe(COLUMNS)} from webhook_endpoints
    where tenant_id = ${query.tenantId}
      ${after ? db`and (date_trunc('milliseconds', created_at), id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : db``}
    order by date_trunc('milliseconds', created_at), id limit ${query.limit + 1}`;
}

/** Deletes an endpoint and its delivery log; false when there was none. */
export async function deleteWebhookEndpoint(
  db: Db,
  tenantId: string,
  id: string,
): Promise<boolean> {
  const rows = await db`
    delete from webhook_endpoints where tenant_id = ${tenantId} and id = ${id} returning id`;
  return rows.length > 0;
}

/** Ids of enabled endpoints whose cursor is behind `horizonSeq`, of every tenant. */
export async function listEndpointsBehind(db: Db, horizonSeq: number): Promise<string[]> {
  const rows = await db<{ id: string }[]>`
    select id from webhook_endpoints where enabled and cursor_seq < ${horizonSeq}`;
  return rows.map((r) => r.id);
}

/**
 * Moves to `horizonSeq` the cursors of enabled endpoints that have no change to deliver up to it
 * (none of their tenant, or none of their types), in one statement, so a busy tenant does not cost
 * every other tenant's endpoints a transaction per pass. Endpoints being dispatched are skipped.
 */
export async function advanceIdleEndpoints(db: Db, horizonSeq: number): Promise<number> {
  const rows = await db`
    with idle as (
      select e.id from webhook_endpoints e
      where e.enabled and e.cursor_seq < ${horizonSeq}
        and not exists (
          select 1 from changes c
          where c.tenant_id = e.tenant_id and c.seq > e.cursor_seq and c.seq <= ${horizonSeq}
            and (cardinality(e.event_types) = 0 or c.type = any(e.event_types)))
      for update of e skip locked)
    update webhook_endpoints w set cursor_seq = ${horizonSeq}
    from idle where w.id = idle.id and w.cursor_seq < ${horizonSeq}
    returning w.id`;
  return rows.length;
}

/**
 * Locks an enabled endpoint for dispatching in the caller's transaction; undefined when another
 * process holds it (it is dispatching it now) or it is gone or disabled.
 */
export async function lockEndpointForDispatch(
  db: Db,
  id: string,
): Promise<WebhookEndpointForDispatch | undefined> {
  const [row] = await db<(WebhookEndpointForDispatch & { cursor_seq: string })[]>`
    select ${db.unsafe(COLUMNS)}, secret, cursor_seq::text from webhook_endpoints
    where id = ${id} and enabled for update skip locked`;
  return row && { ...row, cursor_seq: Number(row.cursor_seq) };
}

/** Moves an endpoint's dispatch cursor forward (never back). */
export async function advanceEndpointCursor(db: Db, id: string, seq: number): Promise<void> {
  await db`
    update webhook_endpoints set cursor_seq = greatest(cursor_seq, ${seq}) where id = ${id}`;
}

/** The encrypted secret of an endpoint. */
export async function findEndpointSecret(db: Db, id: string): Promise<string | undefined> {
  const [row] = await db<
    { secret: string }[]
  >`select secret from webhook_endpoints where id = ${id}`;
  return row?.secret;
}

/** Stops deliveries to an endpoint; false when it was already disabled. */
export async function disableWebhookEndpoint(
  db: Db,
  id: string,
  reason: string,
  now: Date,
): Promise<boolean> {
  const rows = await db`
    update webhook_endpoints set enabled = false, disabled_at = ${now}, disabled_reason = ${reason}
    where id = ${id} and enabled returning id`;
  return rows.length > 0;
}
