import {
  enqueuePush,
  findConnection,
  listAttempts,
  listLiveProcesses,
  migrate,
  recordAudit,
  reprocessAttempt,
  rotateEncryption,
  syncStatus,
  triggerSync,
} from '@calsync/server';
import type { CliEnv } from './cli-context.js';

/** A command line the CLI cannot run (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A CLI command: gets the environment and its positional arguments and flags. */
export type CliCommand = (
  env: CliEnv,
  args: string[],
  flags: Map<string, string | true>,
) => Promise<void>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The argument as a UUID, or a usage error naming it. */
export function requireUuid(value: string | undefined, what: string): string {
  if (!value || !UUID.test(value)) throw new UsageError(`${what} must be a UUID`);
  return value;
}

function dateFlag(flags: Map<string, string | true>, name: string): Date | null {
  const value = flags.get(name);
  if (value === undefined) return null;
  const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${name} must be an ISO date-time`);
  return date;
}

async function connectionOrFail(env: CliEnv, id: string) {
  const connection = await findConnection(env.sql, id);
  if (!connection) throw new Error(`no integration ${id}`);
  return connection;
}

/** Operator commands: resync, cursors, failed attempts, key rotation. Each is audited. */
export const ADMIN_COMMANDS: Record<string, CliCommand> = {
  'keys rotate-encryption': async (env, _args, flags) => {
    await migrate(env.sql);
    const ctx = await env.context();
    const batch = flags.get('batch-size');
    const batchSize = batch === undefined ? undefined : Number(batch);
    if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
      throw new UsageError('--batch-size must be a positive whole number');
    }
    const lacking = (await listLiveProcesses(env.sql)).filter(
      (p) => !p.key_ids.includes(ctx.keyring.currentKeyId),
    );
    for (const p of lacking) {
      console.error(
        `calsync: ${p.role} process on ${p.host} (pid ${p.pid}) lacks key ${ctx.keyring.currentKeyId}`,
      );
    }
    if (lacking.length && !flags.has('force')) {
      console.error(
        'calsync: refusing to rotate: add the key to every process and restart it first ' +
          '(--force rotates anyway; those processes then cannot read the secrets)',
      );
      process.exitCode = 1;
      return;
    }
    if (lacking.length) {
      console.error('calsync: warning: rotating anyway (--force)');
      await recordAudit(env.sql, {
        tenantId: null,
        actor: 'cli',
        action: 'encryption.rotation_forced',
        details: {
          key_id: ctx.keyring.currentKeyId,
          lacking: lacking.map((p) => ({ role: p.role, host: p.host, pid: p.pid })),
        },
      });
    }
    const report = await rotateEncryption(ctx, {
      actor: 'cli',
      unbound: env.config.unboundEnvelopes,
      ...(batchSize ? { batchSize } : {}),
    });
    console.log(JSON.stringify(report, null, 2));
    if (Object.values(report).some((r) => r.failed > 0)) process.exitCode = 1;
  },
  'connections resync': async (env, [id], flags) => {
    const connectionId = requireUuid(id, 'INTEGRATION_ID');
    const from = dateFlag(flags, 'from');
    const to = dateFlag(flags, 'to');
    if ((from === null) !== (to === null)) throw new UsageError('--from and --to go together');
    const connection = await connectionOrFail(env, connectionId);
    const ctx = await env.context();
    const { syncId, calendars } = await triggerSync(ctx, connectionId, {
      mode: flags.has('full') ? 'full' : 'incremental',
      from,
      to,
    });
    await recordAudit(env.sql, {
      tenantId: connection.tenant_id,
      actor: 'cli',
      action: 'integration.resync',
      targetType: 'integration',
      targetId: connectionId,
      details: {
        full: flags.has('full'),
        from: from?.toISOString() ?? null,
        to: to?.toISOString() ?? null,
      },
    });
    console.log(JSON.stringify({ sync_id: syncId, calendars }));
  },
  'connections cursors': async (env, [id]) => {
    const connectionId = requireUuid(id, 'INTEGRATION_ID');
    await connectionOrFail(env, connectionId);
    const status = await syncStatus(await env.context(), connectionId);
    console.log(
      JSON.stringify({ sync_status: status.sync_status, cursor: status.cursor }, null, 2),
    );
  },
  'appointments resync': async (env, [id]) => {
    const appointmentId = requireUuid(id, 'APPOINTMENT_ID');
    const ctx = await env.context();
    const sent = await env.sql.begin(async (tx) => {
      const [row] = await tx<
        {
          id: string;
          user_id: string;
          source: 'host' | 'google' | 'microsoft' | 'caldav';
          series_id: string | null;
          tenant_id: string;
        }[]
      >`
        select id, user_id, source, series_id, tenant_id from appointments where id = ${appointmentId}`;
      if (!row) throw new Error(`no appointment ${appointmentId}`);
      await recordAudit(tx, {
        tenantId: row.tenant_id,
        actor: 'cli',
        action: 'appointment.resync',
        targetType: 'appointment',
        targetId: appointmentId,
      });
      return enqueuePush(ctx.jobs, tx, row);
    });
    console.log(JSON.stringify({ pushes: sent }));
  },
  'attempts list': async (env, [id], flags) => {
    const connectionId = requireUuid(id, 'INTEGRATION_ID');
    await connectionOrFail(env, connectionId);
    const rows = await listAttempts(env.sql, {
      connectionId,
      status: flags.has('failed') ? 'fail' : null,
      limit: 100,
    });
    for (const r of rows) {
      console.log(
        [
          r.id,
          r.started_at.toISOString(),
          r.operation,
          r.status,
          r.error_class ?? '-',
          r.error_message ?? '',
        ].join('  '),
      );
    }
  },
  'attempts reprocess': async (env, [id]) => {
    const attemptId = requireUuid(id, 'ATTEMPT_ID');
    const ctx = await env.context();
    const attempt = await reprocessAttempt(ctx, attemptId);
    await recordAudit(env.sql, {
      tenantId: attempt.tenant_id,
      actor: 'cli',
      action: 'sync_attempt.reprocess',
      targetType: 'sync_attempt',
      targetId: attempt.id,
    });
    console.log(`requeued ${attempt.operation} of attempt ${attempt.id}`);
  },
};
