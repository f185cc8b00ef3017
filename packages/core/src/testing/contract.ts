import { afterEach, describe, expect, test } from 'vitest';
import type { EventContent } from '../model/event.js';
import type { EventTime, OriginalStart } from '../model/time.js';
import { originalStartKey } from '../model/time.js';
import type { ProviderAdapter, PullPage, PullRequest } from '../provider/contract.js';
import { CursorExpiredError, PreconditionFailedError } from '../provider/errors.js';
import type { RemoteChange, RemoteEvent } from '../provider/remote.js';
import { expandSeries } from '../recurrence/expand.js';
import { syncWindowRange } from '../window.js';
import { SyncHarness } from './harness.js';

/**
 * Lets the contract act as the user editing their own calendar, outside the adapter
 * (the sandbox control API, a second client, or a real server's web UI automation).
 */
export interface RemoteControl {
  createExternal(content: EventContent): Promise<string>;
  updateExternal(externalId: string, patch: Partial<EventContent>): Promise<void>;
  deleteExternal(externalId: string): Promise<void>;
  /** Moves one instance of a series to `time` (creates the exception). */
  moveInstance(
    seriesExternalId: string,
    originalStart: OriginalStart,
    time: EventTime,
  ): Promise<void>;
  /** Cancels one instance of a series. */
  cancelInstance(seriesExternalId: string, originalStart: OriginalStart): Promise<void>;
  /** Invalidates every cursor of the calendar (Google 410, Graph SyncStateNotFound, bad sync-token). */
  expireCursors(): Promise<void>;
  /** Plants an item the adapter cannot read; returns its id when known. `null` = not supported. */
  injectMalformed(): Promise<string | null>;
}

/** What the factory gives the kit for one test. */
export interface ContractSubject {
  readonly adapter: ProviderAdapter;
  /** An empty calendar the test may fill. */
  readonly calendarId: string;
  readonly remote: RemoteControl;
  readonly cleanup?: () => Promise<void>;
}

/** Options of {@link runProviderContract}. */
export interface ProviderContractOptions {
  /** The clock the sync window is computed from (default 2026-03-01T00:00:00Z). */
  readonly now?: () => Date;
  /** How many events the paging test writes (default 1,000). */
  readonly manyEvents?: number;
  /** Page size hint for pulls (default 100). */
  readonly pageSize?: number;
  /** Per-test timeout (default 120 s). */
  readonly timeoutMs?: number;
  /** Tests to skip, by title, with a reason (a documented provider limitation). */
  readonly skip?: Readonly<Record<string, string>>;
}

/** A minimal valid content for contract tests. */
export function contractContent(overrides: Partial<EventContent> = {}): EventContent {
  return {
    title: 'Contract event',
    description: 'Written by the provider contract kit',
    location: 'Room 1',
    time: {
      kind: 'zoned',
      startsAtUTC: '2026-03-10T14:00:00.000Z',
      endsAtUTC: '2026-03-10T15:00:00.000Z',
      timeZone: 'America/New_York',
    },
    recurrence: null,
    attendees: [],
    status: 'confirmed',
    meeting: null,
    reminders: { useDefault: true, overrides: [] },
    transparency: 'opaque',
    ...overrides,
  };
}

/** Pulls a full round; returns every change and issue, and the final cursor. */
export async function pullAll(
  adapter: ProviderAdapter,
  request: PullRequest,
): Promise<{
  changes: RemoteChange[];
  issues: PullPage['issues'][number][];
  cursor: string;
  pages: number;
}> {
  const changes: RemoteChange[] = [];
  const issues: PullPage['issues'][number][] = [];
  let next: PullRequest = request;
  for (let pages = 1; ; pages++) {
    const page = await adapter.pullChanges(next);
    changes.push(...page.changes);
    issues.push(...page.issues);
    if (page.next.kind === 'done') return { changes, issues, cursor: page.next.cursor, pages };
    next = { ...next, checkpoint: page.next.checkpoint };
  }
}

const upserts = (changes: readonly RemoteChange[]): RemoteEvent[] =>
  changes.flatMap((c) => (c.kind === 'upsert' ? [c.event] : []));
const startOf = (time: EventTime): string =>
  time.kind === 'zoned'
    ? time.startsAtUTC
    : time.kind === 'all_day'
      ? time.startDate
      : time.startsAtLocal;

let keyCounter = 0;
/** A fresh idempotency key, base32hex-safe (Google ids) and unique per run. */
export function contractIdempotencyKey(): string {
  keyCounter++;
  return `ck${Date.now().toString(32)}${keyCounter.toString(32)}`.toLowerCase();
}

/**
 * Registers the provider contract as vitest tests. Every adapter runs it against its emulator
 * or a real server; the in-memory reference provider runs it too.
 *
 * @example
 * runProviderContract('google adapter vs sandbox', async () => ({ adapter, calendarId, remote }));
 */
export function runProviderContract(
  describeName: string,
  factory: () => Promise<ContractSubject>,
  options: ProviderContractOptions = {},
): void {
  const now = options.now ?? (() => new Date('2026-03-01T00:00:00.000Z'));
  const window = syncWindowRange(now());
  const pageSize = options.pageSize ?? 100;
  const timeout = options.timeoutMs ?? 120_000;
  const cleanups: (() => Promise<void>)[] = [];

  const subject = async (): Promise<ContractSubject> => {
    const s = await factory();
    if (s.cleanup) cleanups.push(s.cleanup);
    return s;
  };
  const full = (s: ContractSubject, cursor: string | null = null) =>
    pullAll(s.adapter, { calendarId: s.calendarId, cursor, checkpoint: null, window, pageSize });
  const create = (s: ContractSubject, content: EventContent, key = contractIdempotencyKey()) =>
    s.adapter.createEvent({
      calendarId: s.calendarId,
      idempotencyKey: key,
      appointmentId: `apt-${key}`,
      iCalUID: `${key}@calsync.test`,
      content,
      series: null,
    });
  // A test the provider cannot take part in (its reason is in `options.skip`, and belongs in the
  // adapter's README) is not registered at all, so the run reports no skips.
  const it = (title: string, body: () => Promise<void>): void => {
    if (options.skip?.[title]) return;
    test(title, body, timeout);
  };

  describe(describeName, () => {
    afterEach(async () => {
      while (cleanups.length > 0) await cleanups.pop()!();
    });

    it('create, update and delete round-trip', async () => {
      const s = await subject();
      const content = contractContent();
      const created = await create(s, content);
      expect(created.reused).toBe(false);
      const first = await full(s);
      const pulled = upserts(first.changes).find((e) => e.externalId === created.event.externalId);
      expect(pulled?.content).toMatchObject({
        title: content.title,
        description: content.description,
        location: content.location,
      });
      expect(pulled?.content.time).toEqual(content.time);

      const updated = await s.adapter.updateEvent({
        calendarId: s.calendarId,
        externalId: created.event.externalId,
        etag: created.event.etag,
        content: { ...content, title: 'Contract event (edited)' },
      });
      expect(updated.event.etag).not.toBe(created.event.etag);
      await expect(
        s.adapter.updateEvent({
          calendarId: s.calendarId,
          externalId: created.event.externalId,
          etag: created.event.etag,
          content,
        }),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      const second = await full(s, first.cursor);
      expect(
        upserts(second.changes).find((e) => e.externalId === created.event.externalId)?.content
          .title,
      ).toBe('Contract event (edited)');

      await s.adapter.deleteEvent({
        calendarId: s.calendarId,
        externalId: created.event.externalId,
        etag: updated.event.etag,
      });
      const third = await full(s, second.cursor);
      expect(third.changes).toContainEqual(
        expect.objectContaining({ kind: 'removed', externalId: created.event.externalId }),
      );
      // Deleting what is already gone succeeds.
      await s.adapter.deleteEvent({
        calendarId: s.calendarId,
        externalId: created.event.externalId,
        etag: null,
      });
    });

    it('eventExists: there after a create, gone after a delete', async () => {
      const s = await subject();
      const exists = s.adapter.eventExists;
      expect(exists, 'the adapter answers whether an event exists').toBeDefined();
      const created = await create(s, contractContent());
      const ref = { calendarId: s.calendarId, externalId: created.event.externalId };
      expect(await exists!.call(s.adapter, ref)).toBe(true);
      await s.adapter.deleteEvent({ ...ref, etag: null });
      expect(await exists!.call(s.adapter, ref)).toBe(false);
    });

    it('creating twice with the same idempotency key yields one event', async () => {
      const s = await subject();
      const key = contractIdempotencyKey();
      const a = await create(s, contractContent({ title: 'Once' }), key);
      const b = await create(s, contractContent({ title: 'Once' }), key);
      expect(b.event.externalId).toBe(a.event.externalId);
      expect(b.reused).toBe(true);
      const listed = upserts((await full(s)).changes).filter((e) => e.content.title === 'Once');
      expect(listed).toHaveLength(1);
    });

    it('a pull resumes from its checkpoint without losing items', async () => {
      const s = await subject();
      const ids = new Set<string>();
      for (let i = 0; i < 25; i++)
        ids.add((await create(s, contractContent({ title: `Page item ${i}` }))).event.externalId);
      const request: PullRequest = {
        calendarId: s.calendarId,
        cursor: null,
        checkpoint: null,
        window,
        pageSize: 10,
      };
      const firstPage = await s.adapter.pullChanges(request);
      expect(firstPage.next.kind).toBe('more');
      if (firstPage.next.kind !== 'more') return;
      // The worker "crashes" here; a new one resumes from the stored checkpoint.
      const rest = await pullAll(s.adapter, { ...request, checkpoint: firstPage.next.checkpoint });
      const seen = new Set(
        [...upserts(firstPage.changes), ...upserts(rest.changes)].map((e) => e.externalId),
      );
      for (const id of ids) expect(seen.has(id)).toBe(true);
    });

    it('an expired cursor leads to a full resync without duplicates', async () => {
      const s = await subject();
      const harness = new SyncHarness(s.adapter, {
        calendarId: s.calendarId,
        window,
        now,
        pageSize,
      });
      const kept = await s.remote.createExternal(contractContent({ title: 'Kept' }));
      await s.remote.createExternal(contractContent({ title: 'Also kept' }));
      await harness.sync();
      expect(harness.liveAppointments()).toHaveLength(2);
      await s.remote.updateExternal(kept, { title: 'Kept (edited)' });
      await s.remote.createExternal(contractContent({ title: 'New after expiry' }));
      await s.remote.expireCursors();
      await expect(
        s.adapter.pullChanges({
          calendarId: s.calendarId,
          cursor: harness.cursor,
          checkpoint: null,
          window,
          pageSize,
        }),
      ).rejects.toBeInstanceOf(CursorExpiredError);
      const report = await harness.sync();
      expect(report.fullResync).toBe(true);
      const titles = harness
        .liveAppointments()
        .map((a) => a.title)
        .sort();
      expect(titles).toEqual(['Also kept', 'Kept (edited)', 'New after expiry']);
    });

    it('remote deletions arrive and soft-delete the appointment', async () => {
      const s = await subject();
      const harness = new SyncHarness(s.adapter, {
        calendarId: s.calendarId,
        window,
        now,
        pageSize,
      });
      const id = await s.remote.createExternal(contractContent({ title: 'Doomed' }));
      await harness.sync();
      await s.remote.deleteExternal(id);
      await harness.sync();
      expect(harness.liveAppointments().map((a) => a.title)).not.toContain('Doomed');
      expect(
        [...harness.appointments.values()].find((a) => a.title === 'Doomed')?.deletedAt,
      ).not.toBeNull();
    });

    it('a recurring series with one moved and one cancelled instance', async () => {
      const s = await subject();
      const time = contractContent().time; // Tue 10 March 2026, 10:00 New York
      const series = await create(
        s,
        contractContent({ title: 'Weekly', recurrence: { lines: ['RRULE:FREQ=WEEKLY;COUNT=5'] } }),
      );
      const slots = expandSeries({
        time,
        recurrence: { lines: ['RRULE:FREQ=WEEKLY;COUNT=5'] },
        window,
      }).occurrences;
      expect(slots).toHaveLength(5);
      const moved = slots[1]!.originalStart;
      const cancelled = slots[2]!.originalStart;
      const movedTo: EventTime = {
        kind: 'zoned',
        startsAtUTC: '2026-03-18T18:00:00.000Z',
        endsAtUTC: '2026-03-18T19:00:00.000Z',
        timeZone: 'America/New_York',
      };
      await s.remote.moveInstance(series.event.externalId, moved, movedTo);
      await s.remote.cancelInstance(series.event.externalId, cancelled);
      const { changes } = await full(s);
      const master = upserts(changes).find((e) => e.externalId === series.event.externalId);
      expect(master?.content.recurrence).not.toBeNull();
      const exceptions = changes.filter(
        (c) =>
          (c.kind === 'upsert' ? c.event.seriesExternalId : c.seriesExternalId) ===
          series.event.externalId,
      );
      const overrides = exceptions.map((c) =>
        c.kind === 'upsert'
          ? {
              originalStart: c.event.originalStart!,
              time: c.event.content.time,
              status: c.event.content.status,
            }
          : { originalStart: c.originalStart!, time, status: 'cancelled' as const },
      );
      expect(overrides.map((o) => originalStartKey(o.originalStart)).sort()).toEqual(
        [originalStartKey(moved), originalStartKey(cancelled)].sort(),
      );
      const instances = expandSeries({
        time: master!.content.time,
        recurrence: master!.content.recurrence!,
        window,
        overrides,
      });
      expect(instances.occurrences.map((o) => startOf(o.time))).toEqual([
        '2026-03-10T14:00:00.000Z',
        '2026-03-18T18:00:00.000Z',
        '2026-03-31T14:00:00.000Z',
        '2026-04-07T14:00:00.000Z',
      ]);
    });

    it('a series straddling a DST change keeps its wall-clock time', async () => {
      const s = await subject();
      // Mondays 09:00 New York from 2 March; DST starts 8 March.
      const time: EventTime = {
        kind: 'zoned',
        startsAtUTC: '2026-03-02T14:00:00.000Z',
        endsAtUTC: '2026-03-02T15:00:00.000Z',
        timeZone: 'America/New_York',
      };
      const created = await create(
        s,
        contractContent({
          title: 'Across DST',
          time,
          recurrence: { lines: ['RRULE:FREQ=WEEKLY;COUNT=3'] },
        }),
      );
      const master = upserts((await full(s)).changes).find(
        (e) => e.externalId === created.event.externalId,
      )!;
      expect(master.content.time).toEqual(time);
      const starts = expandSeries({
        time: master.content.time,
        recurrence: master.content.recurrence!,
        window,
      }).occurrences.map((o) => startOf(o.time));
      expect(starts).toEqual([
        '2026-03-02T14:00:00.000Z',
        '2026-03-09T13:00:00.000Z',
        '2026-03-16T13:00:00.000Z',
      ]);
    });

    it('all-day events keep dates with an exclusive end', async () => {
      const s = await subject();
      const time: EventTime = { kind: 'all_day', startDate: '2026-03-12', endDate: '2026-03-14' };
      const created = await create(s, contractContent({ title: 'Two days', time }));
      const pulled = upserts((await full(s)).changes).find(
        (e) => e.externalId === created.event.externalId,
      );
      expect(pulled?.content.time).toEqual(time);
    });

    it(`${options.manyEvents ?? 1000} events arrive across pages, each once`, async () => {
      const s = await subject();
      const count = options.manyEvents ?? 1000;
      for (let i = 0; i < count; i++) {
        const startsAt = Date.parse('2026-03-02T00:00:00.000Z') + i * 3_600_000;
        await s.remote.createExternal(
          contractContent({
            title: `Bulk ${i}`,
            time: {
              kind: 'zoned',
              startsAtUTC: new Date(startsAt).toISOString(),
              endsAtUTC: new Date(startsAt + 1_800_000).toISOString(),
              timeZone: 'UTC',
            },
          }),
        );
      }
      // The page-size hint is small enough that even a short run needs several pages.
      const result = await pullAll(s.adapter, {
        calendarId: s.calendarId,
        cursor: null,
        checkpoint: null,
        window,
        pageSize: Math.max(1, Math.min(pageSize, Math.ceil(count / 4))),
      });
      const bulk = upserts(result.changes).filter((e) => e.content.title.startsWith('Bulk '));
      expect(new Set(bulk.map((e) => e.externalId)).size).toBe(count);
      expect(result.pages).toBeGreaterThan(1);
    });

    it('malformed remote items are skipped and reported, good ones kept', async () => {
      const s = await subject();
      await s.remote.createExternal(contractContent({ title: 'Good 1' }));
      const bad = await s.remote.injectMalformed();
      await s.remote.createExternal(contractContent({ title: 'Good 2' }));
      const result = await full(s);
      expect(upserts(result.changes).map((e) => e.content.title)).toEqual(
        expect.arrayContaining(['Good 1', 'Good 2']),
      );
      if (bad !== null) {
        expect(result.issues.map((i) => i.externalId)).toContain(bad);
        expect(upserts(result.changes).map((e) => e.externalId)).not.toContain(bad);
      } else {
        expect(result.issues.length).toBeGreaterThan(0);
      }
    });
  });
}
