import type { Db, SQL } from '../db/connect.js';
import type { ChangeType } from '../store/changes.js';

/** One change as the API, the stream and outbound webhooks show it. */
export interface FeedChange {
  seq: number;
  type: ChangeType;
  /** The host's id of the user the change concerns; null for tenant-wide changes. */
  user_id: string | null;
  data: Record<string, unknown>;
  /** RFC 3339. */
  at: string;
}

/** How long {@link settledHorizon} waits for in-flight writers before giving up this round. */
export interface HorizonOptions {
  /** Default 2000. */
  maxWaitMs?: number;
  /** Default 25. */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The highest `changes.seq` below which the feed can no longer change: every sequence number up to
 * it belongs to a committed row or to none. Null when writers are still in flight after the wait
 * (try again later; nothing is lost).
 *
 * Why: `seq` comes from a sequence when a row is inserted, not when it commits. If transaction A
 * takes seq 10 and B takes 11 and commits first, a reader that moved its cursor to 11 would never
 * see 10. So the horizon is the sequence's last value, taken *before* listing the transactions
 * that hold a write lock on `changes`; once those have ended, every number up to it is final.
 * Transactions that start later draw larger numbers. Keep transactions that append changes short:
 * a long one delays delivery (never loses it). Needs the sequence's default cache of 1.
 *
 * Only this database's writers count: databases cloned from one template (tests, several
 * deployments on one cluster) share the table's oid, and `pg_locks` lists the whole cluster.
 *
 * Takes the pool, never a transaction: each statement must see what committed before it.
 */
export async function settledHorizon(
  sql: SQL,
  options: HorizonOptions = {},
): Promise<number | null> {
  const [last] = await sql<{ seq: string | null }[]>`
    select pg_sequence_last_value(pg_get_serial_sequence('changes', 'seq')::regclass)::text as seq`;
  const horizon = Number(last?.seq ?? 0);
  const [writers] = await sql<{ vxids: string[] }[]>`
    select coalesce(array_agg(distinct virtualtransaction), '{}') as vxids from pg_locks
    where locktype = 'relation' and relation = 'changes'::regclass
      and database = (select oid from pg_database where datname = current_database())
      and mode = 'RowExclusiveLock' and pid is distinct from pg_backend_pid()`;
  let inFlight = writers?.vxids ?? [];
  const pollMs = options.pollMs ?? 25;
  let pollsLeft = Math.ceil((options.maxWaitMs ?? 2000) / pollMs);
  while (inFlight.length > 0) {
    if (pollsLeft-- <= 0) return null;
    await sleep(pollMs);
    const [still] = await sql<{ vxids: string[] }[]>`
      select coalesce(array_agg(distinct virtualtransaction), '{}') as vxids from pg_locks
      where locktype = 'relation' and relation = 'changes'::regclass
        and database = (select oid from pg_database where datname = current_database())
        and mode = 'RowExclusiveLock' and virtualtransaction = any(${inFlight})`;
    inFlight = still?.vxids ?? [];
  }
  return horizon;
}

/** A page of the feed: changes after `afterSeq` up to `uptoSeq`, oldest first. */
export interface FeedQuery {
  tenantId: string;
  /** Internal user id: only that user's changes (a session token); null for the whole tenant. */
  userId: string | null;
  afterSeq: number;
  uptoSeq: number;
  limit: number;
  /** Only these types; empty or absent means all. */
  types?: readonly string[];
}

/** Reads a page of a tenant's feed with the host's user ids. */
export async function listFeedChanges(db: Db, query: FeedQuery): Promise<FeedChange[]> {
  if (query.uptoSeq <= query.afterSeq) return [];
  const types = query.types && query.types.length > 0 ? [...query.types] : null;
  const rows = await db<(Omit<FeedChange, 'seq' | 'at'> & { seq: string; at: Date })[]>`
    select c.seq::text, c.type, u.external_id as user_id, c.data, c.at
    from changes c left join users u on u.id = c.user_id
    where c.tenant_id = ${query.tenantId}
      and c.seq > ${query.afterSeq} and c.seq <= ${query.uptoSeq}
      and (${query.userId}::uuid is null or c.user_id = ${query.userId})
      and (${types}::text[] is null or c.type = any(${types}::text[]))
    order by c.seq limit ${query.limit}`;
  return rows.map((row) => ({ ...row, seq: Number(row.seq), at: row.at.toISOString() }));
}

/**
 * The settled part of a feed after `afterSeq`: what the changes API and the stream serve.
 *
 * @example
 * const changes = await readFeed(sql, { tenantId, userId: null, afterSeq: 0, limit: 100 });
 */
export async function readFeed(
  sql: SQL,
  query: Omit<FeedQuery, 'uptoSeq'>,
  options: HorizonOptions = {},
): Promise<FeedChange[]> {
  const horizon = await settledHorizon(sql, options);
  if (horizon === null) return [];
  return listFeedChanges(sql, { ...query, uptoSeq: horizon });
}
