import type { Db } from '../db/connect.js';

/** Everything Calsync stores about one user, as JSON rows per table. */
export interface UserExport {
  exported_at: string;
  user: Record<string, unknown>;
  sessions: unknown[];
  connections: unknown[];
  calendars: unknown[];
  appointments: unknown[];
  event_links: unknown[];
  conflicts: unknown[];
  video_meetings: unknown[];
  approvals: unknown[];
  sync_attempts: unknown[];
  sync_events: unknown[];
  watch_channels: unknown[];
  busy_blocks: unknown[];
  pending_authorizations: unknown[];
  changes: unknown[];
  audit_entries: unknown[];
}

type Rows = { row: Record<string, unknown> }[];

/**
 * Columns never exported: credentials and their key ids, token hashes, PKCE verifiers, meeting
 * passcodes, channel secrets, and provider sync cursors (they act as read tokens). A new secret
 * column must be added here; the export test checks the known ones.
 */
export const EXPORT_EXCLUDED_COLUMNS = [
  'credentials',
  'credentials_key_id',
  'token_hash',
  'code_verifier',
  'state_hash',
  'browser_hash',
  'passcode',
  'secret_hash',
  'sync_cursor',
  'page_checkpoint',
  'search',
] as const;

/**
 * Reads everything stored about a user (GDPR access request): the user, its sessions' metadata,
 * connections, calendars, appointments and their links, conflicts, video meetings, approvals, sync
 * history, busy blocks, change-feed entries and the audit entries about it — secrets excluded
 * (see {@link EXPORT_EXCLUDED_COLUMNS}).
 *
 * @example
 * const data = await exportUser(sql, tenantId, user.id, new Date());
 */
export async function exportUser(
  db: Db,
  tenantId: string,
  userId: string,
  now: Date,
): Promise<UserExport | undefined> {
  const drop = [...EXPORT_EXCLUDED_COLUMNS];
  const pick = async (rows: Promise<Rows>) => (await rows).map((r) => r.row);
  const [user] = await pick(db<Rows>`
    select to_jsonb(u) - ${drop}::text[] as row from users u
    where u.tenant_id = ${tenantId} and u.id = ${userId}`);
  if (!user) return undefined;
  const ofConnections = (table: string, alias: string) => db<Rows>`
    select to_jsonb(${db(alias)}) - ${drop}::text[] as row from ${db(table)} ${db(alias)}
    where ${db(alias)}.connection_id in (select id from connections where user_id = ${userId})`;
  const ofAppointments = (table: string, alias: string) => db<Rows>`
    select to_jsonb(${db(alias)}) - ${drop}::text[] as row from ${db(table)} ${db(alias)}
    where ${db(alias)}.appointment_id in (select id from appointments where user_id = ${userId})`;
  const [
    sessions,
    connections,
    calendars,
    appointments,
    eventLinks,
    conflicts,
    videoMeetings,
    approvals,
    syncAttempts,
    syncEvents,
    watchChannels,
    busyBlocks,
    pendingAuthorizations,
    changes,
    auditEntries,
  ] = await Promise.all([
    pick(db<Rows>`select to_jsonb(s) - ${drop}::text[] as row from session_tokens s
      where s.user_id = ${userId} order by s.created_at`),
    pick(db<Rows>`select to_jsonb(c) - ${drop}::text[] as row from connections c
      where c.user_id = ${userId} order by c.created_at`),
    pick(ofConnections('calendars', 'k')),
    pick(db<Rows>`select to_jsonb(a) - ${drop}::text[] as row from appointments a
      where a.user_id = ${userId} order by a.created_at`),
    pick(db<Rows>`select to_jsonb(l) - ${drop}::text[] as row from event_links l
      where l.appointment_id in (select id from appointments where user_id = ${userId})
         or l.connection_id in (select id from connections where user_id = ${userId})`),
    pick(ofConnections('conflicts', 'k')),
    pick(ofAppointments('video_meetings', 'k')),
    pick(ofConnections('approvals', 'k')),
    pick(ofConnections('sync_attempts', 'k')),
    pick(ofConnections('sync_events', 'k')),
    pick(ofConnections('watch_channels', 'k')),
    pick(db<Rows>`select to_jsonb(b) - ${drop}::text[] as row from busy_blocks b
      where b.user_id = ${userId}`),
    pick(db<Rows>`select to_jsonb(o) - ${drop}::text[] as row from oauth_states o
      where o.user_id = ${userId}`),
    pick(db<Rows>`select to_jsonb(c) - ${drop}::text[] as row from changes c
      where c.user_id = ${userId} order by c.seq`),
    pick(db<Rows>`select to_jsonb(e) - ${drop}::text[] as row from audit_entries e
      where e.tenant_id = ${tenantId} and e.target_type = 'user'
        and e.target_id = ${String(user.external_id)} order by e.id`),
  ]);
  return {
    exported_at: now.toISOString(),
    user,
    sessions,
    connections,
    calendars,
    appointments,
    event_links: eventLinks,
    conflicts,
    video_meetings: videoMeetings,
    approvals,
    sync_attempts: syncAttempts,
    sync_events: syncEvents,
    watch_channels: watchChannels,
    busy_blocks: busyBlocks,
    pending_authorizations: pendingAuthorizations,
    changes,
    audit_entries: auditEntries,
  };
}
