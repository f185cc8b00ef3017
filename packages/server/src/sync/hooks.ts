import type { JobSender } from '../jobs/sender.js';
import type { SyncHooks } from '../services/sync-hooks.js';
import { enqueuePush } from './enqueue-push.js';

/**
 * The sync engine's side of host writes: every created, updated or cancelled appointment is
 * pushed to the user's connections, enqueued in the writing transaction.
 *
 * @example
 * const ctx: ServerContext = { …, sync: createSyncHooks(pgBossSender(boss)) };
 */
export function createSyncHooks(jobs: JobSender): SyncHooks {
  return {
    appointmentChanged: async (tx, appointment) => {
      await enqueuePush(jobs, tx, appointment);
    },
  };
}
