import type { Db } from '../db/connect.js';

/**
 * Live (not deleted) appointments imported from a provider that one connection links to: what
 * the per-connection import quota counts. One indexed count (`event_links` by connection).
 *
 * @example
 * const held = await countLiveImports(sql, connection.id); // 12034
 */
export async function countLiveImports(db: Db, connectionId: string): Promise<number> {
  const [row] = await db<{ n: number }[]>`
    select count(distinct l.appointment_id)::int as n
    from event_links l join appointments a on a.id = l.appointment_id
    where l.connection_id = ${connectionId} and a.source <> 'host' and a.deleted_at is null`;
  return row?.n ?? 0;
}
