import type { ServerContext } from '../context.js';
import { ApiError } from '../http/errors.js';
import type { UpdateIntegrationInput } from '../http/schemas/integration.js';
import { appendChange } from '../store/changes.js';
import { listCalendars, updateCalendarSelection } from '../store/calendars.js';
import {
  updateConnectionSettings,
  type ConnectionRow,
  type ConnectionSettings,
} from '../store/connections.js';
import { pauseConnection, resumeConnection } from '../sync/connection-lifecycle.js';
import type { Tx } from '../db/connect.js';

const SETTINGS = [
  'sync_enabled',
  'sync_direction',
  'privacy_level',
  'create_video_meetings',
  'video_platform',
  'cancellation_policy',
  'require_approval',
] as const satisfies readonly (keyof ConnectionSettings)[];

/** The settings of `input` that differ from the connection's. */
function changedSettings(
  current: ConnectionRow,
  input: UpdateIntegrationInput,
): ConnectionSettings {
  const changed: Record<string, unknown> = {};
  for (const key of SETTINGS) {
    if (input[key] !== undefined && input[key] !== current[key]) changed[key] = input[key];
  }
  return changed as ConnectionSettings;
}

/**
 * Moves the export destination to the calendar `destination` names; false when it already is
 * there. `null` asks for no destination, which is only true already (it cannot be cleared).
 */
async function moveDestination(
  ctx: ServerContext,
  tx: Tx,
  connectionId: string,
  destination: string | null,
): Promise<boolean> {
  const calendars = await listCalendars(tx, connectionId);
  const currentId = calendars.find((cal) => cal.destination)?.provider_calendar_id ?? null;
  if (destination === currentId) return false;
  if (destination === null) {
    throw new ApiError(
      400,
      'invalid_request',
      'body.provider_calendar_id: the destination cannot be cleared; name another calendar',
    );
  }
  const target = calendars.find((cal) => cal.provider_calendar_id === destination);
  if (!target) {
    throw new ApiError(
      400,
      'invalid_request',
      'provider_calendar_id is not a calendar of this account',
    );
  }
  if (!['owner', 'writer'].includes(target.access_role)) {
    throw new ApiError(400, 'invalid_request', 'the destination calendar must be writable');
  }
  await updateCalendarSelection(tx, {
    connectionId,
    calendarId: target.id,
    destination: true,
    now: ctx.now(),
  });
  return true;
}

/**
 * `PUT` and `PATCH /calendar-integrations/{id}`: writes the settings `input` gives (left out:
 * unchanged) and moves the destination calendar. Only what differs is written and announced, so
 * sending back what `GET` returned changes nothing. `sync_enabled: false` pauses (settings
 * kept); `sync_enabled: true` resumes a paused connection and catches up what waited.
 *
 * @example
 * const row = await updateIntegration(ctx, current, { privacy_level: 'minimal' });
 */
export async function updateIntegration(
  ctx: ServerContext,
  current: ConnectionRow,
  input: UpdateIntegrationInput,
): Promise<ConnectionRow> {
  if (current.status === 'disconnected') {
    throw new ApiError(409, 'integration_disconnected', 'The integration is disconnected.');
  }
  const settings = changedSettings(current, input);
  const row = await ctx.sql.begin(async (tx) => {
    const moved =
      input.provider_calendar_id !== undefined &&
      (await moveDestination(ctx, tx, current.id, input.provider_calendar_id));
    if (!moved && Object.keys(settings).length === 0) return current;
    const updated = await updateConnectionSettings(tx, current.id, settings, ctx.now());
    if (!updated)
      throw new ApiError(409, 'integration_disconnected', 'The integration is disconnected.');
    const toggles =
      (input.sync_enabled === false && updated.status !== 'paused') ||
      (input.sync_enabled === true && updated.status === 'paused');
    // A pause or resume announces itself below; other changes are announced here.
    if (!toggles) {
      await appendChange(tx, {
        tenantId: updated.tenant_id,
        userId: updated.user_id,
        type: 'integration.updated',
        data: { id: updated.id, sync_status: updated.status, sync_enabled: updated.sync_enabled },
      });
    }
    return updated;
  });
  // Disabling pauses sync and keeps every setting; enabling resumes a paused connection and
  // catches up what waited (pulls of its calendars, pushes held while paused).
  if (input.sync_enabled === false && row.status !== 'paused') {
    return (await pauseConnection(ctx, row.id)) ?? row;
  }
  if (input.sync_enabled === true && row.status === 'paused') {
    return (await resumeConnection(ctx, row.id)) ?? row;
  }
  return row;
}
