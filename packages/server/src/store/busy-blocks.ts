import type { BusyInterval, InstantRange } from '@calsync/core';
import type { Db } from '../db/connect.js';

/** A cached busy interval of one calendar. */
export interface BusyBlockRow {
  id: string;
  tenant_id: string;
  user_id: string;
  calendar_id: string;
  starts_at: Date;
  ends_at: Date;
  source: string;
  fetched_at: Date;
}

/**
 * Replaces the cached busy blocks of some calendars inside `range` with a fresh answer
 * (one statement pair in the caller's transaction, so readers never see a half-refreshed cache).
 * `calendarIds` maps the provider's calendar ids to ours.
 */
export async function replaceBusyBlocks(
  db: Db,
  input: {
    tenantId: string;
    userId: string;
    calendarIds: ReadonlyMap<string, string>;
    range: InstantRange;
    intervals: readonly BusyInterval[];
    source: string;
    fetchedAt: Date;
  },
): Promise<number> {
  const ours = [...input.calendarIds.values()];
  await db`
    delete from busy_blocks
    where calendar_id = any(${ours}::uuid[])
      and ends_at > ${input.range.startsAtUTC} and starts_at < ${input.range.endsAtUTC}`;
  const rows = input.intervals
    .filter((i) => input.calendarIds.has(i.calendarId) && i.endsAtUTC > i.startsAtUTC)
    .map((i) => ({
      tenant_id: input.tenantId,
      user_id: input.userId,
      calendar_id: input.calendarIds.get(i.calendarId)!,
      starts_at: i.startsAtUTC,
      ends_at: i.endsAtUTC,
      source: input.source,
      fetched_at: input.fetchedAt,
    }));
  if (rows.length > 0) await db`insert into busy_blocks ${db(rows)}`;
  return rows.length;
}

/** A user's busy blocks overlapping `[from, to)`, by start. */
export async function listBusyBlocks(
  db: Db,
  query: { userId: string; from: Date; to: Date },
): Promise<BusyBlockRow[]> {
  return db<BusyBlockRow[]>`
    select id::text, tenant_id, user_id, calendar_id, starts_at, ends_at, source, fetched_at
    from busy_blocks
    where user_id = ${query.userId} and ends_at > ${query.from} and starts_at < ${query.to}
    order by starts_at, id`;
}
