import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { SQL } from '../db/connect.js';
import type { Logger } from '../logging.js';
import {
  PROCESS_STALE_AFTER_MS,
  registerProcess,
  removeProcess,
  sweepDeadProcesses,
  touchProcess,
} from '../store/process-registry.js';
import type { ProcessRole } from '../jobs/boss.js';

/** A process's entry in the registry, kept fresh until {@link ProcessRegistration.stop}. */
export interface ProcessRegistration {
  readonly id: string;
  /** Stops refreshing and deletes the row (a clean shutdown). */
  stop(): Promise<void>;
}

/** Options of {@link startProcessRegistration}. */
export interface ProcessRegistrationOptions {
  role: ProcessRole;
  version: string;
  /** The ids of the keys this process holds (never the keys). */
  keyIds: readonly string[];
  logger: Logger;
  /** How often `last_seen_at` is refreshed and dead rows swept (default 15 s). */
  intervalMs?: number;
  /** Unseen this long, a row counts as dead and is swept (default 60 s). */
  staleAfterMs?: number;
  host?: string;
  pid?: number;
}

/**
 * Registers this process in `process_registry`, then refreshes its row every `intervalMs` (putting
 * it back if it was swept while the process stalled) and sweeps rows of processes that died
 * without stopping. A failed refresh (database away) is logged and tried again next time.
 *
 * @example
 * const registration = await startProcessRegistration(sql, {
 *   role: 'worker', version: '0.1.0', keyIds: keyring.keys.map((k) => k.id), logger,
 * });
 * // on SIGTERM
 * await registration.stop();
 */
export async function startProcessRegistration(
  sql: SQL,
  options: ProcessRegistrationOptions,
): Promise<ProcessRegistration> {
  const process = {
    id: randomUUID(),
    role: options.role,
    host: options.host ?? hostname(),
    pid: options.pid ?? globalThis.process.pid,
    version: options.version,
    keyIds: options.keyIds,
  };
  const staleAfterMs = options.staleAfterMs ?? PROCESS_STALE_AFTER_MS;
  await registerProcess(sql, process);
  let running: Promise<void> = Promise.resolve();
  const refresh = async () => {
    try {
      if (!(await touchProcess(sql, process.id))) await registerProcess(sql, process);
      await sweepDeadProcesses(sql, staleAfterMs);
    } catch (err) {
      options.logger.warn({ err }, 'could not refresh this process in the process registry');
    }
  };
  const timer = setInterval(() => {
    running = running.then(refresh);
  }, options.intervalMs ?? 15_000);
  timer.unref();
  return {
    id: process.id,
    stop: async () => {
      clearInterval(timer);
      await running;
      await removeProcess(sql, process.id);
    },
  };
}
