/**
 * What Calsync knows about CalDAV servers, as data: the code consults these tables instead of
 * branching on server names. Observed on Radicale 3.1.8 and Xandikos 0.2.8 (Debian bookworm),
 * reported for iCloud.
 */

/** How a connection was made: iCloud (fixed entry point, app-specific passwords) or any server. */
export type CalDAVFlavour = 'icloud' | 'generic';

/** Per-flavour connection facts. */
export interface CalDAVFlavourFacts {
  /** Entry point used when the caller gives none. */
  readonly defaultServerUrl: string | null;
  /** Suggested polling interval; iCloud throttles aggressive pollers. */
  readonly pollIntervalSeconds: number;
}

/** Flavour table. */
export const CALDAV_FLAVOURS: Readonly<Record<CalDAVFlavour, CalDAVFlavourFacts>> = {
  icloud: { defaultServerUrl: 'https://caldav.icloud.com/', pollIntervalSeconds: 300 },
  generic: { defaultServerUrl: null, pollIntervalSeconds: 300 },
};

/** How one server answers the operations whose status codes differ between servers. */
export interface CalDAVServerQuirks {
  readonly createStatuses: readonly number[];
  readonly updateStatuses: readonly number[];
  readonly deleteStatuses: readonly number[];
  /** Status of a sync-collection REPORT with an unknown or expired token. */
  readonly invalidSyncTokenStatus: number;
  /** Status of a PUT whose UID already lives under another name (`no-uid-conflict`). */
  readonly duplicateUIDStatus: number;
  /** Whether the PUT response carries an ETag even though the server rewrote the data. */
  readonly rewritesStoredData: boolean;
  /** Whether `C:expand` gives correct instances (no: expand locally). */
  readonly expandsRecurrences: boolean;
  /**
   * Whether calendar-query time-range finds every overlapping object. Xandikos 0.2.8 misses
   * some series (a TZID master with a UTC RECURRENCE-ID override) and answers 500 when the
   * collection holds an object it cannot parse (then the adapter fetches every member).
   */
  readonly timeRangeReliable: boolean;
}

/** Observed server behaviour (PROTOCOLS.md §3.5–3.7). */
export const SERVER_QUIRKS = {
  radicale: {
    createStatuses: [201],
    updateStatuses: [201],
    deleteStatuses: [200],
    invalidSyncTokenStatus: 403,
    duplicateUIDStatus: 409,
    rewritesStoredData: true,
    expandsRecurrences: false,
    timeRangeReliable: true,
  },
  xandikos: {
    createStatuses: [201],
    updateStatuses: [204],
    deleteStatuses: [204],
    invalidSyncTokenStatus: 500,
    duplicateUIDStatus: 207,
    rewritesStoredData: true,
    expandsRecurrences: false,
    timeRangeReliable: false,
  },
  icloud: {
    createStatuses: [201],
    updateStatuses: [201, 204],
    deleteStatuses: [204],
    invalidSyncTokenStatus: 403,
    duplicateUIDStatus: 412,
    rewritesStoredData: true,
    expandsRecurrences: false,
    timeRangeReliable: true,
  },
} as const satisfies Readonly<Record<string, CalDAVServerQuirks>>;

const quirks: readonly CalDAVServerQuirks[] = Object.values(SERVER_QUIRKS);
const union = (pick: (q: CalDAVServerQuirks) => readonly number[]): ReadonlySet<number> =>
  new Set(quirks.flatMap(pick));

/** Any status some server uses for a successful write (plus the RFC's 200/201/204). */
export const WRITE_OK_STATUSES: ReadonlySet<number> = new Set([
  200,
  201,
  204,
  ...union((q) => [...q.createStatuses, ...q.updateStatuses, ...q.deleteStatuses]),
]);

/**
 * Statuses that mean "this sync-token is not valid any more" on a sync-collection REPORT. The
 * RFC's precondition is 403/409; Xandikos 0.2.8 crashes with 500; some servers use 400 or 412.
 * 401, 429 and 502–504 keep their usual meaning.
 */
export const SYNC_TOKEN_REJECTED_STATUSES: ReadonlySet<number> = new Set([
  400,
  403,
  409,
  412,
  500,
  ...union((q) => [q.invalidSyncTokenStatus]),
]);

/** Statuses a create may answer when the UID exists under another resource name. */
export const UID_CONFLICT_STATUSES: ReadonlySet<number> = new Set([
  409,
  ...union((q) => [q.duplicateUIDStatus]),
]);

/** Always read a written object back: every known server rewrites what it stores. */
export const READ_BACK_AFTER_WRITE = quirks.some((q) => q.rewritesStoredData);
