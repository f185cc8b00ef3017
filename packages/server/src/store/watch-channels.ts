import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connect.js';

/** A live push channel (Google watch channel, Graph subscription), as stored. */
export interface WatchChannelRow {
  id: string;
  tenant_id: string;
  connection_id: string;
  calendar_id: string | null;
  provider: 'google' | 'microsoft';
  channel_id: string;
  resource_id: string | null;
  secret_hash: Buffer;
  status: 'active' | 'stopped' | 'expired';
  expires_at: Date;
  created_at: Date;
  renewed_at: Date | null;
}

/** SHA-256 of a channel token / clientState; only the hash is stored. */
export function hashChannelSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Whether a notification's token matches the stored hash (constant time). */
export function channelSecretMatches(
  row: Pick<WatchChannelRow, 'secret_hash'>,
  secret: string,
): boolean {
  const given = hashChannelSecret(secret);
  return given.length === row.secret_hash.length && timingSafeEqual(given, row.secret_hash);
}

/** Stores a new channel. */
export async function insertWatchChannel(
  db: Db,
  input: {
    tenantId: string;
    connectionId: string;
    calendarId: string;
    provider: 'google' | 'microsoft';
    channelId: string;
    resourceId: string | null;
    secret: string;
    expiresAt: Date;
    now: Date;
  },
): Promise<WatchChannelRow> {
  const [row] = await db<WatchChannelRow[]>`
    insert into watch_channels (tenant_id, connection_id, calendar_id, provider, channel_id,
      resource_id, secret_hash, expires_at, created_at)
    values (${input.tenantId}, ${input.connectionId}, ${input.calendarId}, ${input.provider},
      ${input.channelId}, ${input.resourceId}, ${hashChannelSecret(input.secret)},
      ${input.expiresAt}, ${input.now})
    returning *`;
  return row!;
}

/** The active channel with that provider id (webhooks look notifications up by it). */
export async function findActiveChannel(
  db: Db,
  channelId: string,
): Promise<WatchChannelRow | undefined> {
  const [row] = await db<WatchChannelRow[]>`
    select * from watch_channels where channel_id = ${channelId} and status = 'active'`;
  return row;
}

/**
 * The active channels with any of these provider ids, in one query (a Graph notification batches
 * items of several subscriptions).
 */
export async function findActiveChannels(
  db: Db,
  channelIds: readonly string[],
): Promise<WatchChannelRow[]> {
  if (channelIds.length === 0) return [];
  return db<WatchChannelRow[]>`
    select * from watch_channels
    where channel_id = any(${[...channelIds]}::text[]) and status = 'active'`;
}

/** Active channels of a connection. */
export async function listActiveChannels(db: Db, connectionId: string): Promise<WatchChannelRow[]> {
  return db<WatchChannelRow[]>`
    select * from watch_channels where connection_id = ${connectionId} and status = 'active'
    order by expires_at`;
}

/** Whether a calendar has a channel that is active and not expired at `now`. */
export async function hasLiveChannel(db: Db, calendarId: string, now: Date): Promise<boolean> {
  const [row] = await db`
    select 1 from watch_channels
    where calendar_id = ${calendarId} and status = 'active' and expires_at > ${now} limit 1`;
  return row !== undefined;
}

/** Marks a channel stopped (unwatched) or expired. */
export async function markChannel(
  db: Db,
  id: string,
  status: 'stopped' | 'expired',
): Promise<void> {
  await db`update watch_channels set status = ${status} where id = ${id}`;
}

/** Marks every active channel past its expiry as expired; returns how many. */
export async function expireChannels(db: Db, now: Date): Promise<number> {
  const rows = await db`
    update watch_channels set status = 'expired'
    where status = 'active' and expires_at <= ${now} returning id`;
  return rows.length;
}
