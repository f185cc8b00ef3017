import { AuthError, ProviderError, type ProviderAdapter } from '@calsync/core';
import {
  findConnection,
  lockConnection,
  saveCredentials,
  type ConnectionRow,
} from '../store/connections.js';
import { DecryptionError } from '../crypto/keyring.js';
import { finishAttempt, startAttempt } from '../store/sync-attempts.js';
import {
  markEncryptionKeyUnavailable,
  markNeedsReauth,
  STATUS_REASONS,
} from '../sync/connection-status.js';
import type { SyncRuntime } from '../sync/runtime.js';
import { openCredentials, sealCredentials, type StoredCredentials } from './credentials.js';

/** An adapter bound to one connection, with the token source it uses. */
export interface ProviderSession {
  readonly connection: ConnectionRow;
  readonly adapter: ProviderAdapter;
  /** The `AdapterContext.getAccessToken` the adapter was built with. */
  getAccessToken(options?: { readonly forceRefresh?: boolean }): Promise<string>;
}

/**
 * The connection has no credentials (disconnected) or they cannot be decrypted (then it is marked
 * `needs_reauth`, or `error` when this process lacks their encryption key); nothing can be sent
 * for it.
 */
export class ConnectionUnavailableError extends AuthError {
  constructor(connectionId: string, options: { cause?: unknown } = {}) {
    super(`connection ${connectionId} has no usable credentials`, {
      permanent: true,
      ...options,
    });
  }
}

function expiresSoon(rt: SyncRuntime, credentials: StoredCredentials): boolean {
  if (!credentials.accessTokenExpiresAt) return false;
  const leftMs = Date.parse(credentials.accessTokenExpiresAt) - rt.ctx.now().getTime();
  return leftMs <= rt.options.tokenRefreshLeadMs;
}

/**
 * Refreshes a connection's tokens under a row lock, so two workers never spend the same rotating
 * refresh token: the second one finds the first one's fresh token and uses it. Rotated refresh
 * tokens are kept. An `AuthError` from the provider marks the connection `needs_reauth` (paused,
 * with an `integration.updated` change) and is rethrown as permanent; transient and rate-limited
 * failures of the token endpoint are rethrown as they are, for the retry matrix.
 *
 * @example
 * const credentials = await refreshConnectionTokens(rt, connectionId, { force: true });
 */
export async function refreshConnectionTokens(
  rt: SyncRuntime,
  connectionId: string,
  options: { force: boolean; correlationId?: string },
): Promise<StoredCredentials> {
  const { ctx } = rt;
  let failure: unknown = null;
  const fresh = await ctx.sql.begin(async (tx) => {
    const row = await lockConnection(tx, connectionId);
    if (!row?.credentials) throw new ConnectionUnavailableError(connectionId);
    const current = openCredentials(ctx.keyring, row, row.credentials);
    if (!options.force && !expiresSoon(rt, current)) return current;
    const entry = rt.registry.get(row.provider);
    if (!entry.refresh) return current;
    const attempt = await startAttempt(tx, {
      tenantId: row.tenant_id,
      connectionId,
      calendarId: null,
      appointmentId: null,
      operation: 'refresh_token',
      correlationId: options.correlationId ?? rt.newId(),
      attempt: 1,
      now: ctx.now(),
    });
    try {
      const next = await entry.refresh(current, { fetch: rt.fetch, now: ctx.now });
      const merged: StoredCredentials = {
        ...current,
        ...next,
        refreshToken: next.refreshToken ?? current.refreshToken,
      };
      const sealed = sealCredentials(ctx.keyring, row, merged);
      await saveCredentials(tx, connectionId, {
        credentials: sealed.envelope,
        keyId: sealed.keyId,
        accessTokenExpiresAt: sealed.accessTokenExpiresAt,
        now: ctx.now(),
      });
      await finishAttempt(tx, attempt.id, { status: 'success', now: ctx.now() });
      return merged;
    } catch (error) {
      failure = error;
      await finishAttempt(tx, attempt.id, {
        status:
          error instanceof AuthError || !(error instanceof ProviderError) ? 'fail' : 'retrying',
        errorClass: error instanceof ProviderError ? error.errorClass : 'non_retryable',
        errorMessage: error instanceof Error ? error.message : String(error),
        now: ctx.now(),
      });
      return null;
    }
  });
  if (fresh) return fresh;
  if (failure instanceof AuthError) {
    await markNeedsReauth(ctx, connectionId, STATUS_REASONS.refreshFailed);
    throw new AuthError('token refresh was refused', { permanent: true, cause: failure });
  }
  throw failure;
}

/**
 * Builds the adapter of a connection through the registry, with a `getAccessToken` that
 * refreshes 5 minutes before expiry (or when forced) and caches the result for the session.
 *
 * @example
 * const session = await openProviderSession(rt, connectionId);
 * await session.adapter.listCalendars();
 */
export async function openProviderSession(
  rt: SyncRuntime,
  connectionOrId: string | ConnectionRow,
): Promise<ProviderSession> {
  const connection =
    typeof connectionOrId === 'string'
      ? await findConnection(rt.ctx.sql, connectionOrId)
      : connectionOrId;
  if (!connection?.credentials) {
    throw new ConnectionUnavailableError(
      typeof connectionOrId === 'string' ? connectionOrId : connectionOrId.id,
    );
  }
  let credentials: StoredCredentials;
  try {
    credentials = openCredentials(rt.ctx.keyring, connection, connection.credentials);
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    if (error.reason === 'unknown_key') {
      // This process lacks the key (keys differ between processes): the operator's to fix.
      await markEncryptionKeyUnavailable(rt.ctx, connection.id, error.keyId);
      throw new ConnectionUnavailableError(connection.id, { cause: error });
    }
    // Unusable credentials (an envelope of another row, a retired key): the user reconnects.
    rt.ctx.logger.warn(
      { connection_id: connection.id, reason: error.message },
      'connection credentials cannot be decrypted',
    );
    await markNeedsReauth(rt.ctx, connection.id, STATUS_REASONS.credentialsUnreadable);
    throw new ConnectionUnavailableError(connection.id, { cause: error });
  }
  const getAccessToken = async (options?: { readonly forceRefresh?: boolean }) => {
    const force = options?.forceRefresh ?? false;
    if (force || expiresSoon(rt, credentials)) {
      credentials = await refreshConnectionTokens(rt, connection.id, { force });
    }
    if (!credentials.accessToken) throw new AuthError('connection has no access token');
    return credentials.accessToken;
  };
  const adapter = rt.registry.get(connection.provider).createAdapter({
    connection,
    credentials,
    context: { fetch: rt.fetch, now: rt.ctx.now, getAccessToken },
  });
  return { connection, adapter, getAccessToken };
}
