import type { Db } from '../db/connect.js';
import type { ProcessRole } from '../jobs/boss.js';

/** A process as registered in `process_registry` (key ids only, never key material). */
export interface ProcessRow {
  id: string;
  role: ProcessRole;
  host: string;
  pid: number;
  version: string;
  started_at: Date;
  last_seen_at: Date;
  /** The ids of the encryption keys it holds, the one it encrypts with first. */
  key_ids: string[];
}

/** What a process registers with. */
export interface NewProcess {
  id: string;
  role: ProcessRole;
  host: string;
  pid: number;
  version: string;
  keyIds: readonly string[];
}

/** How long a process may go unseen before it counts as dead (four missed refreshes). */
export const PROCESS_STALE_AFTER_MS = 60_000;

/**
 * Registers (or re-registers, after it was swept) a process; times are the database's clock, so
 * processes on hosts with skewed clocks are judged alike.
 */
export async function registerProcess(db: Db, input: NewProcess): Promise<ProcessRow> {
  const [row] = await db<ProcessRow[]>`
    insert into process_registry (id, role, host, pid, version, key_ids)
    values (${input.id}, ${input.role}, ${input.host}, ${input.pid}, ${input.version},
            ${[...input.keyIds]}::text[])
    on conflict (id) do update set last_seen_at = now()
    returning *`;
  return row!;
}

/** Refreshes `last_seen_at`; false when the row is gone (swept while the process was stalled). */
export async function touchProcess(db: Db, id: string): Promise<boolean> {
  const rows =
    await db`update process_registry set last_seen_at = now() where id = ${id} returning 1`;
  return rows.length > 0;
}

/** Removes a process's row (its clean stop). */
export async function removeProcess(db: Db, id: string): Promise<void> {
  await db`delete from process_registry where id = ${id}`;
}

/** Deletes the rows unseen for `staleAfterMs`; returns how many. */
export async function sweepDeadProcesses(
  db: Db,
  staleAfterMs: number = PROCESS_STALE_AFTER_MS,
): Promise<number> {
  const rows = await db`
    delete from process_registry
    where last_seen_at < now() - make_interval(secs => ${staleAfterMs / 1000})
    returning 1`;
  return rows.length;
}

/**
 * The processes seen within `staleAfterMs` (default 60 s), oldest first: what `calsync keys
 * rotate-encryption`, health checks and operators' tools read.
 *
 * @example
 * for (const p of await listLiveProcesses(sql)) console.log(p.role, p.host, p.pid, p.key_ids);
 */
export async function listLiveProcesses(
  db: Db,
  staleAfterMs: number = PROCESS_STALE_AFTER_MS,
): Promise<ProcessRow[]> {
  return db<ProcessRow[]>`
    select * from process_registry
    where last_seen_at >= now() - make_interval(secs => ${staleAfterMs / 1000})
    order by started_at, id`;
}
