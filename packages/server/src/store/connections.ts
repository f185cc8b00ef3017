import type { CalendarProvider, PrivacyLevel, SyncDirection } from '@calsync/core';
import type { Db } from '../db/connect.js';

/** Lifecycle of a connection (API.md `sync_status`). */
export type ConnectionStatus = 'active' | 'paused' | 'error' | 'needs_reauth' | 'disconnected';

/** One authorised provider account of a user, as stored (credentials stay encrypted). */
export interface ConnectionRow {
  id: string;
  tenant_id: string;
  user_id: string;
  provider: CalendarProvider;
  caldav_flavour: 'icloud' | 'generic' | null;
  account_email: string | null;
  server_url: string | null;
  /** AES-256-GCM envelope; null once disconnected. Never log it. */
  credentials: string | null;
  credentials_key_id: string | null;
  access_token_expires_at: Date | null;
  status: ConnectionStatus;
  status_reason: string | null;
  sync_enabled: boolean;
  sync_direction: SyncDirection;
  privacy_level: PrivacyLevel;
  create_video_meetings: boolean;
  video_platform: 'zoom' | 'google_meet' | 'teams' | null;
  cancellation_policy: 'soft_delete' | 'mark_removed';
  require_approval: boolean;
  initial_sync_done: boolean;
  last_sync_at: Date | null;
  next_sync_at: Date | null;
  created_at: Date;
  updated_at: Date;
  disconnected_at: Date | null;
}

/** Settings a user may change on a live connection. */
export interface ConnectionSettings {
  sync_enabled?: boolean;
  sync_direction?: SyncDirection;
  privacy_level?: PrivacyLevel;
  create_video_meetings?: boolean;
  video_platform?: ConnectionRow['video_platform'];
  cancellation_policy?: ConnectionRow['cancellation_policy'];
  require_approval?: boolean;
}

/**
 * What a new connection is made of; `credentials` is already an encrypted envelope, bound to `id`
 * (chosen before the insert for that reason).
 */
export interface NewConnection {
  id: string;
  tenantId: string;
  userId: string;
  provider: CalendarProvider;
  caldavFlavour?: 'icloud' | 'generic' | null;
  accountEmail: string | null;
  serverUrl?: string | null;
  credentials: string;
  credentialsKeyId: string;
  accessTokenExpiresAt: Date | null;
  settings?: ConnectionSettings;
  now: Date;
}

/**
 * Status changes a connection may make. `disconnected` is terminal; `needs_reauth` leaves only
 * through a new authorisation (`active`) or a disconnect.
 */
export const CONNECTION_TRANSITIONS: {
  readonly [S in ConnectionStatus]: readonly ConnectionStatus[];
} = {
  active: ['paused', 'error', 'needs_reauth', 'disconnected'],
  paused: ['active', 'needs_reauth', 'disconnected'],
  error: ['active', 'paused', 'needs_reauth', 'disconnected'],
  needs_reauth: ['active', 'paused', 'disconnected'],
  disconnected: [],
};

/** Statuses in which the sync jobs talk to the provider. */
export const SYNCING_STATUSES: readonly ConnectionStatus[] = ['active', 'error'];

/** Inserts a connection; returns the stored row. */
export async function createConnection(db: Db, input: NewConnection): Promise<ConnectionRow> {
  const values = {
    id: input.id,
    tenant_id: input.tenantId,
    user_id: input.userId,
    provider: input.provider,
    caldav_flavour: input.caldavFlavour ?? null,
    account_email: input.accountEmail,
    server_url: input.serverUrl ?? null,
    credentials: input.credentials,
    credentials_key_id: input.credentialsKeyId,
    access_token_expires_at: input.accessTokenExpiresAt,
    created_at: input.now,
    updated_at: input.now,
    ...input.settings,
  };
  const [row] = await db<ConnectionRow[]>`insert into connections ${db(values)} returning *`;
  return row!;
}

/** Finds a connection; with `tenantId`, only that tenant's. */
export async function findConnection(
  db: Db,
  id: string,
  tenantId: string | null = null,
): Promise<ConnectionRow | undefined> {
  const [row] = await db<ConnectionRow[]>`
    select * from connections
    where id = ${id} and (${tenantId}::uuid is null or tenant_id = ${tenantId})`;
  return row;
}

/** Locks a connection row for the rest of the transaction (token refresh serialises on it). */
export async function lockConnection(db: Db, id: string): Promise<ConnectionRow | undefined> {
  const [row] = await db<
    ConnectionRow[]
  >`select * from connections where id = ${id} for no key update`;
  return row;
}

/** A tenant's connections (optionally one user's), oldest first. */
export async function listConnections(
  db: Db,
  query: { tenantId: string; userId?: string | null; includeDisconnected?: boolean },
): Promise<ConnectionRow[]> {
  return db<ConnectionRow[]>`
    select * from connections
    where tenant_id = ${query.tenantId}
      and (${query.userId ?? null}::uuid is null or user_id = ${query.userId ?? null})
      and (${query.includeDisconnected ?? false} or status <> 'disconnected')
    order by created_at, id`;
}

/**
 * One page of a tenant's (or one user's) live connections, oldest first (by the millisecond,
 * then id): at most `limit` rows after the keyset `after` (ask for one more to tell a next page).
 */
export async function listConnectionsPage(
  db: Db,
  query: {
    tenantId: string;
    userId: string | null;
    limit: number;
    after: { at: string; id: string } | null;
  },
): Promise<ConnectionRow[]> {
  const after = query.after;
  return db<ConnectionRow[]>`
    select * from connections
    where tenant_id = ${query.tenantId} and status <> 'disconnected'
      and (${query.userId}::uuid is null or user_id = ${query.userId})
      ${after ? db`and (date_trunc('milliseconds', created_at), id) > (${after.at}::timestamptz, ${after.id}::uuid)` : db``}
    order by date_trunc('milliseconds', created_at), id limit ${query.limit}`;
}

/** Connections of a user that are not disconnected. */
export async function listLiveConnectionsOfUser(db: Db, userId: string): Promise<ConnectionRow[]> {
  return db<ConnectionRow[]>`
    select * from connections where user_id = ${userId} and status <> 'disconnected'
    order by created_at, id`;
}

/** Changes settings of a live connection; undefined when it is gone or disconnected. */
export async function updateConnectionSettings(
  db: Db,
  id: string,
  settings: ConnectionSettings,
  now: Date,
): Promise<ConnectionRow | undefined> {
  const values = { ...settings, updated_at: now };
  const [row] = await db<ConnectionRow[]>`
    update connections set ${db(values)}
    where id = ${id} and status <> 'disconnected' returning *`;
  return row;
}

/**
 * Moves a connection to `status` when {@link CONNECTION_TRANSITIONS} allows it from its current
 * one; returns the row after the change, or undefined when the transition is not allowed (a
 * connection already in `status` is "not allowed" too, so callers announce real changes only).
 */
export async function transitionConnection(
  db: Db,
  id: string,
  status: ConnectionStatus,
  reason: string | null,
  now: Date,
): Promise<ConnectionRow | undefined> {
  const from = (Object.keys(CONNECTION_TRANSITIONS) as ConnectionStatus[]).filter((s) =>
    CONNECTION_TRANSITIONS[s].includes(status),
  );
  const [row] = await db<ConnectionRow[]>`
    update connections set status = ${status}, status_reason = ${reason}, updated_at = ${now}
    where id = ${id} and status = any(${from}::text[]) returning *`;
  return row;
}

/** Stores rotated credentials (an encrypted envelope) and the new access-token expiry. */
export async function saveCredentials(
  db: Db,
  id: string,
  input: { credentials: string; keyId: string; accessTokenExpiresAt: Date | null; now: Date },
): Promise<void> {
  await db`
    update connections
    set credentials = ${input.credentials}, credentials_key_id = ${input.keyId},
        access_token_expires_at = ${input.accessTokenExpiresAt}, updated_at = ${input.now}
    where id = ${id} and status <> 'disconnected'`;
}

/** Records a finished pull: last sync time, next planned sync, initial sync done. */
export async function markConnectionSynced(
  db: Db,
  id: string,
  input: { at: Date; nextSyncAt: Date | null },
): Promise<void> {
  await db`
    update connections
    set last_sync_at = ${input.at}, next_sync_at = ${input.nextSyncAt}, initial_sync_done = true
    where id = ${id}`;
}

/** Marks a connection disconnected and deletes its credentials (the schema insists on both). */
export async function markDisconnected(
  db: Db,
  id: string,
  now: Date,
): Promise<ConnectionRow | undefined> {
  const [row] = await db<ConnectionRow[]>`
    update connections
    set status = 'disconnected', status_reason = null, credentials = null,
        credentials_key_id = null, access_token_expires_at = null, sync_enabled = false,
        disconnected_at = ${now}, updated_at = ${now}
    where id = ${id} returning *`;
  return row;
}

/** Syncing connections whose access token expires before `before` (index `connections_token_expiry`). */
export async function listConnectionsExpiringBefore(
  db: Db,
  before: Date,
  limit: number,
): Promise<ConnectionRow[]> {
  return db<ConnectionRow[]>`
    select * from connections
    where status in ('active', 'error') and access_token_expires_at < ${before}
    order by access_token_expires_at limit ${limit}`;
}

/** Clears the `error` status after a success; undefined when the connection was not in error. */
export async function clearConnectionError(
  db: Db,
  id: string,
  now: Date,
): Promise<ConnectionRow | undefined> {
  const [row] = await db<ConnectionRow[]>`
    update connections set status = 'active', status_reason = null, updated_at = ${now}
    where id = ${id} and status = 'error' returning *`;
  return row;
}
