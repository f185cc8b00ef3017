/** How a shared limiter waits between tries (injected in tests). */
export type Sleep = (milliseconds: number) => Promise<void>;

/** Waits on real timers. */
export const realSleep: Sleep = (milliseconds) =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Waits between polls of a busy shared slot: 10 ms doubling up to 250 ms. */
export function slotBackoffMs(attempt: number): number {
  return Math.min(250, 10 * 2 ** Math.min(attempt, 5));
}
