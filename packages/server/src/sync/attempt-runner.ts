import {
  AuthError,
  errorClassOf,
  TransientProviderError,
  retryDecisionFor,
  type FailureAction,
  type ProviderErrorClass,
} from '@calsync/core';
import { isTransientDatabaseError } from '../db/transient-errors.js';
import { recordSyncAttempt, recordSyncFailure } from '../metrics/registry.js';
import { appendChange } from '../store/changes.js';
import type { ConnectionRow } from '../store/connections.js';
import {
  finishAttempt,
  startAttempt,
  type SyncAttemptRow,
  type SyncOperation,
} from '../store/sync-attempts.js';
import {
  changeConnectionStatus,
  markNeedsReauth,
  recoverFromError,
  STATUS_REASONS,
} from './connection-status.js';
import type { SyncRuntime } from './runtime.js';

/** Who an attempt is about. */
export interface AttemptScope {
  readonly connection: ConnectionRow;
  readonly calendarId: string | null;
  readonly appointmentId: string | null;
  readonly operation: SyncOperation;
  readonly correlationId: string;
  /** Attempt number of the first run in this job (from the job data). */
  readonly attempt: number;
}

/**
 * What to do after a give-up action the runner cannot take on its own (`full_resync`,
 * `pull_then_reconcile`, `per_operation`): run the body again as another operation (a full
 * resync after an expired cursor), or stop because follow-up work was scheduled.
 */
export type FollowUp =
  { readonly kind: 'rerun'; readonly operation: SyncOperation } | { readonly kind: 'scheduled' };

/** The hooks of one run. */
export interface AttemptHandlers {
  /** The work; throws provider errors. */
  run(attempt: SyncAttemptRow): Promise<void>;
  /** Forces a token refresh (the auth row: "refresh once"); throws when it cannot. */
  refreshAuth(): Promise<void>;
  /** Schedules the next attempt after `delaySeconds` (re-sent job; coalesced with a queued one). */
  retryLater(delaySeconds: number, nextAttempt: number): Promise<void>;
  /** Handles give-up actions specific to the operation; `null` means "fail the attempt". */
  followUp?(
    action: FailureAction,
    error: unknown,
    operation: SyncOperation,
  ): Promise<FollowUp | null>;
}

/** How a run ended. */
export type RunOutcome = 'success' | 'retrying' | 'follow_up' | 'failed' | 'needs_reauth';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Executes core's retry matrix around one unit of work. Every attempt is a `sync_attempts` row
 * with the correlation id of the logical sync:
 * - transient / rate-limited: row `retrying`, the job is re-sent after the backoff (exponential
 *   with jitter, never shorter than `Retry-After`), up to the matrix's attempt limit; then `fail`;
 * - auth: the token is refreshed once and the work re-run at once; a second auth failure (or a
 *   permanent one, a refused refresh, or a connection with no token to refresh) fails the
 *   attempt and marks the connection `needs_reauth`;
 * - not-found, precondition, cursor-expired: handed to `followUp` (recreate, pull + re-push, full
 *   resync);
 * - everything else: row `fail` (an admin may reprocess it) and a `sync.failed` change.
 *
 * @example
 * const outcome = await runWithRetryMatrix(rt, scope, { run, refreshAuth, retryLater });
 */
export async function runWithRetryMatrix(
  rt: SyncRuntime,
  scope: AttemptScope,
  handlers: AttemptHandlers,
): Promise<RunOutcome> {
  const { ctx } = rt;
  let attemptNumber = scope.attempt;
  let operation = scope.operation;
  let authRefreshed = false;
  // Every line this attempt logs carries the ids an operator greps for.
  const log = ctx.logger.child({
    correlation_id: scope.correlationId,
    connection_id: scope.connection.id,
    provider: scope.connection.provider,
    calendar_id: scope.calendarId,
    appointment_id: scope.appointmentId,
  });
  for (;;) {
    const row = await startAttempt(ctx.sql, {
      tenantId: scope.connection.tenant_id,
      connectionId: scope.connection.id,
      calendarId: scope.calendarId,
      appointmentId: scope.appointmentId,
      operation,
      correlationId: scope.correlationId,
      attempt: attemptNumber,
      now: ctx.now(),
    });
    let error: unknown;
    try {
      await handlers.run(row);
      await finishAttempt(ctx.sql, row.id, { status: 'success', now: ctx.now() });
      recordSyncAttempt(scope.connection.provider, operation, 'success');
      log.debug(
        { attempt_id: row.id, operation, attempt: attemptNumber },
        'sync attempt succeeded',
      );
      if (scope.connection.status === 'error') await recoverFromError(ctx, scope.connection.id);
      return 'success';
    } catch (caught) {
      error = caught;
    }
    // A deadlock or dropped database connection is retried like a provider's transient failure.
    if (isTransientDatabaseError(error)) {
      error = new TransientProviderError(`database: ${messageOf(error)}`, { cause: error });
    }
    const errorClass: ProviderErrorClass = errorClassOf(error);
    const finish = async (status: 'retrying' | 'fail') => {
      await finishAttempt(ctx.sql, row.id, {
        status,
        errorClass,
        errorMessage: messageOf(error),
        now: ctx.now(),
      });
      recordSyncAttempt(scope.connection.provider, operation, status);
      recordSyncFailure(scope.connection.provider, operation, errorClass);
      log[status === 'fail' ? 'warn' : 'info'](
        { attempt_id: row.id, operation, attempt: attemptNumber, error_class: errorClass, status },
        status === 'fail' ? 'sync attempt failed' : 'sync attempt will be retried',
      );
    };
    const decision = retryDecisionFor(error, {
      attempt: attemptNumber,
      random: rt.random,
      authAlreadyRefreshed: authRefreshed,
      ...rt.options.backoff,
    });
    if (decision.kind === 'retry' && decision.refreshAuth) {
      try {
        await handlers.refreshAuth();
      } catch (refreshError) {
        if (!(refreshError instanceof AuthError)) {
          await finish('retrying');
          throw refreshError;
        }
        // No way to a fresh token: the refresh was refused (already marked by the token
        // source), or the connection has none to refresh (a password connection, a provider
        // without `refresh`). Either way the user has to authorise again.
        await finish('fail');
        await markNeedsReauth(ctx, scope.connection.id, STATUS_REASONS.authRejected);
        return 'needs_reauth';
      }
      await finish('retrying');
      authRefreshed = true;
      attemptNumber++;
      continue;
    }
    if (decision.kind === 'retry') {
      await finish('retrying');
      await handlers.retryLater(Math.max(1, Math.ceil(decision.delayMs / 1000)), attemptNumber + 1);
      return 'retrying';
    }
    if (decision.action === 'needs_reauth') {
      await finish('fail');
      await markNeedsReauth(ctx, scope.connection.id, STATUS_REASONS.authRejected);
      return 'needs_reauth';
    }
    const followUp =
      decision.action === 'fail_attempt'
        ? null
        : ((await handlers.followUp?.(decision.action, error, operation)) ?? null);
    if (followUp) {
      await finish('retrying');
      if (followUp.kind === 'scheduled') return 'follow_up';
      operation = followUp.operation;
      attemptNumber = 1;
      continue;
    }
    await finish('fail');
    // The connection shows `error` until an attempt succeeds again (it keeps syncing).
    await ctx.sql.begin((tx) =>
      changeConnectionStatus(ctx, tx, scope.connection.id, 'error', `${operation}: ${errorClass}`),
    );
    await appendChange(ctx.sql, {
      tenantId: scope.connection.tenant_id,
      userId: scope.connection.user_id,
      type: 'sync.failed',
      data: {
        integration_id: scope.connection.id,
        attempt_id: row.id,
        operation,
        error_class: errorClass,
        message: messageOf(error),
        correlation_id: scope.correlationId,
      },
    });
    return 'failed';
  }
}
