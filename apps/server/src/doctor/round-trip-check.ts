import { randomUUID } from 'node:crypto';
import {
  ANY_ADDRESS,
  createAddressPolicy,
  createGuardedFetch,
  createSyncRuntime,
  openProviderSession,
  type ProviderSession,
  type ServerContext,
  type SQL,
} from '@calsync/server';
import type { PgBoss } from 'pg-boss';
import type { ServerConfig } from '../config.js';
import { setUpProviders } from '../providers.js';
import type { CheckResult } from './check-result.js';

type EventContent = Parameters<ProviderSession['adapter']['createEvent']>[0]['content'];

/** A five-minute event a day from now, marked as the doctor's. */
function probeEvent(now: Date): EventContent {
  const start = new Date(now.getTime() + 24 * 3600_000);
  start.setUTCSeconds(0, 0);
  return {
    title: 'Calsync doctor check (deleted right away)',
    description: 'Created and deleted by calsync doctor --round-trip.',
    location: null,
    time: {
      kind: 'zoned',
      startsAtUTC: start.toISOString(),
      endsAtUTC: new Date(start.getTime() + 5 * 60_000).toISOString(),
      timeZone: 'UTC',
    },
    recurrence: null,
    attendees: [],
    status: 'confirmed',
    meeting: null,
    reminders: { useDefault: false, overrides: [] },
    transparency: 'transparent',
  };
}

/**
 * `--round-trip CONNECTION_ID`: with the connection's own credentials and this configuration's
 * provider setup, creates an event on its destination calendar, reads it back and deletes it.
 * Proves the keys, the OAuth client, the token refresh and the provider's API end to end.
 *
 * @example
 * const result = await checkRoundTrip({ config, ctx, boss }, connectionId);
 */
export async function checkRoundTrip(
  env: { config: ServerConfig; ctx: ServerContext; boss: PgBoss },
  connectionId: string,
): Promise<CheckResult> {
  const check = 'round-trip';
  const { config, ctx } = env;
  const sql: SQL = ctx.sql;
  const [calendar] = await sql<{ provider_calendar_id: string; provider: string }[]>`
    select c.provider_calendar_id, n.provider from calendars c
    join connections n on n.id = c.connection_id
    where c.connection_id = ${connectionId} and c.destination`;
  if (!calendar) {
    return {
      status: 'FAIL',
      check,
      detail: `integration ${connectionId} does not exist or has no destination calendar`,
    };
  }
  const fetch = createGuardedFetch({
    policy: config.sandbox ? ANY_ADDRESS : createAddressPolicy(config.allowPrivateNetworks),
    timeoutMs: config.providerTimeoutMs,
    maxResponseBytes: config.maxResponseBytes,
  });
  const providers = setUpProviders(config, {
    sandboxBaseUrl: () => (config.sandbox ? `${config.baseUrl}/sandbox` : undefined),
    fetch,
    now: ctx.now,
    ctx,
    sync: () => undefined,
  });
  const runtime = createSyncRuntime(ctx, providers.registry, env.boss, {
    runsWorkers: false,
    providerTimeoutMs: config.providerTimeoutMs,
    maxResponseBytes: config.maxResponseBytes,
    fetch,
  });
  const calendarId = calendar.provider_calendar_id;
  let step = 'opening the connection';
  try {
    const { adapter } = await openProviderSession(runtime, connectionId);
    step = 'creating an event';
    const id = randomUUID();
    const written = await adapter.createEvent({
      calendarId,
      idempotencyKey: id,
      appointmentId: id,
      iCalUID: `calsync-doctor-${id}@calsync`,
      content: probeEvent(ctx.now()),
      series: null,
    });
    const externalId = written.event.externalId;
    step = 'reading it back';
    const found = adapter.eventExists
      ? await adapter.eventExists({ calendarId, externalId })
      : true;
    step = 'deleting it';
    await adapter.deleteEvent({ calendarId, externalId, etag: written.event.etag });
    const gone = adapter.eventExists
      ? !(await adapter.eventExists({ calendarId, externalId }))
      : true;
    if (!found || !gone) {
      return {
        status: 'FAIL',
        check,
        detail: `${calendar.provider}: the event was ${found ? 'not deleted' : 'not found after creating it'}`,
      };
    }
    return {
      status: 'PASS',
      check,
      detail: `${calendar.provider}: created, ${adapter.eventExists ? 'read and ' : ''}deleted an event on the destination calendar`,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { status: 'FAIL', check, detail: `${calendar.provider}: ${step} failed (${reason})` };
  }
}
