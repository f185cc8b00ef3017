import type { Appointment } from '../model/appointment.js';
import type { PageCheckpoint } from '../model/cursor.js';
import type { EventLink } from '../model/link.js';
import type { InstantRange } from '../model/time.js';
import type { ProviderAdapter, PullPage } from '../provider/contract.js';
import { CursorExpiredError } from '../provider/errors.js';
import type { PullIssue, RemoteChange } from '../provider/remote.js';
import { findLink, indexLinks } from '../reconcile/match.js';
import { reconcile } from '../reconcile/reconcile.js';
import type { ConflictRecord, ReconcilePolicy } from '../reconcile/types.js';

/** Options of {@link SyncHarness}. */
export interface SyncHarnessOptions {
  readonly calendarId: string;
  readonly window: InstantRange;
  readonly connectionId?: string;
  readonly policy?: Partial<ReconcilePolicy>;
  readonly now?: () => Date;
  readonly pageSize?: number;
}

/** What one pull round did. */
export interface PullRoundReport {
  readonly pages: number;
  readonly changes: number;
  readonly fullResync: boolean;
}

/**
 * A minimal in-memory "server side" that drives an adapter the way the server's pull job does:
 * page by page from a cursor, checkpointing, reconciling each change against its link, and
 * falling back to a full resync (matched by link and iCalUID) when the cursor expired.
 * Used by the contract kit; also a readable reference for the server's pull job.
 *
 * @example
 * const harness = new SyncHarness(adapter, { calendarId: 'primary', window });
 * await harness.sync();
 * harness.liveAppointments().length
 */
export class SyncHarness {
  readonly appointments = new Map<string, Appointment>();
  /** Links by external id. */
  readonly links = new Map<string, EventLink>();
  readonly issues: PullIssue[] = [];
  readonly conflicts: ConflictRecord[] = [];
  cursor: string | null = null;
  checkpoint: PageCheckpoint | null = null;
  private nextId = 0;

  constructor(
    private readonly adapter: ProviderAdapter,
    private readonly options: SyncHarnessOptions,
  ) {}

  /** One round; on an expired cursor, drops it and runs a full resync. */
  async sync(): Promise<PullRoundReport> {
    try {
      return await this.pullRound();
    } catch (error) {
      if (!(error instanceof CursorExpiredError)) throw error;
      this.cursor = null;
      this.checkpoint = null;
      const report = await this.pullRound();
      return { ...report, fullResync: true };
    }
  }

  /** Pulls pages until done (or `maxPages`), resuming from the stored checkpoint. */
  async pullRound(maxPages = Number.POSITIVE_INFINITY): Promise<PullRoundReport> {
    let pages = 0;
    let changes = 0;
    const fullResync = this.cursor === null && this.checkpoint === null;
    while (pages < maxPages) {
      const page: PullPage = await this.adapter.pullChanges({
        calendarId: this.options.calendarId,
        cursor: this.cursor,
        checkpoint: this.checkpoint,
        window: this.options.window,
        ...(this.options.pageSize ? { pageSize: this.options.pageSize } : {}),
      });
      pages++;
      changes += page.changes.length;
      this.issues.push(...page.issues);
      this.apply(page.changes);
      if (page.next.kind === 'done') {
        this.cursor = page.next.cursor;
        this.checkpoint = null;
        break;
      }
      this.checkpoint = page.next.checkpoint;
    }
    return { pages, changes, fullResync };
  }

  /** Reconciles changes one by one against the stored links. */
  apply(changes: readonly RemoteChange[]): void {
    const now = (this.options.now ?? (() => new Date('2026-03-01T00:00:00.000Z')))().toISOString();
    const policy: ReconcilePolicy = {
      direction: 'bidirectional',
      removal: 'soft_delete',
      privacy: 'full',
      window: null,
      ...this.options.policy,
    };
    for (const change of changes) {
      const index = indexLinks(this.links.values());
      const link = findLink(index, change);
      const seriesId =
        change.kind === 'upsert' ? change.event.seriesExternalId : change.seriesExternalId;
      const seriesLink = seriesId ? this.links.get(seriesId) : undefined;
      const result = reconcile({
        change,
        connectionId: this.options.connectionId ?? 'conn-contract',
        provider: this.adapter.provider,
        link,
        appointment: link ? (this.appointments.get(link.appointmentId) ?? null) : null,
        seriesAppointment: seriesLink
          ? (this.appointments.get(seriesLink.appointmentId) ?? null)
          : null,
        policy,
        now,
        newAppointmentId: () => `apt-${++this.nextId}`,
      });
      if (result.appointment) this.appointments.set(result.appointment.id, result.appointment);
      if (result.link) {
        if (link && link.externalEventId !== result.link.externalEventId)
          this.links.delete(link.externalEventId);
        this.links.set(result.link.externalEventId, result.link);
      }
      if (result.conflict) this.conflicts.push(result.conflict);
    }
  }

  /** Appointments not soft-deleted. */
  liveAppointments(): Appointment[] {
    return [...this.appointments.values()].filter((a) => a.deletedAt === null);
  }
}
