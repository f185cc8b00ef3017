import {
  connectDatabase,
  createApiKey,
  createTenant,
  findTenant,
  listTenants,
  migrate,
  revokeApiKey,
  type SQL,
} from '@calsync/server';
import { ConfigError, loadConfig } from './config.js';
import { resolveDatabase } from './database.js';

const USAGE = `Usage: calsync <command>

Commands:
  migrate                      apply pending database migrations
  tenants create NAME          create a tenant (prints its id)
  tenants list                 list tenants
  keys create TENANT_ID [NAME] create a secret key (shown once)
  keys revoke KEY_ID           revoke a secret key

The database is DATABASE_URL, else the embedded Postgres under CALSYNC_DATA_DIR (shared with a
running server when there is one).`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A command line the CLI cannot run; exits with code 2 and the usage. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Command = (sql: SQL, args: string[]) => Promise<void>;

function requireUuid(value: string | undefined, what: string): string {
  if (!value || !UUID.test(value)) throw new UsageError(`${what} must be a UUID`);
  return value;
}

const COMMANDS: Record<string, Command> = {
  migrate: async (sql) => {
    const report = await migrate(sql);
    console.log(
      report.applied.length
        ? `applied ${report.applied.join(', ')}`
        : `schema is current (${report.alreadyApplied} migrations)`,
    );
  },
  'tenants create': async (sql, [name]) => {
    if (!name) throw new UsageError('tenants create needs a NAME');
    await migrate(sql);
    const tenant = await createTenant(sql, name);
    console.log(JSON.stringify({ tenant_id: tenant.id, name: tenant.name }));
  },
  'tenants list': async (sql) => {
    await migrate(sql);
    for (const t of await listTenants(sql)) console.log(`${t.id}  ${t.name}`);
  },
  'keys create': async (sql, [tenantArg, name]) => {
    const tenantId = requireUuid(tenantArg, 'TENANT_ID');
    await migrate(sql);
    if (!(await findTenant(sql, tenantId))) throw new Error(`no tenant ${tenantId}`);
    const key = await createApiKey(sql, tenantId, name ?? null);
    console.log(JSON.stringify({ key_id: key.id, secret_key: key.secret_key }));
    console.error('Store the secret key now: it is not shown again.');
  },
  'keys revoke': async (sql, [keyArg]) => {
    const keyId = requireUuid(keyArg, 'KEY_ID');
    await migrate(sql);
    if (!(await revokeApiKey(sql, keyId))) throw new Error(`no live key ${keyId}`);
    console.log(`revoked ${keyId}`);
  },
};

function pickCommand(argv: string[]): { command: Command; args: string[] } {
  const [first, second, ...rest] = argv;
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    throw new UsageError('');
  }
  const two = COMMANDS[`${first} ${second ?? ''}`];
  if (two) return { command: two, args: rest };
  const one = COMMANDS[first];
  if (one) return { command: one, args: second === undefined ? rest : [second, ...rest] };
  throw new UsageError(`unknown command: ${argv.join(' ')}`);
}

async function run(argv: string[]): Promise<number> {
  let picked;
  try {
    picked = pickCommand(argv);
  } catch (error) {
    if (error instanceof UsageError && error.message === '') {
      console.log(USAGE);
      return 0;
    }
    throw error;
  }
  const config = loadConfig(process.env);
  const db = await resolveDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    shareRunning: true,
  });
  const sql = connectDatabase(db.url, { max: 2, applicationName: 'calsync-cli' });
  try {
    await picked.command(sql, picked.args);
    return 0;
  } finally {
    await sql.end({ timeout: 5 });
    await db.release();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      console.error(`calsync: ${error.message}`);
      if (error instanceof UsageError) console.error(USAGE);
      process.exit(2);
    }
    console.error(`calsync: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
