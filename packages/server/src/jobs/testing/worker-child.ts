/**
 * A sync worker process for the crash and concurrency tests: pg-boss workers of the sync queues
 * on the test database, with the provider answered by the parent over IPC. Configured through
 * CALSYNC_CHILD_* environment variables.
 */
import { Keyring } from '../../crypto/keyring.js';
import { connectDatabase } from '../../db/connect.js';
import { createLogger } from '../../logging.js';
import { ProviderRegistry } from '../../providers/registry.js';
import { NO_SYNC_HOOKS } from '../../services/sync-hooks.js';
import { startJobQueue } from '../boss.js';
import { registerSyncJobs } from '../register-sync.js';
import { pgBossSender } from '../sender.js';
import { ipcAdapter } from './remote-adapter.js';

const env = (name: string): string => {
  const value = process.env[`CALSYNC_CHILD_${name}`];
  if (!value) throw new Error(`CALSYNC_CHILD_${name} is not set`);
  return value;
};

const databaseUrl = env('DATABASE_URL');
const sql = connectDatabase(databaseUrl, { max: 4 });
const boss = await startJobQueue({ databaseUrl, role: 'worker' });
const now = new Date(env('NOW'));
const adapter = ipcAdapter();
await registerSyncJobs(
  {
    sql,
    keyring: Keyring.parse(env('KEYRING')),
    logger: createLogger({ level: 'silent' }),
    now: () => now,
    jobs: pgBossSender(boss),
    baseUrl: 'http://127.0.0.1:8787',
    corsOrigins: [],
    sync: NO_SYNC_HOOKS,
  },
  boss,
  new ProviderRegistry().register('google', { createAdapter: () => adapter }),
  { schedules: false, workerPollingSeconds: 0.5, expireInSeconds: { pull: 60, push: 2 } },
);
process.send!({ kind: 'ready' });
