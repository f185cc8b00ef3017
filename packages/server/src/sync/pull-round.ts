import { shouldPauseForConflicts, type InstantRange, type PageCheckpoint } from '@calsync/core';
import { findCalendar, saveCheckpoint, saveCursor, type CalendarRow } from '../store/calendars.js';
import { countOpenConflicts } from '../store/conflicts.js';
import { recordItemsApplied } from '../metrics/registry.js';
import { addItemsProcessed } from '../store/sync-attempts.js';
import { recordSyncEvents } from '../store/sync-events.js';
import type { ProviderSession } from '../providers/session.js';
import { startApplyBatch } from './apply-batch.js';
import { applyRemoteChange } from './apply-change.js';
import { changeConnectionStatus, STATUS_REASONS } from './connection-status.js';
import type { SyncRuntime } from './runtime.js';
import { startImportQuota } from './import-quota.js';
import { confirmUnreportedRemovals } from './unreported-removals.js';

/** What one pull round did. */
export interface PullRoundReport {
  readonly pages: number;
  readonly items: number;
  readonly issues: number;
  /** The round stopped because the connection passed the conflict limit and was paused. */
  readonly pausedForConflicts: boolean;
}

/**
 * Pulls one calendar page by page from its cursor (or its checkpoint, when an earlier round was
 * interrupted). Each change is reconciled in its own transaction; malformed items become failed
 * sync events and never stop the round; the checkpoint is stored after each page and the cursor
 * when the round is done. Past the conflict limit the connection is paused and the round stops.
 * Throws provider errors (`CursorExpiredError` included) for the retry matrix.
 */
/** Remote changes applied per transaction. */
const APPLY_CHUNK_SIZE = 100;

export async function pullCalendarRound(
  rt: SyncRuntime,
  input: {
    session: ProviderSession;
    calendarId: string;
    window: InstantRange;
    attemptId: string;
    correlationId: string;
  },
): Promise<PullRoundReport> {
  const { ctx } = rt;
  const connection = input.session.connection;
  const calendar: CalendarRow | undefined = await findCalendar(ctx.sql, input.calendarId);
  if (!calendar) return { pages: 0, items: 0, issues: 0, pausedForConflicts: false };
  let checkpoint: PageCheckpoint | null = calendar.page_checkpoint;
  // A round resumed from a checkpoint read its first pages earlier: it cannot vouch for them.
  const roundStartedAt = checkpoint === null ? ctx.now() : null;
  const cursor = calendar.sync_cursor;
  let pages = 0;
  let items = 0;
  let issues = 0;
  for (;;) {
    // A full round must be resumed with the window it started with.
    const window = checkpoint?.mode === 'full' ? checkpoint.window : input.window;
    const readAt = ctx.now();
    const page = await input.session.adapter.pullChanges({
      calendarId: calendar.provider_calendar_id,
      cursor,
      checkpoint,
      window,
      ...(rt.options.pageSize ? { pageSize: rt.options.pageSize } : {}),
    });
    // Changes are applied in chunks, one transaction each: a commit per item made a 10,000-event
    // import spend most of its time waiting for the log to reach disk. A chunk reads the links its
    // items may match in one query and writes its sync events in one statement. A failure rolls
    // back its chunk and fails the round; the retry re-applies the page from its checkpoint, and
    // reconciling an item again changes nothing.
    // At most one count per page, when it first imports: then counted down in memory.
    const importQuota = startImportQuota(
      ctx.sql,
      connection.id,
      rt.options.maxImportedEventsPerConnection,
    );
    for (let start = 0; start < page.changes.length; start += APPLY_CHUNK_SIZE) {
      const chunk = page.changes.slice(start, start + APPLY_CHUNK_SIZE);
      await ctx.sql.begin(async (tx) => {
        const batch = await startApplyBatch(tx, calendar.id, chunk);
        const scope = {
          connection,
          recurrence: input.session.adapter.capabilities.recurrence,
          calendar,
          window,
          batch,
          attemptId: input.attemptId,
          correlationId: input.correlationId,
          readAt,
          importQuota,
        };
        for (const change of chunk) await applyRemoteChange(rt, tx, scope, change);
        await batch.finish();
      });
    }
    await ctx.sql.begin(async (tx) => {
      await recordSyncEvents(
        tx,
        page.issues.map((issue) => ({
          tenantId: connection.tenant_id,
          connectionId: connection.id,
          attemptId: input.attemptId,
          appointmentId: null,
          externalEventId: issue.externalId,
          eventType: 'skipped',
          direction: 'inbound',
          status: 'fail',
          error: `${issue.reason}: ${issue.excerpt}`,
          correlationId: input.correlationId,
          now: ctx.now(),
        })),
      );
      await addItemsProcessed(tx, input.attemptId, page.changes.length + page.issues.length);
      if (page.next.kind === 'more')
        await saveCheckpoint(tx, calendar.id, page.next.checkpoint, ctx.now());
      else await saveCursor(tx, calendar.id, page.next.cursor, ctx.now());
    });
    recordItemsApplied(connection.provider, page.changes.length);
    pages++;
    items += page.changes.length;
    issues += page.issues.length;
    if (shouldPauseForConflicts(await countOpenConflicts(ctx.sql, connection.id))) {
      await ctx.sql.begin((tx) =>
        changeConnectionStatus(ctx, tx, connection.id, 'paused', STATUS_REASONS.tooManyConflicts),
      );
      return { pages, items, issues, pausedForConflicts: true };
    }
    if (page.next.kind === 'done') {
      if (roundStartedAt) {
        await confirmUnreportedRemovals(rt, {
          session: input.session,
          calendar,
          window,
          roundStartedAt,
          attemptId: input.attemptId,
          correlationId: input.correlationId,
        });
      }
      return { pages, items, issues, pausedForConflicts: false };
    }
    checkpoint = page.next.checkpoint;
  }
}
