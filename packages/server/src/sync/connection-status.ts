import type { ServerContext } from '../context.js';
import type { Db } from '../db/connect.js';
import { appendChange } from '../store/changes.js';
import {
  clearConnectionError,
  transitionConnection,
  type ConnectionRow,
  type ConnectionStatus,
} from '../store/connections.js';

/** Why a connection was paused or needs the user. */
export const STATUS_REASONS = {
  userPaused: 'paused_by_user',
  tooManyConflicts: 'too_many_conflicts',
  refreshFailed: 'token_refresh_failed',
  authRejected: 'provider_rejected_credentials',
  /** The stored credentials do not decrypt for this row (copied from elsewhere, or key gone). */
  credentialsUnreadable: 'credentials_unreadable',
  /**
   * The credentials are under an encryption key this process does not hold: the operator's
   * `CALSYNC_ENCRYPTION_KEYS` differ between processes. Status `error`: a process that holds the
   * key clears it at its next successful sync.
   */
  encryptionKeyUnavailable: 'encryption_key_unavailable',
} as const;

/** Appends `integration.updated` for a connection (the host's feed and webhooks). */
export async function announceConnection(db: Db, row: ConnectionRow): Promise<void> {
  const [user] = await db<{ external_id: string }[]>`
    select external_id from users where id = ${row.user_id}`;
  await appendChange(db, {
    tenantId: row.tenant_id,
    userId: row.user_id,
    type: 'integration.updated',
    data: {
      id: row.id,
      provider: row.provider,
      user_id: user?.external_id ?? null,
      sync_status: row.status,
      status_reason: row.status_reason,
    },
  });
}

/**
 * Moves a connection to `status` (when the transition is allowed and is a change) and tells the
 * host through the change feed, in `db`'s transaction. Returns the new row, or undefined.
 */
export async function changeConnectionStatus(
  ctx: ServerContext,
  db: Db,
  connectionId: string,
  status: ConnectionStatus,
  reason: string | null,
): Promise<ConnectionRow | undefined> {
  const row = await transitionConnection(db, connectionId, status, reason, ctx.now());
  if (row) await announceConnection(db, row);
  return row;
}

/**
 * The auth row of the retry matrix, given up: the connection needs the user to authorise again.
 * Syncing stops until then (jobs skip connections that are not active).
 */
export async function markNeedsReauth(
  ctx: ServerContext,
  connectionId: string,
  reason: string,
): Promise<ConnectionRow | undefined> {
  const row = await ctx.sql.begin((tx) =>
    changeConnectionStatus(ctx, tx, connectionId, 'needs_reauth', reason),
  );
  if (row) ctx.logger.warn({ connectionId, reason }, 'connection needs reauthorisation');
  return row;
}

/**
 * The connection's credentials are under a key this process lacks: status `error` with
 * `encryption_key_unavailable` (announced when it is a change), and a warning naming the key id
 * for the operator. The user can do nothing about it, so it is not `needs_reauth`.
 */
export async function markEncryptionKeyUnavailable(
  ctx: ServerContext,
  connectionId: string,
  keyId: string | undefined,
): Promise<ConnectionRow | undefined> {
  const row = await ctx.sql.begin((tx) =>
    changeConnectionStatus(ctx, tx, connectionId, 'error', STATUS_REASONS.encryptionKeyUnavailable),
  );
  ctx.logger.error(
    { connection_id: connectionId, key_id: keyId ?? null },
    'connection credentials are under an encryption key this process does not hold; ' +
      'give every process the same CALSYNC_ENCRYPTION_KEYS',
  );
  return row;
}

/**
 * After a successful attempt: a connection in `error` is `active` again (announced). Cheap when
 * it was not in error (one indexed update that matches nothing).
 */
export async function recoverFromError(ctx: ServerContext, connectionId: string): Promise<void> {
  await ctx.sql.begin(async (tx) => {
    const row = await clearConnectionError(tx, connectionId, ctx.now());
    if (row) await announceConnection(tx, row);
  });
}
