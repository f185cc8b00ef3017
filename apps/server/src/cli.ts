import {
  EncryptionKeysMismatchError,
  createApiKey,
  createTenant,
  findTenant,
  listTenants,
  migrate,
  revokeApiKey,
} from '@calsync/server';
import { ADMIN_COMMANDS, requireUuid, UsageError, type CliCommand } from './admin-commands.js';
import { openCliEnv } from './cli-context.js';
import { ConfigError, loadConfig } from './config.js';
import { EncryptionKeysRequiredError } from './encryption-keys.js';
import { runDoctor } from './doctor/run-doctor.js';
import { exitOnStartFailure, runServerProcess } from './server-process.js';

const USAGE = `Usage: calsync <command> [arguments] [--flags]

Running:
  start                                    run the server (CALSYNC_ROLE=api|worker|all)
  doctor [--round-trip CONNECTION_ID]      check the deployment: PASS/WARN/FAIL lines, exit 1 on a FAIL
                                           (--round-trip: create, read, delete an event on its calendar)

Setup:
  migrate                                  apply pending database migrations
  tenants create NAME                      create a tenant (prints its id)
  tenants list                             list tenants
  keys create TENANT_ID [NAME]             create a secret key (shown once)
  keys revoke KEY_ID                       revoke a secret key and the sessions it minted
  keys rotate-encryption [--batch-size N] [--force]
                                           re-encrypt every stored secret with the current key
                                           (refused while a live process lacks it, unless --force)

Operations (each audited):
  connections resync ID [--full] [--from ISO --to ISO]   sync an integration now
  connections cursors ID                   show each calendar's cursor age
  appointments resync ID                   push an appointment to every calendar again
  attempts list INTEGRATION_ID [--failed]  recent sync attempts
  attempts reprocess ATTEMPT_ID            hand a failed attempt back to the queue

The database is DATABASE_URL, else the embedded Postgres under CALSYNC_DATA_DIR (shared with a
running server when there is one). Jobs are enqueued for a running server's workers.`;

const SETUP_COMMANDS: Record<string, CliCommand> = {
  migrate: async ({ sql }) => {
    const report = await migrate(sql);
    console.log(
      report.applied.length
        ? `applied ${report.applied.join(', ')}`
        : `schema is current (${report.alreadyApplied} migrations)`,
    );
  },
  'tenants create': async ({ sql }, [name]) => {
    if (!name) throw new UsageError('tenants create needs a NAME');
    await migrate(sql);
    const tenant = await createTenant(sql, name);
    console.log(JSON.stringify({ tenant_id: tenant.id, name: tenant.name }));
  },
  'tenants list': async ({ sql }) => {
    await migrate(sql);
    for (const t of await listTenants(sql)) console.log(`${t.id}  ${t.name}`);
  },
  'keys create': async ({ sql }, [tenantArg, name]) => {
    const tenantId = requireUuid(tenantArg, 'TENANT_ID');
    await migrate(sql);
    if (!(await findTenant(sql, tenantId))) throw new Error(`no tenant ${tenantId}`);
    const key = await createApiKey(sql, tenantId, name ?? null);
    console.log(JSON.stringify({ key_id: key.id, secret_key: key.secret_key }));
    console.error('Store the secret key now: it is not shown again.');
  },
  'keys revoke': async ({ sql }, [keyArg]) => {
    const keyId = requireUuid(keyArg, 'KEY_ID');
    await migrate(sql);
    const revoked = await revokeApiKey(sql, keyId);
    if (!revoked) throw new Error(`no live key ${keyId}`);
    console.log(`revoked ${keyId} and ${revoked.sessions_revoked} session(s)`);
  },
};

const COMMANDS: Record<string, CliCommand> = { ...SETUP_COMMANDS, ...ADMIN_COMMANDS };

/** Splits `--name value` / `--name=value` / `--flag` from positional arguments. */
function parseArgs(argv: string[]): { positional: string[]; flags: Map<string, string | true> } {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) flags.set(name, inline);
    else if (
      next !== undefined &&
      !next.startsWith('--') &&
      ['from', 'to', 'batch-size', 'round-trip'].includes(name)
    ) {
      flags.set(name, next);
      i++;
    } else flags.set(name, true);
  }
  return { positional, flags };
}

function pickCommand(positional: string[]): { command: CliCommand; args: string[] } | undefined {
  const [first, second, ...rest] = positional;
  if (!first || first === 'help') return undefined;
  const two = COMMANDS[`${first} ${second ?? ''}`];
  if (two) return { command: two, args: rest };
  const one = COMMANDS[first];
  if (one) return { command: one, args: second === undefined ? rest : [second, ...rest] };
  throw new UsageError(`unknown command: ${positional.join(' ')}`);
}

async function run(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  if (positional[0] === 'doctor' && !flags.has('help')) {
    const roundTrip = flags.get('round-trip');
    if (roundTrip === true) throw new UsageError('--round-trip needs a CONNECTION_ID');
    return runDoctor(loadConfig(process.env), (line) => console.log(line), {
      ...(roundTrip === undefined ? {} : { roundTrip: requireUuid(roundTrip, 'CONNECTION_ID') }),
    });
  }
  const picked = flags.has('help') ? undefined : pickCommand(positional);
  if (!picked) {
    console.log(USAGE);
    return 0;
  }
  const env = await openCliEnv(loadConfig(process.env));
  try {
    await picked.command(env, picked.args, flags);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } finally {
    await env.close();
  }
}

const argv = process.argv.slice(2);
if (argv[0] === 'start' && !argv.includes('--help')) {
  // The server keeps running; it exits on SIGINT or SIGTERM.
  runServerProcess(process.env).catch(exitOnStartFailure);
} else {
  run(argv).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (
        error instanceof EncryptionKeysRequiredError ||
        error instanceof EncryptionKeysMismatchError
      ) {
        console.error(`calsync: refusing to run: ${error.message}`);
        process.exit(2);
      }
      if (error instanceof UsageError || error instanceof ConfigError) {
        console.error(`calsync: ${error.message}`);
        if (error instanceof UsageError) console.error(USAGE);
        process.exit(2);
      }
      console.error(`calsync: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
