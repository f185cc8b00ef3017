/**
 * The part of the Calsync SDK client the elements use, typed structurally: the client that
 * `createCalsyncClient()` from `@calsync/sdk` returns satisfies it, and so does the fake client of
 * `@calsync/elements/testing`. Everything is camelCase, as the SDK exposes it.
 */

/** Providers a user can connect. Microsoft 365 / Outlook.com is `outlook`. */
export type ProviderName = 'google' | 'outlook' | 'icloud' | 'caldav';

/** The lifecycle of a connection. */
export type ConnectionStatus = 'active' | 'paused' | 'error' | 'needs_reauth' | 'disconnected';

/** One connected provider account of the user. */
export interface Integration {
  id: string;
  provider: ProviderName;
  userId?: string;
  calendarName?: string | null;
  accountEmail: string | null;
  providerCalendarId?: string | null;
  syncEnabled?: boolean;
  syncStatus: ConnectionStatus;
  statusReason: string | null;
  /** RFC 3339. */
  lastSyncAt: string | null;
  /** RFC 3339. */
  nextSyncAt?: string | null;
}

/** One external calendar of a connection. */
export interface ExternalCalendar {
  id: string;
  providerCalendarId?: string;
  name: string;
  role: 'primary' | 'shared' | 'delegated' | 'room' | 'other';
  accessRole: 'owner' | 'writer' | 'reader' | 'free_busy_reader';
  timeZone?: string | null;
  /** Imported, and counted for free/busy. */
  selected: boolean;
  /** Receives the appointments this app exports (at most one per connection). */
  destination: boolean;
}

/** How far an initial or full sync has come. */
export interface SyncProgress {
  phase: string;
  done: number;
  total: number | null;
}

/** One item that changed in one direction. */
export interface SyncEventSummary {
  eventType: string;
  direction: string;
  status: string;
  /** RFC 3339. */
  processedAt: string;
}

/** `GET …/sync-status`. */
export interface SyncStatusReport {
  syncStatus: ConnectionStatus;
  lastSyncAt: string | null;
  nextSyncAt?: string | null;
  progress: SyncProgress | null;
  recentEvents: readonly SyncEventSummary[];
}

/** One pull, push or resync, as the sync-attempts list shows it. */
export interface SyncAttempt {
  id: string;
  operation: string;
  status: 'running' | 'success' | 'fail' | 'retrying';
  errorClass: string | null;
  errorMessage: string | null;
  /** RFC 3339. */
  startedAt: string;
  finishedAt: string | null;
}

/** One side of a conflict: the appointment's syncable fields (`title`, `time`, …). */
export type EventVersion = Readonly<Record<string, unknown>>;

/** Both sides changed the same fields differently. */
export interface Conflict {
  id: string;
  appointmentId: string;
  /** This app's side: an {@link EventVersion} (typed loosely, as JSON, by the SDK). */
  internalVersion: unknown;
  /** The calendar's side. */
  externalVersion: unknown;
  baseVersion?: unknown;
  /** The fields both sides changed. */
  fields: readonly string[];
  conflictReason: string;
  autoResolution: string | null;
  resolution: string | null;
  status?: 'open' | 'resolved';
  /** RFC 3339. */
  detectedAt: string;
}

/** The user's choice for a conflict, as the API names it. */
export type ConflictResolution = 'kept_internal' | 'kept_external' | 'merged' | 'created_duplicate';

/** `POST …/conflicts/{id}/resolve`. */
export interface ResolveConflictBody {
  resolution: ConflictResolution;
  /** For `merged`: the value chosen for each conflicting field. */
  merged?: Record<string, unknown>;
  reason?: string;
}

/** A busy period. */
export interface BusyPeriod {
  /** RFC 3339. */
  start: string;
  /** RFC 3339, exclusive. */
  end: string;
  /** Where it comes from: a provider name, or `appointment`. */
  source: string;
}

/** `GET /availability`. */
export interface Availability {
  busy: readonly BusyPeriod[];
  /** RFC 3339: when the provider data was last refreshed. */
  fetchedAt: string | null;
}

/** Credentials for iCloud or a CalDAV server, tested by the server before anything is stored. */
export type CalDAVConnectBody =
  | { provider: 'icloud'; username: string; password: string }
  | { provider: 'caldav'; serverUrl: string; username: string; password: string };

/** One entry of the change feed, as the stream delivers it. */
export interface ChangeEvent {
  seq: number;
  type: string;
  userId?: string | null;
  /** The change's payload; keys are camelCase from the SDK (snake_case from the raw API). */
  data: Readonly<Record<string, unknown>>;
  at?: string;
}

/**
 * One side of a conflict as a record of fields; an empty one when the side is missing.
 *
 * @example
 * versionOf(conflict, 'internal').title
 */
export function versionOf(conflict: Conflict, side: 'internal' | 'external'): EventVersion {
  const value = side === 'internal' ? conflict.internalVersion : conflict.externalVersion;
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as EventVersion)
    : {};
}

/** A list, either bare or in the API's page envelope. */
export type MaybePage<T> = readonly T[] | { readonly data: readonly T[] };

/** What the elements call. */
export interface CalsyncClientLike {
  /**
   * The Calsync server's URL (the SDK client has it): the OAuth callback page's origin is
   * derived from it. Optional, for clients that do not know it.
   */
  readonly baseUrl?: string | undefined;
  readonly integrations: {
    list(params?: { userId?: string }): Promise<MaybePage<Integration>>;
    get(id: string): Promise<Integration>;
    disconnect(id: string): Promise<unknown>;
    calendars(id: string): Promise<MaybePage<ExternalCalendar>>;
    updateCalendar(
      id: string,
      calendarId: string,
      body: { selected?: boolean; destination?: true },
    ): Promise<ExternalCalendar>;
    authorize(
      provider: 'google' | 'outlook',
      options: { redirectUri?: string },
    ): Promise<{ authorizationUrl: string; state: string }>;
    connect(body: CalDAVConnectBody): Promise<Integration>;
    sync(id: string, options?: { mode?: 'incremental' | 'full' }): Promise<unknown>;
    syncStatus(id: string): Promise<SyncStatusReport>;
    conflicts(id: string, params?: { status?: 'open' | 'resolved' }): Promise<MaybePage<Conflict>>;
    resolveConflict(id: string, conflictId: string, body: ResolveConflictBody): Promise<unknown>;
    syncAttempts(id: string, params?: { status?: 'fail' }): Promise<MaybePage<SyncAttempt>>;
  };
  readonly availability: {
    get(params: { userId?: string; from: string; to: string }): Promise<Availability>;
  };
  readonly stream: {
    subscribe(
      handler: (change: ChangeEvent) => void,
      options?: { after?: number },
    ): (() => void) | { unsubscribe(): void };
  };
}

/**
 * The items of a list, whether the client returned an array or a page envelope.
 *
 * @example
 * const integrations = itemsOf(await client.integrations.list());
 */
export function itemsOf<T>(list: MaybePage<T>): readonly T[] {
  return Array.isArray(list) ? list : (list as { readonly data: readonly T[] }).data;
}

/**
 * A field of a change's payload, read by its camelCase name or its snake_case wire name.
 *
 * @example
 * changeField(change, 'integrationId') // change.data.integrationId ?? change.data.integration_id
 */
export function changeField(change: ChangeEvent, camelName: string): unknown {
  const snakeName = camelName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return change.data[camelName] ?? change.data[snakeName];
}

/** The error code of a failed client call (`CalsyncError.code`), else `unknown`. */
export function errorCodeOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return 'unknown';
}
