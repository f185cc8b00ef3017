import { randomUUID } from 'node:crypto';
import type { SQL } from '../db/connect.js';

/**
 * The Postgres side of the limits every process shares (migration `0007_shared_limits`): token
 * buckets and concurrency slots, each take or claim one atomic statement on the database's
 * clock, so any number of processes on one database hold the same budget.
 *
 * @example
 * const shared = new SharedLimits(sql);
 * const waitSeconds = await shared.takeToken('api:k:key-id', 50, 200);
 * if (waitSeconds > 0) answer429(Math.ceil(waitSeconds));
 */
export class SharedLimits {
  /** Names this process's slot claims, so a release frees only its own. */
  readonly holder: string;

  constructor(
    readonly sql: SQL,
    options: { holder?: string } = {},
  ) {
    this.holder = options.holder ?? randomUUID();
  }

  /**
   * Takes one token from `key`'s bucket (`ratePerSecond` refill, at most `burst`). Returns 0
   * when taken, else the seconds until one is back (nothing taken then).
   */
  async takeToken(key: string, ratePerSecond: number, burst: number): Promise<number> {
    const [row] = await this.sql<{ wait: number }[]>`
      select take_shared_token(${key}, ${ratePerSecond}, ${burst}) as wait`;
    return Number(row?.wait ?? 0);
  }

  /**
   * Claims one of `max` slots of `key` for `ttlSeconds` (a process that dies holding it frees it
   * then). Returns the slot, or undefined when every slot is held.
   */
  async claimSlot(key: string, max: number, ttlSeconds: number): Promise<number | undefined> {
    const [row] = await this.sql<{ slot: number | null }[]>`
      select acquire_shared_slot(${key}, ${max}, ${this.holder}, ${ttlSeconds}) as slot`;
    return row?.slot ?? undefined;
  }

  /** Frees a slot this process claimed. */
  async releaseSlot(key: string, slot: number): Promise<void> {
    await this.sql`
      delete from shared_limit_slots
      where key = ${key} and slot = ${slot} and holder = ${this.holder}`;
  }

  /** Deletes full buckets and expired slots (housekeeping); returns how many rows went. */
  async sweep(): Promise<number> {
    const [row] = await this.sql<{ n: number }[]>`select sweep_shared_limits() as n`;
    return row?.n ?? 0;
  }
}
