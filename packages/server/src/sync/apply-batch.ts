import type { RemoteChange } from '@calsync/core';
import type { Tx } from '../db/connect.js';
import { insertAppointments, type NewAppointment } from '../store/appointments.js';
import { appendChanges, notifyChanges } from '../store/changes.js';
import { insertLinks, type NewLink } from '../store/event-links.js';
import { recordSyncEvents, type NewSyncEvent } from '../store/sync-events.js';

/**
 * An imported event that became a new appointment and touches nothing else: its appointment,
 * link and feed entry are written with the batch's other creates, three statements in all.
 */
export interface DeferredCreate {
  readonly appointment: NewAppointment & { readonly id: string };
  readonly link: Omit<NewLink, 'baseVersion'>;
  /** The feed entry's `integration_id`. */
  readonly connectionId: string;
}

/**
 * What the changes applied in one transaction share: which of their external ids and iCalUIDs
 * can have a link (read once for the whole batch instead of three lookups per item), and the
 * sync events and feed notifications written once when the batch ends.
 *
 * The key sets only ever answer "maybe" or "certainly not": an item whose keys are unknown has
 * no link in this calendar, so its lookups can be skipped; every other item takes the full path.
 */
export interface ApplyBatch {
  /** Whether `change` may match an existing link (false: it certainly matches none). */
  mayHaveLink(change: RemoteChange): boolean;
  /** A link was written in the batch under these keys; later items must look it up. */
  noteLink(externalEventId: string, iCalUID: string | null): void;
  /** Queues a sync event, written by {@link ApplyBatch.finish}. */
  recordSyncEvent(event: NewSyncEvent): void;
  /** Queues one feed notification for the tenant, sent by {@link ApplyBatch.finish}. */
  notifyTenant(tenantId: string): void;
  /** Queues a create; written by the next {@link ApplyBatch.flushCreates}. */
  deferCreate(create: DeferredCreate): void;
  /** Writes the queued creates. Call before anything that reads or writes other rows. */
  flushCreates(): Promise<void>;
  /** Writes the queued creates, sync events and notifications, in the batch's transaction. */
  finish(): Promise<void>;
}

/** An item carrying our appointment stamp may be the echo of our own create: always looked up. */
function isStamped(change: RemoteChange): boolean {
  return change.kind === 'upsert' && Boolean(change.event.calsyncAppointmentId);
}

/** Reads, in one query, which of `changes`' keys have links in the calendar. */
export async function startApplyBatch(
  tx: Tx,
  calendarId: string,
  changes: readonly RemoteChange[],
): Promise<ApplyBatch> {
  const externalIds = changes.map((c) => (c.kind === 'upsert' ? c.event.externalId : c.externalId));
  const iCalUIDs = changes.flatMap((c) =>
    c.kind === 'upsert' && c.event.iCalUID ? [c.event.iCalUID] : [],
  );
  const rows = await tx<{ external_event_id: string; ical_uid: string | null }[]>`
    select external_event_id, ical_uid from event_links
    where calendar_id = ${calendarId} and external_event_id = any(${externalIds}::text[])
    union all
    select external_event_id, ical_uid from event_links
    where calendar_id = ${calendarId} and ical_uid = any(${iCalUIDs}::text[])`;
  const knownIds = new Set(rows.map((r) => r.external_event_id));
  const knownUIDs = new Set(rows.flatMap((r) => (r.ical_uid ? [r.ical_uid] : [])));
  const events: NewSyncEvent[] = [];
  const tenants = new Set<string>();
  const creates: DeferredCreate[] = [];
  const noteLink = (externalEventId: string, iCalUID: string | null) => {
    knownIds.add(externalEventId);
    if (iCalUID) knownUIDs.add(iCalUID);
  };
  const flushCreates = async () => {
    const queued = creates.splice(0);
    if (queued.length === 0) return;
    const rows = await insertAppointments(
      tx,
      queued.map((c) => c.appointment),
    );
    await insertLinks(
      tx,
      queued.map((c, i) => ({ ...c.link, baseVersion: rows[i]!.version })),
    );
    await appendChanges(
      tx,
      rows.map((row, i) => ({
        tenantId: row.tenant_id,
        userId: row.user_id,
        type: 'appointment.created',
        data: {
          id: row.id,
          host_ref: row.host_ref,
          version: row.version,
          integration_id: queued[i]!.connectionId,
        },
      })),
    );
    for (const row of rows) tenants.add(row.tenant_id);
  };
  return {
    mayHaveLink(change) {
      if (change.kind === 'removed') return knownIds.has(change.externalId);
      const { externalId, iCalUID } = change.event;
      return (
        knownIds.has(externalId) ||
        (iCalUID !== null && knownUIDs.has(iCalUID)) ||
        isStamped(change)
      );
    },
    noteLink,
    recordSyncEvent(event) {
      events.push(event);
    },
    notifyTenant(tenantId) {
      tenants.add(tenantId);
    },
    deferCreate(create) {
      creates.push(create);
      noteLink(create.link.link.externalEventId, create.link.link.iCalUID);
    },
    flushCreates,
    async finish() {
      await flushCreates();
      await recordSyncEvents(tx, events.splice(0));
      for (const tenantId of tenants) await notifyChanges(tx, tenantId);
      tenants.clear();
    },
  };
}
