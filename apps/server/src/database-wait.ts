import { connectDatabase, isDatabaseUnavailableError, type Logger } from '@calsync/server';

/** The database stayed unreachable for the whole of `CALSYNC_DATABASE_WAIT_MS`. */
export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError';
  readonly code = 'database_unreachable';
  constructor(
    readonly attempts: number,
    waitedMs: number,
    lastError: string,
  ) {
    super(
      `the database was not reachable after ${attempts} attempts over ${Math.round(waitedMs / 1000)} s ` +
        `(CALSYNC_DATABASE_WAIT_MS): ${lastError}`,
    );
  }
}

/** Options of {@link waitForDatabase}. */
export interface DatabaseWaitOptions {
  /** Give up once this much has passed (`CALSYNC_DATABASE_WAIT_MS`). */
  maxWaitMs: number;
  logger: Logger;
  /** First pause between attempts; doubled after each, up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function describe(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error
      ? String((error as { code: unknown }).code)
      : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * Waits until the database at `url` answers `select 1`, retrying with exponential backoff
 * (0.25 s doubling up to 5 s) and logging each failed attempt. A database that answers with a
 * refusal (a wrong password, a missing database) is not waited for: that error is thrown at once.
 * Throws {@link DatabaseUnreachableError} once `maxWaitMs` has passed.
 *
 * @example
 * await waitForDatabase(process.env.DATABASE_URL!, { maxWaitMs: 60_000, logger });
 */
export async function waitForDatabase(url: string, options: DatabaseWaitOptions): Promise<void> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  const startedAt = now();
  let delayMs = options.initialDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    const probe = connectDatabase(url, { max: 1, applicationName: 'calsync-wait' });
    try {
      await probe`select 1`;
      if (attempt > 1) options.logger.info({ attempt }, 'database reachable');
      return;
    } catch (error) {
      if (!isDatabaseUnavailableError(error)) throw error;
      const waitedMs = now() - startedAt;
      const remainingMs = options.maxWaitMs - waitedMs;
      if (remainingMs <= 0) throw new DatabaseUnreachableError(attempt, waitedMs, describe(error));
      const pauseMs = Math.min(delayMs, remainingMs);
      options.logger.warn(
        { attempt, retry_in_ms: pauseMs, error: describe(error) },
        'database not reachable yet; retrying',
      );
      await sleep(pauseMs);
      delayMs = Math.min(delayMs * 2, maxDelayMs);
    } finally {
      await probe.end({ timeout: 1 }).catch(() => undefined);
    }
  }
}
