import { createHash } from 'node:crypto';
import type { InstantRange } from '@calsync/core';

/**
 * What the adapter keeps between pages and rounds, inside the opaque cursor / checkpoint token:
 * the Graph link to follow, the delta window, and which series each occurrence id belongs to.
 *
 * Why the series map: calendarView delta is occurrence-level, and a removed occurrence arrives
 * as a bare `{id, @removed}`. To turn "occurrence X removed" into "series S was deleted" or
 * "slot T of series S was cancelled", the adapter must know X's series. Short digests of the
 * occurrence ids keep the map small (10 characters per occurrence in the window).
 */
export interface PullState {
  readonly version: 1;
  /** `@odata.nextLink` (inside a round) or `@odata.deltaLink` (between rounds). */
  readonly link: string;
  readonly window: InstantRange;
  /** Series master id → digests of its occurrence ids seen in the window. */
  readonly series: Readonly<Record<string, readonly string[]>>;
  /** Series already resolved (master + cancelled slots emitted) in the current round. */
  readonly resolved: readonly string[];
}

const DIGEST_CHARS = 10;

/** Short stable digest of an occurrence id. */
export function occurrenceDigest(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, DIGEST_CHARS);
}

/** Serialises state into a cursor or checkpoint token. */
export function encodePullState(state: PullState): string {
  return JSON.stringify(state);
}

/**
 * Reads a token written by {@link encodePullState}. A bare Graph link (a cursor stored before
 * the series map existed, or handed over by an operator) is accepted with an empty map.
 * Returns `null` for anything else.
 */
export function decodePullState(token: string, window: InstantRange): PullState | null {
  if (/^https?:\/\//.test(token))
    return { version: 1, link: token, window, series: {}, resolved: [] };
  try {
    const parsed = JSON.parse(token) as Partial<PullState>;
    if (parsed.version !== 1 || typeof parsed.link !== 'string') return null;
    return {
      version: 1,
      link: parsed.link,
      window: parsed.window ?? window,
      series: parsed.series ?? {},
      resolved: parsed.resolved ?? [],
    };
  } catch {
    return null;
  }
}

/** Mutable working copy of the series map for one page. */
export class SeriesIndex {
  private readonly series = new Map<string, Set<string>>();
  private readonly byDigest = new Map<string, string>();

  constructor(initial: Readonly<Record<string, readonly string[]>>) {
    for (const [masterId, digests] of Object.entries(initial)) {
      for (const digest of digests) this.add(masterId, digest);
    }
  }

  /** Records that occurrence `id` belongs to `masterId`. */
  addOccurrence(masterId: string, id: string): void {
    this.add(masterId, occurrenceDigest(id));
  }

  /** Replaces the occurrences of a series with the ones just listed. */
  replace(masterId: string, ids: readonly string[]): void {
    this.forget(masterId);
    this.series.set(masterId, new Set());
    for (const id of ids) this.addOccurrence(masterId, id);
  }

  /** The series an occurrence id belongs to, if known. */
  masterOf(id: string): string | null {
    return this.byDigest.get(occurrenceDigest(id)) ?? null;
  }

  knows(masterId: string): boolean {
    return this.series.has(masterId);
  }

  forget(masterId: string): void {
    for (const digest of this.series.get(masterId) ?? []) this.byDigest.delete(digest);
    this.series.delete(masterId);
  }

  toJSON(): Record<string, string[]> {
    return Object.fromEntries([...this.series].map(([id, digests]) => [id, [...digests]]));
  }

  private add(masterId: string, digest: string): void {
    let digests = this.series.get(masterId);
    if (!digests) {
      digests = new Set();
      this.series.set(masterId, digests);
    }
    digests.add(digest);
    this.byDigest.set(digest, masterId);
  }
}
