import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MailboxLimiter } from '../src/index.js';
import type { TestSandbox } from './support/sandbox.js';
import { startTestSandbox } from './support/sandbox.js';

let env: TestSandbox;
beforeAll(async () => {
  env = await startTestSandbox();
});
afterAll(async () => {
  await env.close();
});

/** A fetch that holds each request a little and records how many were in flight at once. */
function countingFetch() {
  const stats = { inFlight: 0, peak: 0, calls: 0 };
  const wrapped: typeof fetch = async (input, init) => {
    stats.calls++;
    stats.inFlight++;
    stats.peak = Math.max(stats.peak, stats.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return await fetch(input, init);
    } finally {
      stats.inFlight--;
    }
  };
  return { fetch: wrapped, stats };
}

describe('per-mailbox concurrency', () => {
  test('12 parallel calls through one adapter keep at most 4 requests in flight (Outlook’s cap)', async () => {
    const account = await env.account();
    const counted = countingFetch();
    const adapter = env.adapter(account.token, { fetch: counted.fetch });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => adapter.listCalendars()),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(counted.stats.peak).toBe(4);

    const shared = new MailboxLimiter({ maxConcurrent: 4 });
    const other = countingFetch();
    const first = env.adapter(account.token, { fetch: other.fetch, limiter: shared });
    const second = env.adapter(account.token, { fetch: other.fetch, limiter: shared });
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? first : second).listCalendars()),
    );
    expect(other.stats.peak).toBeLessThanOrEqual(4);

    const free = countingFetch();
    const unlimited = env.adapter(account.token, {
      fetch: free.fetch,
      limiter: new MailboxLimiter({ maxConcurrent: 12 }),
    });
    await Promise.allSettled(Array.from({ length: 12 }, () => unlimited.listCalendars()));
    expect(free.stats.peak).toBeGreaterThan(4);
  });
});
