import type { PageCheckpoint } from '../model/cursor.js';
import type { EventContent } from '../model/event.js';
import type { InstantRange, OriginalStart } from '../model/time.js';
import { originalStartKey } from '../model/time.js';
import {
  type BusyInterval,
  type CalendarProvider,
  type CreateEventRequest,
  type DeleteEventRequest,
  type FreeBusyRequest,
  PROVIDER_CAPABILITIES,
  type ProviderAdapter,
  type ProviderCapabilities,
  type PullPage,
  type PullRequest,
  type RemoteCalendar,
  type UpdateEventRequest,
  type WatchChannel,
  type WatchRequest,
  type WriteResult,
} from '../provider/contract.js';
import {
  AuthError,
  CursorExpiredError,
  NotFoundError,
  PreconditionFailedError,
  type ProviderErrorClass,
  providerErrorFor,
} from '../provider/errors.js';
import type { PullIssue, RemoteChange, RemoteEvent } from '../provider/remote.js';
import { normalizeContent } from '../reconcile/equality.js';
import { expandSeries } from '../recurrence/expand.js';

/** The adapter operations faults can be injected into. */
export type MemoryOperation =
  | 'listCalendars'
  | 'pullChanges'
  | 'createEvent'
  | 'updateEvent'
  | 'deleteEvent'
  | 'eventExists'
  | 'watch'
  | 'unwatch'
  | 'freeBusy'
  | 'revokeCredentials';

/** A scheduled failure: the next `times` calls of `operation` throw `errorClass`. */
export interface InjectedFault {
  readonly operation: MemoryOperation | '*';
  readonly errorClass: ProviderErrorClass;
  readonly times: number;
  readonly retryAfterSeconds?: number;
}

interface StoredEvent {
  externalId: string;
  calendarId: string;
  version: number;
  iCalUID: string;
  seriesExternalId: string | null;
  originalStart: OriginalStart | null;
  updatedAt: string;
  calsyncAppointmentId: string | null;
  content: EventContent;
  deleted: boolean;
  /** Set for items injected as malformed: the adapter cannot read them. */
  malformed: string | null;
  /** Sequence number of the last change. */
  seq: number;
}

interface CalendarState {
  readonly info: RemoteCalendar;
  readonly events: Map<string, StoredEvent>;
  /** Cursors minted before this epoch are expired. */
  epoch: number;
}

/** Options of {@link InMemoryCalendarService}. */
export interface InMemoryServiceOptions {
  /** Which provider it impersonates (capabilities row). Default `caldav`. */
  readonly provider?: CalendarProvider;
  /** Items per page (default 50). */
  readonly pageSize?: number;
  /** The clock (default: a fixed 2026-03-01T00:00:00Z advancing one second per write). */
  readonly now?: () => Date;
  readonly calendars?: readonly {
    readonly calendarId: string;
    readonly name: string;
    readonly timeZone: string;
  }[];
}

interface PageToken {
  readonly calendarId: string;
  readonly epoch: number;
  /** Changes after this sequence (incremental) or `-1` for a full listing. */
  readonly sinceSeq: number;
  /** The sequence the round is anchored at; the final cursor. */
  readonly untilSeq: number;
  /** Keyset position: last external id (full listing) or last sequence (incremental) returned. */
  readonly after: string | number | null;
}

/**
 * A faithful in-memory calendar provider: paged pulls with resumable checkpoints, cursors
 * that expire, etags with `If-Match` semantics, idempotency keys, recurring series with
 * moved and cancelled instances, malformed items, and failure injection by error class.
 * `adapter` is the {@link ProviderAdapter}; the other methods are the "remote control" a test
 * (or the server's job tests) uses to act as the user editing their own calendar.
 *
 * @example
 * const service = new InMemoryCalendarService({ pageSize: 10 });
 * const adapter = service.adapter;
 * service.injectFault({ operation: 'createEvent', errorClass: 'rate_limited', times: 1, retryAfterSeconds: 2 });
 */
export class InMemoryCalendarService {
  readonly adapter: ProviderAdapter;
  private readonly calendars = new Map<string, CalendarState>();
  private readonly idempotency = new Map<string, string>();
  private readonly faults: InjectedFault[] = [];
  private readonly channels = new Map<string, WatchChannel>();
  private readonly pageSize: number;
  private readonly now: () => Date;
  private seq = 0;
  private counter = 0;
  private revoked = false;
  /** Calls per operation, for assertions. */
  readonly calls = new Map<MemoryOperation, number>();

  constructor(options: InMemoryServiceOptions = {}) {
    this.pageSize = options.pageSize ?? 50;
    if (this.pageSize < 1) throw new RangeError('pageSize must be >= 1');
    let tick = Date.parse('2026-03-01T00:00:00.000Z');
    this.now = options.now ?? (() => new Date((tick += 1000)));
    for (const calendar of options.calendars ?? [
      { calendarId: 'primary', name: 'Primary', timeZone: 'UTC' },
    ]) {
      this.calendars.set(calendar.calendarId, {
        info: { ...calendar, primary: this.calendars.size === 0, accessRole: 'owner', color: null },
        events: new Map(),
        epoch: 0,
      });
    }
    this.adapter = this.makeAdapter(options.provider ?? 'caldav');
  }

  // ----- remote control -------------------------------------------------------------------

  /** Schedules failures; they are consumed in order. */
  injectFault(fault: InjectedFault): void {
    this.faults.push({ ...fault });
  }

  /** Creates an event as the user would in the provider's own UI. */
  createExternal(
    calendarId: string,
    content: EventContent,
    options: {
      iCalUID?: string;
      /** The stamp of one of our writes, as a copy of that event (or a client restoring it) has. */
      calsyncAppointmentId?: string;
    } = {},
  ): string {
    const externalId = `ext-${++this.counter}`;
    this.store(calendarId, {
      externalId,
      calendarId,
      version: 0,
      iCalUID: options.iCalUID ?? `${externalId}@memory`,
      seriesExternalId: null,
      originalStart: null,
      updatedAt: '',
      calsyncAppointmentId: options.calsyncAppointmentId ?? null,
      content: normalizeContent(content),
      deleted: false,
      malformed: null,
      seq: 0,
    });
    return externalId;
  }

  /** Edits an event as the user would. */
  updateExternal(calendarId: string, externalId: string, patch: Partial<EventContent>): void {
    const event = this.live(calendarId, externalId);
    this.store(calendarId, { ...event, content: normalizeContent({ ...event.content, ...patch }) });
  }

  /** Deletes an event as the user would (a tombstone stays for incremental pulls). */
  deleteExternal(calendarId: string, externalId: string): void {
    const event = this.live(calendarId, externalId);
    this.store(calendarId, { ...event, deleted: true });
  }

  /**
   * Deletes an event without a trace in the change feed, as Graph's delta does for an event
   * created and deleted between two rounds: no tombstone, no removal in any pull.
   */
  deleteExternalUnreported(calendarId: string, externalId: string): void {
    this.live(calendarId, externalId);
    this.calendar(calendarId).events.delete(externalId);
  }

  /** Moves one instance of a series: creates (or edits) its exception. Returns its id. */
  moveInstance(
    calendarId: string,
    seriesExternalId: string,
    originalStart: OriginalStart,
    time: EventContent['time'],
  ): string {
    const series = this.live(calendarId, seriesExternalId);
    const externalId = `${seriesExternalId}_${originalStartKey(originalStart).replace(/[^0-9A-Za-z]/g, '')}`;
    const existing = this.calendar(calendarId).events.get(externalId);
    this.store(calendarId, {
      ...(existing ?? { ...series, version: 0, seq: 0 }),
      externalId,
      seriesExternalId,
      originalStart,
      deleted: false,
      content: normalizeContent({ ...series.content, recurrence: null, time }),
    });
    return externalId;
  }

  /** Cancels one instance of a series (Google-style cancelled exception). */
  cancelInstance(
    calendarId: string,
    seriesExternalId: string,
    originalStart: OriginalStart,
  ): string {
    const series = this.live(calendarId, seriesExternalId);
    const slot = expandSeries({
      time: series.content.time,
      recurrence: series.content.recurrence ?? { lines: [] },
      window: { startsAtUTC: '1970-01-01T00:00:00Z', endsAtUTC: '2100-01-01T00:00:00Z' },
    }).occurrences.find(
      (o) => originalStartKey(o.originalStart) === originalStartKey(originalStart),
    );
    const id = this.moveInstance(
      calendarId,
      seriesExternalId,
      originalStart,
      slot?.time ?? series.content.time,
    );
    const event = this.live(calendarId, id);
    this.store(calendarId, { ...event, content: { ...event.content, status: 'cancelled' } });
    return id;
  }

  /** Makes every cursor (and in-flight checkpoint) of a calendar invalid. */
  expireCursors(calendarId: string): void {
    this.calendar(calendarId).epoch++;
  }

  /** Adds an item the adapter cannot read (it must be skipped and reported). Returns its id. */
  injectMalformed(
    calendarId: string,
    raw = '{"id":"broken","start":{"dateTime":"not-a-date"}}',
  ): string {
    const externalId = `bad-${++this.counter}`;
    this.store(calendarId, {
      externalId,
      calendarId,
      version: 0,
      iCalUID: `${externalId}@memory`,
      seriesExternalId: null,
      originalStart: null,
      updatedAt: '',
      calsyncAppointmentId: null,
      content: normalizeContent({
        title: '',
        description: null,
        location: null,
        time: {
          kind: 'zoned',
          startsAtUTC: '1970-01-01T00:00:00.000Z',
          endsAtUTC: '1970-01-01T00:00:00.000Z',
          timeZone: 'UTC',
        },
        recurrence: null,
        attendees: [],
        status: 'confirmed',
        meeting: null,
        reminders: { useDefault: true, overrides: [] },
        transparency: 'opaque',
      }),
      deleted: false,
      malformed: raw,
      seq: 0,
    });
    return externalId;
  }

  /** Live (not deleted, readable) events of a calendar, as the provider's UI would show them. */
  liveEvents(calendarId: string): RemoteEvent[] {
    return [...this.calendar(calendarId).events.values()]
      .filter((e) => !e.deleted && !e.malformed)
      .map((e) => this.toRemote(e));
  }

  /** Active watch channels. */
  watchChannels(): WatchChannel[] {
    return [...this.channels.values()];
  }

  // ----- internals ------------------------------------------------------------------------

  private calendar(calendarId: string): CalendarState {
    const calendar = this.calendars.get(calendarId);
    if (!calendar) throw new NotFoundError(`no calendar ${calendarId}`, { status: 404 });
    return calendar;
  }

  private live(calendarId: string, externalId: string): StoredEvent {
    const event = this.calendar(calendarId).events.get(externalId);
    if (!event || event.deleted) throw new NotFoundError(`no event ${externalId}`, { status: 404 });
    return event;
  }

  private store(calendarId: string, event: StoredEvent): StoredEvent {
    const stored: StoredEvent = {
      ...event,
      version: event.version + 1,
      seq: ++this.seq,
      updatedAt: this.now().toISOString(),
    };
    this.calendar(calendarId).events.set(stored.externalId, stored);
    return stored;
  }

  private enter(operation: MemoryOperation): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    if (this.revoked) throw new AuthError('credentials revoked', { status: 401, permanent: true });
    const index = this.faults.findIndex((f) => f.operation === operation || f.operation === '*');
    if (index < 0) return;
    const fault = this.faults[index]!;
    if (fault.times <= 1) this.faults.splice(index, 1);
    else this.faults[index] = { ...fault, times: fault.times - 1 };
    throw providerErrorFor(fault.errorClass, `injected ${fault.errorClass} on ${operation}`, {
      ...(fault.retryAfterSeconds !== undefined
        ? { retryAfterSeconds: fault.retryAfterSeconds }
        : {}),
    });
  }

  private toRemote(event: StoredEvent): RemoteEvent {
    return {
      externalId: event.externalId,
      calendarId: event.calendarId,
      etag: `"${event.version}"`,
      iCalUID: event.iCalUID,
      seriesExternalId: event.seriesExternalId,
      originalStart: event.originalStart,
      updatedAt: event.updatedAt,
      calsyncAppointmentId: event.calsyncAppointmentId,
      content: event.content,
      extraProperties: [],
    };
  }

  private toChange(event: StoredEvent): RemoteChange {
    if (event.deleted || (event.content.status === 'cancelled' && event.seriesExternalId)) {
      return {
        kind: 'removed',
        externalId: event.externalId,
        calendarId: event.calendarId,
        seriesExternalId: event.seriesExternalId,
        originalStart: event.originalStart,
        reason: event.deleted ? 'deleted' : 'cancelled',
        removedAt: event.updatedAt,
      };
    }
    return { kind: 'upsert', event: this.toRemote(event) };
  }

  private pull(request: PullRequest): PullPage {
    this.enter('pullChanges');
    const calendar = this.calendar(request.calendarId);
    const token = this.startToken(request, calendar);
    const pageSize = Math.min(request.pageSize ?? this.pageSize, this.pageSize);
    const full = token.sinceSeq < 0;
    // Keyset pagination, so deletions during a round never shift an unseen item out of it.
    const candidates = [...calendar.events.values()]
      .filter((e) =>
        full
          ? !e.deleted &&
            (e.malformed !== null || e.content.status !== 'cancelled' || !!e.seriesExternalId) &&
            (e.malformed !== null || inWindow(e, request.window))
          : e.seq > token.sinceSeq && e.seq <= token.untilSeq,
      )
      .filter(
        (e) =>
          token.after === null ||
          (full ? e.externalId > (token.after as string) : e.seq > (token.after as number)),
      )
      .sort((a, b) =>
        full
          ? a.externalId < b.externalId
            ? -1
            : a.externalId > b.externalId
              ? 1
              : 0
          : a.seq - b.seq,
      );
    const page = candidates.slice(0, pageSize);
    const changes: RemoteChange[] = [];
    const issues: PullIssue[] = [];
    for (const event of page) {
      if (event.malformed !== null)
        issues.push({
          externalId: event.externalId,
          reason: 'unreadable event payload',
          excerpt: event.malformed.slice(0, 120),
        });
      else changes.push(this.toChange(event));
    }
    if (page.length >= candidates.length) {
      return {
        changes,
        issues,
        next: { kind: 'done', cursor: `mem:${token.calendarId}:${token.epoch}:${token.untilSeq}` },
      };
    }
    const checkpoint: PageCheckpoint = {
      mode: full ? 'full' : 'incremental',
      token: JSON.stringify({
        ...token,
        after: full ? page[page.length - 1]!.externalId : page[page.length - 1]!.seq,
      } satisfies PageToken),
      pagesDone: (request.checkpoint?.pagesDone ?? 0) + 1,
      window: request.window,
    };
    return { changes, issues, next: { kind: 'more', checkpoint } };
  }

  private startToken(request: PullRequest, calendar: CalendarState): PageToken {
    if (request.checkpoint) {
      const token = JSON.parse(request.checkpoint.token) as PageToken;
      if (token.calendarId !== request.calendarId)
        throw providerErrorFor('non_retryable', 'checkpoint of another calendar');
      if (token.epoch !== calendar.epoch)
        throw new CursorExpiredError('sync state is gone, restart', { status: 410 });
      return token;
    }
    if (request.cursor === null) {
      return {
        calendarId: request.calendarId,
        epoch: calendar.epoch,
        sinceSeq: -1,
        untilSeq: this.seq,
        after: null,
      };
    }
    const match = /^mem:(.+):(\d+):(\d+)$/.exec(request.cursor);
    if (!match || match[1] !== request.calendarId)
      throw providerErrorFor('non_retryable', 'malformed cursor');
    if (Number(match[2]) !== calendar.epoch) {
      throw new CursorExpiredError('Sync token is no longer valid, a full sync is required.', {
        status: 410,
        providerCode: 'fullSyncRequired',
      });
    }
    return {
      calendarId: request.calendarId,
      epoch: calendar.epoch,
      sinceSeq: Number(match[3]),
      untilSeq: this.seq,
      after: null,
    };
  }

  private create(request: CreateEventRequest): WriteResult {
    this.enter('createEvent');
    const calendar = this.calendar(request.calendarId);
    const known = this.idempotency.get(`${request.calendarId}|${request.idempotencyKey}`);
    if (known) {
      const existing = calendar.events.get(known);
      if (existing && !existing.deleted) return { event: this.toRemote(existing), reused: true };
    }
    const externalId = request.series
      ? `${request.series.externalId}_${originalStartKey(request.series.originalStart).replace(/[^0-9A-Za-z]/g, '')}`
      : `evt-${request.idempotencyKey}`;
    const present = calendar.events.get(externalId);
    if (
      request.series &&
      present &&
      !present.deleted &&
      present.content.status !== 'cancelled' &&
      present.calsyncAppointmentId !== request.appointmentId
    ) {
      // An instance someone else already changed: returned as it is, for the caller to reconcile.
      return { event: this.toRemote(present), reused: true };
    }
    const stored = this.store(request.calendarId, {
      externalId,
      calendarId: request.calendarId,
      version: calendar.events.get(externalId)?.version ?? 0,
      iCalUID: request.iCalUID,
      seriesExternalId: request.series?.externalId ?? null,
      originalStart: request.series?.originalStart ?? null,
      updatedAt: '',
      calsyncAppointmentId: request.appointmentId,
      content: normalizeContent(request.content),
      deleted: false,
      malformed: null,
      seq: 0,
    });
    this.idempotency.set(`${request.calendarId}|${request.idempotencyKey}`, externalId);
    return { event: this.toRemote(stored), reused: false };
  }

  private update(request: UpdateEventRequest): WriteResult {
    this.enter('updateEvent');
    const event = this.live(request.calendarId, request.externalId);
    if (request.etag !== null && request.etag !== `"${event.version}"`) {
      throw new PreconditionFailedError('Precondition Failed', {
        status: 412,
        providerCode: 'conditionNotMet',
      });
    }
    const stored = this.store(request.calendarId, {
      ...event,
      content: normalizeContent(request.content),
    });
    return { event: this.toRemote(stored), reused: false };
  }

  private remove(request: DeleteEventRequest): void {
    this.enter('deleteEvent');
    const event = this.calendar(request.calendarId).events.get(request.externalId);
    if (!event || event.deleted) return; // already gone counts as success
    if (request.etag !== null && request.etag !== `"${event.version}"`) {
      throw new PreconditionFailedError('Precondition Failed', { status: 412 });
    }
    this.store(request.calendarId, { ...event, deleted: true });
  }

  private busy(request: FreeBusyRequest): BusyInterval[] {
    this.enter('freeBusy');
    const result: BusyInterval[] = [];
    for (const calendarId of request.calendarIds) {
      const events = this.liveEvents(calendarId);
      const overrides = events.filter((e) => e.seriesExternalId);
      for (const event of events) {
        if (event.seriesExternalId || event.content.transparency === 'transparent') continue;
        const occurrences = event.content.recurrence
          ? expandSeries({
              time: event.content.time,
              recurrence: event.content.recurrence,
              window: request.range,
              overrides: overrides
                .filter((o) => o.seriesExternalId === event.externalId && o.originalStart)
                .map((o) => ({
                  originalStart: o.originalStart!,
                  time: o.content.time,
                  status: o.content.status,
                })),
            }).occurrences.map((o) => o.time)
          : [event.content.time];
        for (const time of occurrences) {
          if (event.content.status === 'cancelled' || time.kind !== 'zoned') continue;
          if (
            time.endsAtUTC <= request.range.startsAtUTC ||
            time.startsAtUTC >= request.range.endsAtUTC
          )
            continue;
          result.push({
            calendarId,
            startsAtUTC: time.startsAtUTC,
            endsAtUTC: time.endsAtUTC,
            status: event.content.status === 'tentative' ? 'tentative' : 'busy',
          });
        }
      }
    }
    return result.sort((a, b) => a.startsAtUTC.localeCompare(b.startsAtUTC));
  }

  private makeAdapter(provider: CalendarProvider): ProviderAdapter {
    const capabilities: ProviderCapabilities = { ...PROVIDER_CAPABILITIES[provider], push: true };
    return {
      provider,
      capabilities,
      listCalendars: async () => {
        this.enter('listCalendars');
        return [...this.calendars.values()].map((c) => c.info);
      },
      pullChanges: async (request) => this.pull(request),
      createEvent: async (request) => this.create(request),
      updateEvent: async (request) => this.update(request),
      deleteEvent: async (request) => this.remove(request),
      eventExists: async (request) => {
        this.enter('eventExists');
        const event = this.calendar(request.calendarId).events.get(request.externalId);
        return event !== undefined && !event.deleted;
      },
      watch: async (request: WatchRequest) => {
        this.enter('watch');
        this.calendar(request.calendarId);
        const channel: WatchChannel = {
          channelId: `chan-${++this.counter}`,
          resourceId: `res-${request.calendarId}`,
          calendarId: request.calendarId,
          expiresAt: new Date(
            this.now().getTime() + request.requestedTtlSeconds * 1000,
          ).toISOString(),
        };
        this.channels.set(channel.channelId, channel);
        return channel;
      },
      unwatch: async (channel) => {
        this.enter('unwatch');
        this.channels.delete(channel.channelId);
      },
      freeBusy: async (request) => this.busy(request),
      revokeCredentials: async () => {
        this.enter('revokeCredentials');
        this.revoked = true;
      },
    };
  }
}

function inWindow(event: StoredEvent, window: InstantRange): boolean {
  if (event.content.recurrence || event.seriesExternalId) return true; // series are listed whole
  const time = event.content.time;
  const [start, end] =
    time.kind === 'zoned'
      ? [time.startsAtUTC, time.endsAtUTC]
      : time.kind === 'all_day'
        ? [`${time.startDate}T00:00:00.000Z`, `${time.endDate}T00:00:00.000Z`]
        : [`${time.startsAtLocal}.000Z`, `${time.endsAtLocal}.000Z`];
  return (
    start < new Date(window.endsAtUTC).toISOString() &&
    end >= new Date(window.startsAtUTC).toISOString()
  );
}
