/** Waits `ms` milliseconds; injected wherever the sandbox delays, so tests can observe instead of wait. */
export type SleepFunction = (ms: number) => Promise<void>;

/** The real timer-based sleep. */
export const realSleep: SleepFunction = (ms) =>
  ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
