import {
  linkAfterPush,
  NotFoundError,
  type CreateEventRequest,
  contentWithGraphExclusions,
  type EventContent,
  type WriteResult,
} from '@calsync/core';
import { enqueuePushTo } from '../jobs/queues.js';
import { lockAppointment } from '../store/appointments.js';
import { deleteLink, findLink, saveLink, toEventLink } from '../store/event-links.js';
import { recordSyncEvent, type SyncEventType } from '../store/sync-events.js';
import type { ProviderSession } from '../providers/session.js';
import type { InstanceWrite } from './push-instances.js';
import { planPush, relinkForCreate, type PushPlan } from './push-plan.js';
import { applyForeignOverride, isForeignOverride } from './push-foreign-override.js';
import { applyMissingEvent } from './push-missing-event.js';
import type { SyncRuntime } from './runtime.js';
import { replacedEventOf } from '../video/sticky-online-meeting.js';

/** What a push did. */
export type PushResult =
  | Exclude<PushPlan, { kind: 'write' | 'instances' }>
  | { readonly kind: 'written'; readonly eventType: SyncEventType };

type WritePlan = Extract<PushPlan, { kind: 'write' }>;

function createRequest(plan: WritePlan, key: string, appointmentId: string): CreateEventRequest {
  return {
    calendarId: plan.calendar.provider_calendar_id,
    idempotencyKey: key,
    appointmentId,
    iCalUID: plan.uid,
    content: plan.content,
    series: plan.series,
  };
}

/**
 * Pushes one appointment to one connection: plans under the row lock (committed), calls the
 * provider, then stores the provider's copy as the link's new base. A 404 on update is the
 * user's deletion, reconciled against our edit as a pull would (a conflict, settled by policy:
 * the event is recreated when our edit is newer); a 404 on delete is success. `PreconditionFailedError` (stale etag)
 * and every other provider error are thrown for the retry matrix.
 */
export async function pushAppointment(
  rt: SyncRuntime,
  input: {
    session: ProviderSession;
    appointmentId: string;
    approvalId: string | null;
    attemptId: string;
    correlationId: string;
  },
): Promise<PushResult> {
  const { ctx } = rt;
  const { connection, adapter } = input.session;
  const plan = await ctx.sql.begin((tx) =>
    planPush(rt, tx, {
      connection,
      appointmentId: input.appointmentId,
      approvalId: input.approvalId,
    }),
  );
  if (plan.kind === 'instances') return pushInstances(rt, input, plan);
  if (plan.kind !== 'write') return plan;
  const calendarId = plan.calendar.provider_calendar_id;
  let written: WriteResult | null = null;
  let eventType: SyncEventType;
  switch (plan.action) {
    case 'create':
      written = await adapter.createEvent(
        createRequest(plan, plan.link.idempotency_key!, input.appointmentId),
      );
      eventType = 'created';
      break;
    case 'update':
      try {
        written = await adapter.updateEvent({
          calendarId,
          externalId: plan.link.external_event_id,
          etag: plan.link.etag,
          content: plan.content,
        });
        eventType = 'updated';
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        // Deleted in the calendar since we last read it: reconciled as the pull would have.
        const decision = await applyMissingEvent(rt, {
          session: input.session,
          link: plan.link,
          calendar: plan.calendar,
          attemptId: input.attemptId,
          correlationId: input.correlationId,
        });
        return { kind: 'none', reason: `event deleted in the calendar: ${decision}` };
      }
      break;
    case 'recreate': {
      // The old event goes first, then the new one is made under the key stored with the link.
      // The link already names the new key, so a pull meanwhile does not tie the old event's
      // removal to the appointment; a retry deletes again (gone counts as done) and the repeated
      // create returns the same event.
      const replaced = replacedEventOf(plan.link);
      if (replaced) await deleteQuietly(input.session, calendarId, replaced, null);
      written = await adapter.createEvent(
        createRequest(plan, plan.link.idempotency_key!, input.appointmentId),
      );
      eventType = 'created';
      break;
    }
    case 'delete_unconfirmed': {
      // A create may have reached the provider before a crash: the same key finds it.
      const made = await adapter.createEvent(
        createRequest(plan, plan.link.idempotency_key!, input.appointmentId),
      );
      await deleteQuietly(input.session, calendarId, made.event.externalId, made.event.etag);
      // A recreate interrupted before it deleted the event it replaces.
      const replaced = replacedEventOf(plan.link);
      if (replaced) await deleteQuietly(input.session, calendarId, replaced, null);
      eventType = 'deleted';
      break;
    }
    case 'delete':
      await deleteQuietly(input.session, calendarId, plan.link.external_event_id, plan.link.etag);
      eventType = 'deleted';
      break;
  }
  if (written && plan.series && isForeignOverride(written, input.appointmentId)) {
    const decision = await applyForeignOverride(rt, {
      session: input.session,
      linkId: plan.link.id,
      calendar: plan.calendar,
      appointmentId: input.appointmentId,
      written,
      attemptId: input.attemptId,
      correlationId: input.correlationId,
    });
    return { kind: 'none', reason: `instance changed in the calendar first: ${decision}` };
  }
  await ctx.sql.begin(async (tx) => {
    const appointment = await lockAppointment(tx, input.appointmentId);
    const link = await findLink(tx, plan.link.id);
    if (!appointment || !link) return;
    const now = ctx.now();
    if (written) {
      const next = linkAfterPush(toEventLink(link, calendarId), asWritten(adapter, written, plan));
      await saveLink(tx, link.id, next, {
        now,
        pushedAt: now,
        baseVersion: plan.appointmentVersion,
      });
    } else {
      // We deleted the event: nothing is left to link. (`external_removed` is for an event the
      // user removed while the appointment lives on; a link in it is never written again, so
      // keeping one here would stop a revived appointment — a newer edit winning over this
      // deletion — from coming back to this calendar.)
      await deleteLink(tx, link.id);
    }
    await recordSyncEvent(tx, {
      tenantId: connection.tenant_id,
      connectionId: connection.id,
      attemptId: input.attemptId,
      appointmentId: appointment.id,
      externalEventId: written?.event.externalId ?? link.external_event_id,
      eventType,
      direction: 'outbound',
      status: 'success',
      correlationId: input.correlationId,
      now,
    });
    // Edited while we were writing: push again (coalesced with any push already queued).
    if (appointment.version !== plan.appointmentVersion) {
      await enqueuePushTo(
        ctx.jobs,
        { appointmentId: appointment.id, connectionId: connection.id },
        tx,
      );
    }
  });
  return { kind: 'written', eventType };
}

type InstancesPlan = Extract<PushPlan, { kind: 'instances' }>;

/**
 * Writes a series instance by instance, recording each write as it returns (a failure midway
 * leaves the written ones recorded; the retry finds the rest still to do). Deleted instances
 * lose their link: they left the series.
 */
async function pushInstances(
  rt: SyncRuntime,
  input: {
    session: ProviderSession;
    appointmentId: string;
    attemptId: string;
    correlationId: string;
  },
  plan: InstancesPlan,
): Promise<PushResult> {
  const { ctx } = rt;
  const { connection } = input.session;
  let eventType: SyncEventType = 'unchanged';
  for (const write of plan.writes) {
    const written = await writeInstance(rt, input, write);
    eventType = written ? (write.action === 'create' ? 'created' : 'updated') : 'deleted';
    await ctx.sql.begin(async (tx) => {
      const appointment = await lockAppointment(tx, input.appointmentId);
      const link = await findLink(tx, write.link.id);
      if (!appointment || !link) return;
      const now = ctx.now();
      if (written) {
        await saveLink(tx, link.id, linkAfterPush(toEventLink(link, write.calendarId), written), {
          now,
          pushedAt: now,
          baseVersion: plan.appointmentVersion,
        });
      } else {
        await deleteLink(tx, link.id);
      }
      await recordSyncEvent(tx, {
        tenantId: connection.tenant_id,
        connectionId: connection.id,
        attemptId: input.attemptId,
        appointmentId: appointment.id,
        externalEventId: written?.event.externalId ?? link.external_event_id,
        eventType: written ? eventType : 'deleted',
        direction: 'outbound',
        status: 'success',
        correlationId: input.correlationId,
        now,
      });
    });
  }
  await ctx.sql.begin(async (tx) => {
    const appointment = await lockAppointment(tx, input.appointmentId);
    if (!appointment) return;
    if (plan.pushAgain || appointment.version !== plan.appointmentVersion) {
      await enqueuePushTo(
        ctx.jobs,
        { appointmentId: appointment.id, connectionId: connection.id },
        tx,
      );
    }
  });
  return { kind: 'written', eventType };
}

/** One instance write; the provider's copy, or null once the event is gone. */
async function writeInstance(
  rt: SyncRuntime,
  input: { session: ProviderSession; appointmentId: string },
  write: InstanceWrite,
): Promise<WriteResult | null> {
  const { adapter } = input.session;
  const create = (key: string) =>
    adapter.createEvent({
      calendarId: write.calendarId,
      idempotencyKey: key,
      appointmentId: input.appointmentId,
      iCalUID: write.link.ical_uid ?? write.link.external_event_id,
      content: write.content,
      series: null,
    });
  switch (write.action) {
    case 'create':
      return create(write.link.idempotency_key!);
    case 'update':
      try {
        return await adapter.updateEvent({
          calendarId: write.calendarId,
          externalId: write.link.external_event_id,
          etag: write.link.etag,
          content: write.content,
        });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        const key = rt.newId();
        await rt.ctx.sql.begin((tx) => relinkForCreate(tx, write.link, key, rt.ctx.now()));
        return create(key);
      }
    case 'delete_unconfirmed': {
      const made = await create(write.link.idempotency_key!);
      await deleteQuietly(input.session, write.calendarId, made.event.externalId, made.event.etag);
      return null;
    }
    case 'delete':
      await deleteQuietly(
        input.session,
        write.calendarId,
        write.link.external_event_id,
        write.link.etag,
      );
      return null;
  }
}

async function deleteQuietly(
  session: ProviderSession,
  calendarId: string,
  externalId: string,
  etag: string | null,
): Promise<void> {
  try {
    await session.adapter.deleteEvent({ calendarId, externalId, etag });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
}

/**
 * What a write left on the provider, as the link's base. Graph holds a series' exception dates
 * as deleted occurrences, not in the master it answers with: the ones just pushed were written.
 */
function asWritten(
  adapter: ProviderSession['adapter'],
  written: WriteResult,
  plan: { readonly content: EventContent },
): WriteResult {
  if (adapter.capabilities.recurrence !== 'graph_patterns') return written;
  const content = contentWithGraphExclusions(written.event.content, plan.content, {
    sameRuleOnly: false,
  });
  return content === written.event.content
    ? written
    : { ...written, event: { ...written.event, content } };
}
