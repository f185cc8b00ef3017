import { describe, expect, test } from 'vitest';
import { MailboxLimiter } from '../src/index.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('MailboxLimiter', () => {
  test('never runs more than 4 requests at once; queued ones start as slots free, in order', async () => {
    const limiter = new MailboxLimiter({ now: () => new Date(0) });
    const gates = Array.from({ length: 6 }, deferred);
    const started: number[] = [];
    let peak = 0;
    const runs = gates.map((gate, index) =>
      limiter.run(async () => {
        started.push(index);
        peak = Math.max(peak, limiter.active);
        await gate.promise;
        return index;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2]!.resolve();
    await settle();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    for (const gate of gates) gate.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(4);
    expect(limiter.active).toBe(0);
  });

  test('a failing request frees its slot', async () => {
    const limiter = new MailboxLimiter({ maxConcurrent: 1, now: () => new Date(0) });
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await limiter.run(async () => 'next')).toBe('next');
  });

  test('the rolling request budget waits on the injected clock', async () => {
    let nowMs = 0;
    const sleeps: number[] = [];
    const limiter = new MailboxLimiter({
      requestsPerWindow: 2,
      windowSeconds: 10,
      now: () => new Date(nowMs),
      sleep: async (ms) => {
        sleeps.push(ms);
        nowMs += ms;
      },
    });
    await limiter.run(async () => undefined);
    nowMs = 4000;
    await limiter.run(async () => undefined);
    await limiter.run(async () => undefined);
    expect(sleeps).toEqual([6000]);
    expect(nowMs).toBe(10_000);
  });

  test('limits must be positive', () => {
    expect(() => new MailboxLimiter({ maxConcurrent: 0 })).toThrow(RangeError);
  });
});
