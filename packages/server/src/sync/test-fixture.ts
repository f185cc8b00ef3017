import { AuthError, type EventContent } from '@calsync/core';
import { InMemoryCalendarService } from '@calsync/core/testing';
import type { PgBoss } from 'pg-boss';
import { createSyncQueues } from '../jobs/register-sync.js';
import type { StoredCredentials } from '../providers/credentials.js';
import { sealCredentials } from '../providers/credentials.js';
import { ProviderRegistry } from '../providers/registry.js';
import { insertAppointment, type AppointmentRow } from '../store/appointments.js';
import { listCalendars, upsertCalendars, type CalendarRow } from '../store/calendars.js';
import { createConnection, findConnection, type ConnectionRow } from '../store/connections.js';
import { createTenant } from '../store/tenants.js';
import { upsertUser } from '../store/users.js';
import type { TestContext } from '../testing/context.js';
import { createSyncRuntime, type SyncOptions, type SyncRuntime } from './runtime.js';
import { randomUUID } from 'node:crypto';

/** Everything a sync test needs: a tenant, a user, a connection on the in-memory provider. */
export interface SyncFixture {
  readonly rt: SyncRuntime;
  readonly service: InMemoryCalendarService;
  readonly registry: ProviderRegistry;
  readonly tenantId: string;
  readonly userId: string;
  readonly connectionId: string;
  readonly calendar: CalendarRow;
  /** Token refreshes made so far. */
  refreshes: number;
  /** When set, the next refreshes throw it. */
  refreshError: Error | null;
  connection(): Promise<ConnectionRow>;
  /** A host appointment of the fixture's user (not yet pushed). */
  hostAppointment(content: EventContent): Promise<AppointmentRow>;
}

/** One hour from `startISO`, in Berlin. */
export function hourAt(startISO: string): EventContent['time'] {
  const start = Date.parse(startISO);
  return {
    kind: 'zoned',
    startsAtUTC: new Date(start).toISOString(),
    endsAtUTC: new Date(start + 3_600_000).toISOString(),
    timeZone: 'Europe/Berlin',
  };
}

/** A June 2026 event inside the default window of the test clock. */
export function eventContent(title: string, startISO = '2026-06-10T10:00:00.000Z'): EventContent {
  return {
    title,
    description: null,
    location: null,
    time: hourAt(startISO),
    recurrence: null,
    attendees: [],
    status: 'confirmed',
    meeting: null,
    reminders: { useDefault: true, overrides: [] },
    transparency: 'opaque',
  };
}

/**
 * Builds a fixture: the in-memory provider registered as `google`, a connection with
 * credentials expiring in an hour, and its calendars stored (primary selected + destination).
 * Backoff is shortened so retried jobs run within a test.
 */
export async function createSyncFixture(
  t: TestContext,
  options: {
    sync?: SyncOptions;
    pageSize?: number;
    boss?: PgBoss;
    /** Extra calendars besides the primary one (stored selected). */
    otherCalendars?: readonly string[];
  } = {},
): Promise<SyncFixture> {
  const { ctx, clock } = t;
  await createSyncQueues(options.boss ?? t.boss);
  const service = new InMemoryCalendarService({
    provider: 'google',
    pageSize: options.pageSize ?? 50,
    now: () => clock.now(),
    calendars: [
      { calendarId: 'primary', name: 'Primary', timeZone: 'UTC' },
      ...(options.otherCalendars ?? []).map((id) => ({
        calendarId: id,
        name: id,
        timeZone: 'UTC',
      })),
    ],
  });
  const registry = new ProviderRegistry();
  const tenant = await createTenant(ctx.sql, 'Sync tests');
  const user = await upsertUser(ctx.sql, tenant.id, `user-${tenant.id}`);
  const expiresAt = new Date(clock.now().getTime() + 3_600_000).toISOString();
  const connectionId = randomUUID();
  const sealed = sealCredentials(
    ctx.keyring,
    { id: connectionId, tenant_id: tenant.id },
    {
      accessToken: 'at-0',
      refreshToken: 'rt-0',
      accessTokenExpiresAt: expiresAt,
    },
  );
  const connection = await createConnection(ctx.sql, {
    id: connectionId,
    tenantId: tenant.id,
    userId: user.id,
    provider: 'google',
    accountEmail: `${user.id}@example.com`,
    credentials: sealed.envelope,
    credentialsKeyId: sealed.keyId,
    accessTokenExpiresAt: sealed.accessTokenExpiresAt,
    now: clock.now(),
  });
  await upsertCalendars(ctx.sql, {
    tenantId: tenant.id,
    connectionId: connection.id,
    calendars: await service.adapter.listCalendars(),
    now: clock.now(),
  });
  await ctx.sql`update calendars set selected = true where connection_id = ${connection.id}`;
  const [calendar] = await listCalendars(ctx.sql, connection.id);
  const fixture: SyncFixture = {
    rt: createSyncRuntime(ctx, registry, options.boss ?? t.boss, {
      backoff: { baseDelayMs: 1000, maxDelayMs: 2000 },
      workerPollingSeconds: 0.5,
      ...options.sync,
    }),
    service,
    registry,
    tenantId: tenant.id,
    userId: user.id,
    connectionId: connection.id,
    calendar: calendar!,
    refreshes: 0,
    refreshError: null,
    connection: async () => (await findConnection(ctx.sql, connection.id))!,
    hostAppointment: (content) =>
      insertAppointment(ctx.sql, {
        tenantId: tenant.id,
        userId: user.id,
        uid: `${crypto.randomUUID()}@calsync`,
        hostRef: `host-${crypto.randomUUID()}`,
        source: 'host',
        syncSource: null,
        locationType: 'in_person',
        content,
        now: clock.now(),
      }),
  };
  registry.register('google', {
    createAdapter: () => service.adapter,
    refresh: async (credentials: StoredCredentials) => {
      if (fixture.refreshError) throw fixture.refreshError;
      fixture.refreshes++;
      return {
        ...credentials,
        accessToken: `at-${fixture.refreshes}`,
        refreshToken: `rt-${fixture.refreshes}`,
        accessTokenExpiresAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
      };
    },
  });
  return fixture;
}

/** A refresh refusal as a provider reports it (`invalid_grant`). */
export function invalidGrant(): AuthError {
  return new AuthError('invalid_grant', { status: 400, permanent: true });
}
