import { connectDatabase } from '@calsync/server';
import { openCliEnv } from '../cli-context.js';
import type { ServerConfig } from '../config.js';
import { resolveDatabase } from '../database.js';
import { exitCodeOf, formatResult, type CheckResult } from './check-result.js';
import { checkBaseUrl, checkOAuthClients } from './config-checks.js';
import { checkDatabase, checkKeys, checkMigrations } from './database-checks.js';
import { checkPublicUrl } from './reachability-check.js';
import { checkRoundTrip } from './round-trip-check.js';

/** Runs one check that needs the database; an unexpected error is that check's FAIL. */
async function guarded(check: string, run: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await run();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { status: 'FAIL', check, detail: reason };
  }
}

/** The database checks: reachable, migrated, keys that open what is stored. */
async function databaseChecks(config: ServerConfig): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  if (!config.databaseUrl) {
    results.push({
      status: config.sandbox ? 'PASS' : 'WARN',
      check: 'database-url',
      detail: 'DATABASE_URL is unset: embedded Postgres under CALSYNC_DATA_DIR (one machine only)',
    });
  }
  const db = await resolveDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    shareRunning: true,
  });
  const sql = connectDatabase(db.url, { max: 1, applicationName: 'calsync-doctor' });
  try {
    const reachable = await checkDatabase(sql);
    results.push(reachable);
    if (reachable.status === 'FAIL') return results;
    const migrations = await guarded('migrations', () => checkMigrations(sql));
    results.push(migrations);
    if (migrations.status === 'FAIL') {
      results.push({ status: 'WARN', check: 'keys', detail: 'not checked before migrating' });
      return results;
    }
    results.push(await guarded('keys', () => checkKeys(sql, config)));
    return results;
  } finally {
    await sql.end({ timeout: 5 });
    await db.release();
  }
}

/** The `--round-trip` check, in its own CLI environment (a context and a send-only queue). */
async function roundTrip(config: ServerConfig, connectionId: string): Promise<CheckResult> {
  const env = await openCliEnv(config);
  try {
    const ctx = await env.context();
    return await checkRoundTrip({ config, ctx, boss: await env.jobQueue() }, connectionId);
  } finally {
    await env.close();
  }
}

/**
 * `calsync doctor`: checks a deployment's configuration, database, keys and public URL, prints
 * one PASS/WARN/FAIL line each, and returns the exit code (1 when any check failed).
 *
 * @example
 * process.exitCode = await runDoctor(loadConfig(process.env), console.log);
 */
export async function runDoctor(
  config: ServerConfig,
  print: (line: string) => void,
  /** `--round-trip CONNECTION_ID`: also create, read and delete an event on its calendar. */
  options: { roundTrip?: string } = {},
): Promise<number> {
  const results: CheckResult[] = [];
  const report = (result: CheckResult) => {
    results.push(result);
    print(formatResult(result));
  };
  const database = await databaseChecks(config).catch((error: unknown): CheckResult[] => [
    {
      status: 'FAIL',
      check: 'database',
      detail: `not opened (${error instanceof Error ? error.message : String(error)})`,
    },
  ]);
  for (const result of database) report(result);
  report(checkBaseUrl(config));
  for (const result of checkOAuthClients(config)) report(result);
  report(await checkPublicUrl(config));
  if (options.roundTrip) {
    const databaseOk = database.every((r) => r.status !== 'FAIL');
    report(
      databaseOk
        ? await guarded('round-trip', () => roundTrip(config, options.roundTrip!))
        : { status: 'FAIL', check: 'round-trip', detail: 'not tried: the database checks failed' },
    );
  }
  const failed = results.filter((r) => r.status === 'FAIL').length;
  const warned = results.filter((r) => r.status === 'WARN').length;
  print(`${failed} failed, ${warned} warning(s), ${results.length - failed - warned} passed`);
  return exitCodeOf(results);
}
