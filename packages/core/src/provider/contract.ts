import type { PageCheckpoint } from '../model/cursor.js';
import type { EventContent } from '../model/event.js';
import type { InstantRange, InstantUTC, OriginalStart } from '../model/time.js';
import type { PullIssue, RemoteChange, RemoteEvent } from './remote.js';

/** The calendar providers Calsync syncs with. */
export type CalendarProvider = 'google' | 'microsoft' | 'caldav';

/** An external calendar of one connection. */
export interface RemoteCalendar {
  readonly calendarId: string;
  readonly name: string;
  readonly primary: boolean;
  readonly accessRole: 'owner' | 'writer' | 'reader' | 'free_busy';
  /** IANA zone of the calendar, if the provider reports one. */
  readonly timeZone: string | null;
  readonly color: string | null;
}

/** Input of {@link ProviderAdapter.pullChanges}. */
export interface PullRequest {
  readonly calendarId: string;
  /** `null` starts a full sync of `window`. */
  readonly cursor: string | null;
  /** Resume an interrupted round; when set it wins over `cursor`. */
  readonly checkpoint: PageCheckpoint | null;
  /** The sync window; used for full syncs (incremental rounds filter removals by it). */
  readonly window: InstantRange;
  /** Hint; adapters may return fewer (Google pages may even be empty). */
  readonly pageSize?: number;
}

/** One page of a pull round. */
export interface PullPage {
  readonly changes: readonly RemoteChange[];
  /** Malformed items that were skipped; good items of the same page are still in `changes`. */
  readonly issues: readonly PullIssue[];
  /** `more`: store `checkpoint` then ask again with it; `done`: store `cursor`, round complete. */
  readonly next:
    | { readonly kind: 'more'; readonly checkpoint: PageCheckpoint }
    | { readonly kind: 'done'; readonly cursor: string };
}

/** Input of {@link ProviderAdapter.createEvent}. */
export interface CreateEventRequest {
  readonly calendarId: string;
  /**
   * Chosen by the caller and stored in the link BEFORE the call. The adapter derives the
   * provider's idempotency mechanism from it (Google base32hex id, Graph `transactionId`, CalDAV
   * resource name + `If-None-Match: *`), so repeating the call never makes a second event.
   */
  readonly idempotencyKey: string;
  /** Stamped on the event (private extended property / X- property) for echo detection. */
  readonly appointmentId: string;
  readonly iCalUID: string;
  readonly content: EventContent;
  /** For an override of one instance of an already-created series. */
  readonly series: { readonly externalId: string; readonly originalStart: OriginalStart } | null;
}

/** Input of {@link ProviderAdapter.updateEvent}. */
export interface UpdateEventRequest {
  readonly calendarId: string;
  readonly externalId: string;
  /** The last etag seen; a mismatch throws `PreconditionFailedError`. */
  readonly etag: string | null;
  readonly content: EventContent;
}

/** Input of {@link ProviderAdapter.deleteEvent}. */
export interface DeleteEventRequest {
  readonly calendarId: string;
  readonly externalId: string;
  readonly etag: string | null;
}

/** Input of {@link ProviderAdapter.eventExists}. */
export interface EventExistsRequest {
  readonly calendarId: string;
  readonly externalId: string;
}

/** Input of {@link ProviderAdapter.watch}. */
export interface WatchRequest {
  readonly calendarId: string;
  /** Public HTTPS URL of the server's webhook endpoint. */
  readonly callbackUrl: string;
  /** Secret echoed by the provider (Google channel token, Graph clientState). */
  readonly verificationToken: string;
  readonly requestedTtlSeconds: number;
}

/** A live push channel (Google watch channel, Graph subscription). */
export interface WatchChannel {
  readonly channelId: string;
  /** Google `resourceId`; Graph subscription id. Needed to stop it. */
  readonly resourceId: string;
  readonly calendarId: string;
  readonly expiresAt: InstantUTC;
}

/** Input of {@link ProviderAdapter.freeBusy}. */
export interface FreeBusyRequest {
  readonly calendarIds: readonly string[];
  readonly range: InstantRange;
}

/** A busy block. */
export interface BusyInterval {
  readonly calendarId: string;
  readonly startsAtUTC: InstantUTC;
  readonly endsAtUTC: InstantUTC;
  readonly status: 'busy' | 'tentative' | 'out_of_office';
}

/** The outcome of a create or update. */
export interface WriteResult {
  readonly event: RemoteEvent;
  /** True when a create found the event made by an earlier attempt with the same key. */
  readonly reused: boolean;
}

/** What a provider can do; the server branches on data, not on provider names. */
export interface ProviderCapabilities {
  readonly push: boolean;
  readonly freeBusy: boolean;
  /** Whether any RRULE/EXDATE/RDATE set is expressible (CalDAV, Google) or a subset only (Graph). */
  readonly recurrence: 'rfc5545' | 'graph_patterns';
  readonly maxReminders: number;
  readonly floatingTimes: boolean;
}

/**
 * The interface every calendar adapter implements, in this order. All failures are thrown as
 * `ProviderError` subclasses (see errors.ts); expected empty results are values.
 *
 * @example
 * let req: PullRequest = { calendarId, cursor, checkpoint: null, window };
 * for (;;) {
 *   const page = await adapter.pullChanges(req);
 *   // reconcile page.changes, record page.issues
 *   if (page.next.kind === 'done') { saveCursor(page.next.cursor); break; }
 *   saveCheckpoint(page.next.checkpoint);
 *   req = { ...req, checkpoint: page.next.checkpoint };
 * }
 */
export interface ProviderAdapter {
  readonly provider: CalendarProvider;
  readonly capabilities: ProviderCapabilities;
  listCalendars(): Promise<readonly RemoteCalendar[]>;
  /** One page of changes since `cursor` (or of a full sync); throws `CursorExpiredError`. */
  pullChanges(request: PullRequest): Promise<PullPage>;
  createEvent(request: CreateEventRequest): Promise<WriteResult>;
  updateEvent(request: UpdateEventRequest): Promise<WriteResult>;
  /** Succeeds when the event is already gone. */
  deleteEvent(request: DeleteEventRequest): Promise<void>;
  /**
   * Whether the event is still there (not deleted, not cancelled). Confirms a deletion a change
   * feed never reported: Graph's delta says nothing of an event created and deleted between two
   * rounds. Optional: without it such a deletion is only seen by the next full resync.
   */
  eventExists?(request: EventExistsRequest): Promise<boolean>;
  /** `null` when the provider has no push channel (poll instead). */
  watch(request: WatchRequest): Promise<WatchChannel | null>;
  unwatch(channel: WatchChannel): Promise<void>;
  freeBusy(request: FreeBusyRequest): Promise<readonly BusyInterval[]>;
  /** Revokes the connection's tokens at the provider (disconnect). */
  revokeCredentials(): Promise<void>;
}

/** Side effects an adapter factory receives (injected, never hard-wired). */
export interface AdapterContext {
  readonly fetch: typeof fetch;
  readonly now: () => Date;
  /** Returns a valid access token, refreshing when needed; throws `AuthError` when it cannot. */
  readonly getAccessToken: (options?: { readonly forceRefresh?: boolean }) => Promise<string>;
}

/** Capabilities of each provider, as data. Adapters expose their row as `capabilities`. */
export const PROVIDER_CAPABILITIES = {
  google: {
    push: true,
    freeBusy: true,
    recurrence: 'rfc5545',
    maxReminders: 5,
    floatingTimes: false,
  },
  microsoft: {
    push: true,
    freeBusy: true,
    recurrence: 'graph_patterns',
    maxReminders: 1,
    floatingTimes: false,
  },
  caldav: {
    push: false,
    freeBusy: true,
    recurrence: 'rfc5545',
    maxReminders: 16,
    floatingTimes: true,
  },
} as const satisfies { readonly [P in CalendarProvider]: ProviderCapabilities };
