import { randomUUID } from 'node:crypto';
import type { CalendarProvider } from '@calsync/core';
import { sealCredentials } from '../providers/credentials.js';
import { findCalendarByProviderId } from './calendar-lookup.js';
import { updateCalendarSelection } from '../store/calendars.js';
import {
  createConnection,
  saveCredentials,
  updateConnectionSettings,
  type ConnectionRow,
  type ConnectionSettings,
} from '../store/connections.js';
import { announceConnection, changeConnectionStatus } from '../sync/connection-status.js';
import { resumeConnection } from '../sync/connection-lifecycle.js';
import { initializeConnection } from '../sync/initialize.js';
import type { SyncRuntime } from '../sync/runtime.js';
import type { AuthorisedAccount } from './connectors.js';

/** Settings a connection is created with, plus the destination calendar by provider id. */
export interface ConnectSettings extends ConnectionSettings {
  provider_calendar_id?: string;
}

/** Input of {@link establishConnection}. */
export interface EstablishInput {
  tenantId: string;
  userId: string;
  provider: CalendarProvider;
  caldavFlavour: 'icloud' | 'generic' | null;
  account: AuthorisedAccount;
  settings: ConnectSettings;
}

/**
 * Stores an authorised account as a connection — or, when the user already has a live one for
 * the same account (a reconnect after `needs_reauth`), replaces its credentials and resumes it —
 * then lists its calendars and starts the initial sync in the background.
 */
export async function establishConnection(
  rt: SyncRuntime,
  input: EstablishInput,
): Promise<{ connection: ConnectionRow; created: boolean }> {
  const { ctx } = rt;
  const { provider_calendar_id: destination, ...settings } = input.settings;
  const { row, created } = await ctx.sql.begin(async (tx) => {
    const [existing] = await tx<ConnectionRow[]>`
      select * from connections
      where user_id = ${input.userId} and provider = ${input.provider}
        and account_email = ${input.account.accountEmail} and status <> 'disconnected'
      for update`;
    // The envelope is bound to the row it goes to: the existing one, or a new id chosen here.
    const id = existing?.id ?? randomUUID();
    const sealed = sealCredentials(
      ctx.keyring,
      { id, tenant_id: input.tenantId },
      input.account.credentials,
    );
    if (existing) {
      await saveCredentials(tx, existing.id, {
        credentials: sealed.envelope,
        keyId: sealed.keyId,
        accessTokenExpiresAt: sealed.accessTokenExpiresAt,
        now: ctx.now(),
      });
      const updated = Object.keys(settings).length
        ? await updateConnectionSettings(tx, existing.id, settings, ctx.now())
        : existing;
      return { row: updated ?? existing, created: false };
    }
    const inserted = await createConnection(tx, {
      id,
      tenantId: input.tenantId,
      userId: input.userId,
      provider: input.provider,
      caldavFlavour: input.caldavFlavour,
      accountEmail: input.account.accountEmail,
      serverUrl: input.account.serverUrl ?? null,
      credentials: sealed.envelope,
      credentialsKeyId: sealed.keyId,
      accessTokenExpiresAt: sealed.accessTokenExpiresAt,
      settings,
      now: ctx.now(),
    });
    await announceConnection(tx, inserted);
    return { row: inserted, created: true };
  });
  let connection = row;
  if (!created && (row.status === 'needs_reauth' || row.status === 'error')) {
    connection = (await resumeConnection(ctx, row.id)) ?? row;
  }
  try {
    await initializeConnection(rt, connection.id);
    if (destination) {
      const calendar = await findCalendarByProviderId(ctx.sql, connection.id, destination);
      if (calendar && ['owner', 'writer'].includes(calendar.access_role)) {
        await ctx.sql.begin((tx) =>
          updateCalendarSelection(tx, {
            connectionId: connection.id,
            calendarId: calendar.id,
            selected: true,
            destination: true,
            now: ctx.now(),
          }),
        );
      }
    }
  } catch (error) {
    // The account is connected; listing its calendars failed. The jobs retry from `error`.
    ctx.logger.warn(
      { err: error, connection_id: connection.id },
      'initial calendar listing failed',
    );
    connection =
      (await ctx.sql.begin((tx) =>
        changeConnectionStatus(ctx, tx, connection.id, 'error', 'could not list calendars yet'),
      )) ?? connection;
  }
  return { connection, created };
}
