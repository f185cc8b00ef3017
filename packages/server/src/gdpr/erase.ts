import type { ServerContext } from '../context.js';
import type { Tx } from '../db/connect.js';
import { recordAudit } from '../store/audit.js';

/** Queue of the provider-side clean-up of an erased user's connections. */
export const ERASED_CONNECTION_QUEUE = 'erased-connection-cleanup';

/** One event Calsync wrote to an external calendar, to be removed there. */
export interface ExternalEventRef {
  provider_calendar_id: string;
  external_event_id: string;
  ical_uid: string | null;
}

/**
 * Job data for one connection of an erased user. The rows are gone when it runs, so it carries
 * what the clean-up needs: the connection's identity and its credentials (still the encrypted
 * envelope), and — with `delete_external_events` — the events Calsync wrote, read from the links
 * before they were deleted. The job is deleted as soon as it completes.
 */
export interface ErasedConnectionJob {
  tenant_id: string;
  connection: {
    id: string;
    provider: 'google' | 'microsoft' | 'caldav';
    caldav_flavour: 'icloud' | 'generic' | null;
    server_url: string | null;
    account_email: string | null;
    /** Encrypted envelope; decrypt with the keyring. */
    credentials: string;
  };
  /** Events to delete at the provider; empty unless the erase asked for it. */
  events: ExternalEventRef[];
}

/** What an erase removed. */
export interface EraseResult {
  deleted: {
    appointments: number;
    connections: number;
    calendars: number;
    event_links: number;
    changes: number;
    sessions: number;
  };
  /** Connections handed to the provider clean-up job. */
  connections_queued: number;
  /** External events that job will delete (0 without `deleteExternalEvents`). */
  external_events_queued: number;
}

async function count(tx: Tx, userId: string) {
  const [row] = await tx<EraseResult['deleted'][]>`
    select
      (select count(*)::int from appointments where user_id = ${userId}) as appointments,
      (select count(*)::int from connections where user_id = ${userId}) as connections,
      (select count(*)::int from calendars where connection_id in
        (select id from connections where user_id = ${userId})) as calendars,
      (select count(*)::int from event_links where connection_id in
        (select id from connections where user_id = ${userId})) as event_links,
      (select count(*)::int from changes where user_id = ${userId}) as changes,
      (select count(*)::int from session_tokens where user_id = ${userId}) as sessions`;
  return row!;
}

/**
 * Erases a user (GDPR): in one transaction, every session ends, every connection's credentials
 * leave the tables, and the user's rows — connections, calendars, appointments, links, conflicts,
 * video meetings, approvals, sync history, busy blocks, change-feed entries — are deleted. Each
 * connection that had credentials gets an {@link ERASED_CONNECTION_QUEUE} job, enqueued in the same
 * transaction, for what must happen at the provider: stop watch channels, revoke the tokens and,
 * with `deleteExternalEvents`, delete the events Calsync wrote (links of host appointments or
 * created by Calsync's push). The audit entry stays, naming only the host's user id.
 *
 * @example
 * await eraseUser(ctx, { tenantId, userId, externalUserId: 'u1', deleteExternalEvents: true, actor });
 */
export async function eraseUser(
  ctx: ServerContext,
  input: {
    tenantId: string;
    userId: string;
    externalUserId: string;
    deleteExternalEvents: boolean;
    actor: string;
  },
): Promise<EraseResult> {
  return ctx.sql.begin(async (tx) => {
    await tx`select id from users where id = ${input.userId} for update`;
    const deleted = await count(tx, input.userId);
    const connections = await tx<ErasedConnectionJob['connection'][]>`
      select id, provider, caldav_flavour, server_url, account_email, credentials
      from connections where user_id = ${input.userId} and credentials is not null`;
    let eventsQueued = 0;
    for (const connection of connections) {
      const events = input.deleteExternalEvents
        ? await tx<ExternalEventRef[]>`
            select k.provider_calendar_id, l.external_event_id, l.ical_uid
            from event_links l
            join calendars k on k.id = l.calendar_id
            join appointments a on a.id = l.appointment_id
            where l.connection_id = ${connection.id}
              and l.state <> 'external_removed'
              and (a.source = 'host' or l.idempotency_key is not null)
              and l.series_external_id is null`
        : [];
      eventsQueued += events.length;
      const job: ErasedConnectionJob = { tenant_id: input.tenantId, connection, events };
      await ctx.jobs.send(
        ERASED_CONNECTION_QUEUE,
        job,
        { retryLimit: 5, retryDelay: 60, retryBackoff: true, deleteAfterSeconds: 60 },
        tx,
      );
    }
    await tx`delete from changes where user_id = ${input.userId}`;
    await tx`delete from users where id = ${input.userId}`;
    const result: EraseResult = {
      deleted,
      connections_queued: connections.length,
      external_events_queued: eventsQueued,
    };
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'user.erased',
      targetType: 'user',
      targetId: input.externalUserId,
      details: { delete_external_events: input.deleteExternalEvents, ...result },
      at: ctx.now(),
    });
    return result;
  });
}
