/**
 * A process running the start-up binding step on a test database, for the test that kills it
 * half way. It reports each finished batch to the parent over IPC and, on the batch numbered
 * CALSYNC_CHILD_HANG_AT, hangs inside that batch's transaction until it is killed.
 */
import { connectDatabase } from '../../db/connect.js';
import { bindUnboundEnvelopes } from '../bind-envelopes.js';
import { Keyring } from '../keyring.js';

const env = (name: string): string => {
  const value = process.env[`CALSYNC_CHILD_${name}`];
  if (!value) throw new Error(`CALSYNC_CHILD_${name} is not set`);
  return value;
};

const sql = connectDatabase(env('DATABASE_URL'), { max: 2 });
const hangAt = Number(env('HANG_AT'));
let batches = 0;
await bindUnboundEnvelopes(
  { sql, keyring: Keyring.parse(env('KEYRING')) },
  {
    batchSize: Number(env('BATCH_SIZE')),
    onBatch: async () => {
      batches++;
      if (batches < hangAt) return;
      process.send?.({ kind: 'hanging', batches });
      await new Promise(() => undefined);
    },
  },
);
process.send?.({ kind: 'finished', batches });
await sql.end();
