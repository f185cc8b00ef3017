import type {
  Availability,
  BusyPeriod,
  CalDAVConnectBody,
  CalsyncClientLike,
  ChangeEvent,
  Conflict,
  ExternalCalendar,
  Integration,
  ResolveConflictBody,
  SyncAttempt,
  SyncStatusReport,
} from '../core/client.js';

/** An API error as the SDK raises it: a message and a stable `code`. */
export class FakeCalsyncError extends Error {
  override readonly name = 'CalsyncError';
  constructor(
    readonly code: string,
    message = code,
  ) {
    super(message);
  }
}

/** The data a fake client starts with. */
export interface FakeClientData {
  integrations?: Integration[];
  calendars?: Record<string, ExternalCalendar[]>;
  syncStatus?: Record<string, SyncStatusReport>;
  conflicts?: Record<string, Conflict[]>;
  attempts?: Record<string, SyncAttempt[]>;
  busy?: BusyPeriod[];
  /** RFC 3339. */
  fetchedAt?: string | null;
}

/** Options of {@link createFakeClient}. */
export interface FakeClientOptions {
  /** Delay before every answer (stories); default 0. */
  latencyMs?: number;
  /** A started sync completes after this long; null: only when `completeSync()` is called. */
  syncDurationMs?: number | null;
  /** The clock used for `lastSyncAt` and change timestamps. */
  now?: () => Date;
}

/** One call the elements made, for assertions. */
export interface FakeCall {
  method: string;
  args: unknown[];
}

/** The fake client plus what tests and stories drive it with. */
export interface FakeCalsyncClient extends CalsyncClientLike {
  readonly data: Required<FakeClientData>;
  readonly calls: FakeCall[];
  /** Delivers a change to every stream subscriber, as the server's stream would. */
  emit(change: Omit<ChangeEvent, 'seq'> & { seq?: number }): void;
  /** The next call of `method` (e.g. `integrations.connect`) fails with `error`. */
  failNext(method: string, error: Error): void;
  /** Holds every answer until the returned function is called. */
  hold(): () => void;
  /** Finishes a running sync: progress cleared, `lastSyncAt` now, `integration.updated` sent. */
  completeSync(integrationId: string): void;
  /** How many stream subscriptions are open. */
  readonly subscriberCount: number;
}

const clone = <T>(value: T): T => structuredClone(value);

/**
 * An in-memory Calsync client for tests, stories and host prototypes: it keeps state, answers
 * like the API, and announces its own writes on the stream.
 *
 * @example
 * const client = createFakeClient({ integrations: [googleIntegration] });
 * element.client = client;
 * client.emit({ type: 'integration.updated', data: { id: googleIntegration.id, syncStatus: 'error' } });
 */
export function createFakeClient(
  initial: FakeClientData = {},
  options: FakeClientOptions = {},
): FakeCalsyncClient {
  const now = options.now ?? (() => new Date());
  const data: Required<FakeClientData> = {
    integrations: clone(initial.integrations ?? []),
    calendars: clone(initial.calendars ?? {}),
    syncStatus: clone(initial.syncStatus ?? {}),
    conflicts: clone(initial.conflicts ?? {}),
    attempts: clone(initial.attempts ?? {}),
    busy: clone(initial.busy ?? []),
    fetchedAt: initial.fetchedAt ?? null,
  };
  const calls: FakeCall[] = [];
  const failures = new Map<string, Error>();
  const subscribers = new Set<(change: ChangeEvent) => void>();
  let holds: Promise<void> | undefined;
  let seq = 0;
  let stateCounter = 0;

  async function answer<T>(method: string, args: unknown[], produce: () => T): Promise<T> {
    calls.push({ method, args });
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    while (holds) await holds;
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      throw failure;
    }
    return clone(produce());
  }
  const findIntegration = (id: string): Integration => {
    const found = data.integrations.find((i) => i.id === id);
    if (!found) throw new FakeCalsyncError('not_found', 'No such integration.');
    return found;
  };
  const statusOf = (id: string): SyncStatusReport => {
    const integration = findIntegration(id);
    data.syncStatus[id] ??= {
      syncStatus: integration.syncStatus,
      lastSyncAt: integration.lastSyncAt,
      progress: null,
      recentEvents: [],
    };
    return data.syncStatus[id];
  };
  const emit: FakeCalsyncClient['emit'] = (change) => {
    const full: ChangeEvent = {
      ...change,
      seq: change.seq ?? ++seq,
      at: change.at ?? now().toISOString(),
    };
    for (const subscriber of [...subscribers]) subscriber(full);
  };
  const announce = (integration: Integration) =>
    queueMicrotask(() =>
      emit({
        type: 'integration.updated',
        data: { id: integration.id, syncStatus: integration.syncStatus },
      }),
    );
  const completeSync = (id: string) => {
    const integration = findIntegration(id);
    const status = statusOf(id);
    integration.lastSyncAt = now().toISOString();
    if (integration.syncStatus !== 'paused') integration.syncStatus = 'active';
    Object.assign(status, {
      progress: null,
      lastSyncAt: integration.lastSyncAt,
      syncStatus: integration.syncStatus,
    });
    emit({ type: 'integration.updated', data: { id, syncStatus: integration.syncStatus } });
  };

  const client: FakeCalsyncClient = {
    data,
    calls,
    emit,
    completeSync,
    get subscriberCount() {
      return subscribers.size;
    },
    failNext: (method, error) => void failures.set(method, error),
    hold() {
      let release!: () => void;
      holds = new Promise<void>((resolve) => (release = resolve));
      return () => {
        holds = undefined;
        release();
      };
    },
    integrations: {
      list: (params) => answer('integrations.list', [params], () => data.integrations),
      get: (id) => answer('integrations.get', [id], () => findIntegration(id)),
      disconnect: (id) =>
        answer('integrations.disconnect', [id], () => {
          const integration = findIntegration(id);
          integration.syncStatus = 'disconnected';
          announce(integration);
          return { id, syncStatus: 'disconnected' };
        }),
      calendars: (id) => answer('integrations.calendars', [id], () => data.calendars[id] ?? []),
      updateCalendar: (id, calendarId, body) =>
        answer('integrations.updateCalendar', [id, calendarId, body], () => {
          const calendars = data.calendars[id] ?? [];
          const target = calendars.find((c) => c.id === calendarId);
          if (!target) throw new FakeCalsyncError('not_found', 'No such calendar.');
          if (body.selected !== undefined) target.selected = body.selected;
          if (body.destination) for (const c of calendars) c.destination = c === target;
          return target;
        }),
      authorize: (provider, body) =>
        answer('integrations.authorize', [provider, body], () => {
          const state = `state-${++stateCounter}`;
          return { authorizationUrl: `about:blank#${provider}-${state}`, state };
        }),
      connect: (body: CalDAVConnectBody) =>
        answer('integrations.connect', [{ ...body, password: '•••' }], () => {
          const integration: Integration = {
            id: `int-${body.provider}-${data.integrations.length + 1}`,
            provider: body.provider,
            accountEmail: body.username,
            syncStatus: 'active',
            statusReason: null,
            lastSyncAt: null,
          };
          data.integrations.push(integration);
          announce(integration);
          return integration;
        }),
      sync: (id, body) =>
        answer('integrations.sync', [id, body], () => {
          statusOf(id).progress = { phase: 'incremental', done: 0, total: null };
          if (options.syncDurationMs !== undefined && options.syncDurationMs !== null) {
            setTimeout(() => completeSync(id), options.syncDurationMs);
          }
          return { message: 'Sync initiated', syncId: `sync-${++seq}`, takenOver: 0 };
        }),
      syncStatus: (id) => answer('integrations.syncStatus', [id], () => statusOf(id)),
      conflicts: (id, params) =>
        answer('integrations.conflicts', [id, params], () =>
          (data.conflicts[id] ?? []).filter(
            (c) => !params?.status || (c.status ?? 'open') === params.status,
          ),
        ),
      resolveConflict: (id, conflictId, body: ResolveConflictBody) =>
        answer('integrations.resolveConflict', [id, conflictId, body], () => {
          const conflict = (data.conflicts[id] ?? []).find((c) => c.id === conflictId);
          if (!conflict) throw new FakeCalsyncError('not_found', 'No such conflict.');
          conflict.status = 'resolved';
          conflict.resolution = body.resolution;
          queueMicrotask(() =>
            emit({
              type: 'conflict.resolved',
              data: { id: conflictId, integrationId: id, resolution: body.resolution },
            }),
          );
          return conflict;
        }),
      syncAttempts: (id, params) =>
        answer('integrations.syncAttempts', [id, params], () =>
          (data.attempts[id] ?? []).filter((a) => !params?.status || a.status === params.status),
        ),
    },
    availability: {
      get: (params) =>
        answer('availability.get', [params], (): Availability => {
          const from = Date.parse(params.from);
          const to = Date.parse(params.to);
          return {
            busy: data.busy.filter((b) => Date.parse(b.end) > from && Date.parse(b.start) < to),
            fetchedAt: data.fetchedAt,
          };
        }),
    },
    stream: {
      subscribe(handler) {
        calls.push({ method: 'stream.subscribe', args: [] });
        subscribers.add(handler);
        return () => subscribers.delete(handler);
      },
    },
  };
  return client;
}
