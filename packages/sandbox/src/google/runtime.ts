import type { EmulatorContext } from '../emulator.js';
import type { RandomSource } from '../shared/random.js';
import type { GoogleState } from './state.js';
import type { GoogleTokens } from './tokens.js';

/** Google Meet creation timing. */
export interface MeetOptions {
  /** How long a created conference stays `pending`, by the injected clock. Default 0 (ready at once). */
  pendingMs?: number;
  /** Every create request fails (`statusCode: failure`). Default false. */
  fail?: boolean;
}

/** Per-user and per-project request quotas over a sliding minute. */
export interface GoogleRateLimitOptions {
  perUserPerMinute?: number;
  perProjectPerMinute?: number;
  /** How a per-user excess is answered: 403 `userRateLimitExceeded` (default) or 429 `rateLimitExceeded`. */
  userLimitStatus?: 403 | 429;
}

/** Watch channel delivery. */
export interface WatchOptions {
  /** Longest channel life; Google's default and usual cap is 7 days. */
  maxTtlSeconds?: number;
  /** Delays before re-sending a notification answered with 5xx; default [1000, 2000, 4000]. */
  retryDelaysMs?: number[];
  /** Share of notifications silently dropped (0–1), to prove polling still converges. Default 0. */
  dropRate?: number;
}

/** Knobs resolved to values. */
export interface ResolvedGoogleOptions {
  meet: Required<MeetOptions>;
  rateLimits: GoogleRateLimitOptions | undefined;
  watch: Required<WatchOptions>;
  /** How long cancelled events stay visible; tokens older than a purge get 410. */
  tombstoneRetentionMs: number;
  /** How far past now open-ended series are expanded. */
  expansionHorizonDays: number;
  /** First page of every list is empty (with a page token), as Google sometimes answers. */
  emptyFirstPage: boolean;
  /** Cancelled events in lists carry only id and status, as non-organizer copies do. */
  minimalTombstones: boolean;
}

/** What every Google route module shares. */
export interface GoogleRuntime {
  readonly ctx: EmulatorContext;
  readonly state: GoogleState;
  readonly tokens: GoogleTokens;
  readonly random: RandomSource;
  readonly options: ResolvedGoogleOptions;
  nowMs(): number;
  /** Tells watch channels that events of a calendar changed. */
  calendarChanged(calendarId: string): void;
}
