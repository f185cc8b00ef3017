import type { Db } from '../db/connect.js';
import type { ApiProvider, IntegrationOutput } from '../http/schemas/integration.js';
import type { CalendarRow } from '../store/calendars.js';
import type { ConnectionRow } from '../store/connections.js';

/** The API's provider name of a connection. */
export function apiProviderOf(
  row: Pick<ConnectionRow, 'provider' | 'caldav_flavour'>,
): ApiProvider {
  if (row.provider === 'microsoft') return 'outlook';
  if (row.provider === 'caldav') return row.caldav_flavour === 'icloud' ? 'icloud' : 'caldav';
  return 'google';
}

/** Integrations in the API's shape: destination calendar and the host's user id joined in. */
export async function presentIntegrations(
  db: Db,
  rows: readonly ConnectionRow[],
): Promise<IntegrationOutput[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const userIds = [...new Set(rows.map((r) => r.user_id))];
  const [destinations, users] = await Promise.all([
    db<Pick<CalendarRow, 'connection_id' | 'name' | 'provider_calendar_id'>[]>`
      select connection_id, name, provider_calendar_id from calendars
      where connection_id = any(${ids}::uuid[]) and destination`,
    db<{ id: string; external_id: string }[]>`
      select id, external_id from users where id = any(${userIds}::uuid[])`,
  ]);
  const destinationOf = new Map(destinations.map((d) => [d.connection_id, d]));
  const externalIdOf = new Map(users.map((u) => [u.id, u.external_id]));
  return rows.map((row) => ({
    id: row.id,
    provider: apiProviderOf(row),
    user_id: externalIdOf.get(row.user_id) ?? row.user_id,
    calendar_name: destinationOf.get(row.id)?.name ?? null,
    account_email: row.account_email,
    provider_calendar_id: destinationOf.get(row.id)?.provider_calendar_id ?? null,
    sync_enabled: row.sync_enabled,
    sync_direction: row.sync_direction,
    privacy_level: row.privacy_level,
    create_video_meetings: row.create_video_meetings,
    video_platform: row.video_platform,
    cancellation_policy: row.cancellation_policy,
    require_approval: row.require_approval,
    sync_status: row.status,
    status_reason: row.status_reason,
    last_sync_at: row.last_sync_at?.toISOString() ?? null,
    next_sync_at: row.next_sync_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  }));
}
