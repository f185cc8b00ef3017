import { describe, expect, test } from 'vitest';
import { RequestPacer, RequestPacers } from '../src/index.js';

function fakeClock() {
  let nowMs = 0;
  const sleeps: number[] = [];
  return {
    nowMs: () => nowMs,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      nowMs += ms;
    },
    sleeps,
    advance: (ms: number) => (nowMs += ms),
  };
}

describe('RequestPacer', () => {
  test('a burst, then the steady rate; no sliding minute exceeds the quota', async () => {
    const clock = fakeClock();
    const pacer = new RequestPacer({
      requestsPerMinute: 600,
      nowMs: clock.nowMs,
      sleep: clock.sleep,
    });
    expect(pacer.burst).toBe(60);
    expect(pacer.ratePerSecond).toBeCloseTo(9, 6);
    const sentAt: number[] = [];
    for (let i = 0; i < 2000; i++) {
      await pacer.take();
      sentAt.push(clock.nowMs());
    }
    expect(sentAt.slice(0, 60).every((t) => t === 0)).toBe(true);
    // Sliding window check, as Google counts.
    let worst = 0;
    for (let i = 0, j = 0; i < sentAt.length; i++) {
      while (sentAt[j]! <= sentAt[i]! - 60_000) j++;
      worst = Math.max(worst, i - j + 1);
    }
    expect(worst).toBeLessThanOrEqual(600);
    // 2,000 requests: 60 at once, then 1,940 at 9/s.
    expect(sentAt.at(-1)! / 1000).toBeCloseTo(1940 / 9, 0);
  });

  test('idle time refills the bucket, up to the burst', async () => {
    const clock = fakeClock();
    const pacer = new RequestPacer({
      requestsPerMinute: 60,
      burstShare: 0.5,
      nowMs: clock.nowMs,
      sleep: clock.sleep,
    });
    for (let i = 0; i < 30; i++) await pacer.take();
    expect(clock.sleeps).toEqual([]);
    clock.advance(10 * 60_000);
    for (let i = 0; i < 30; i++) await pacer.take();
    expect(clock.sleeps).toEqual([]);
    await pacer.take();
    expect(clock.sleeps).toEqual([2000]);
  });

  test('concurrent callers are served in order, one token each', async () => {
    const clock = fakeClock();
    const pacer = new RequestPacer({
      requestsPerMinute: 120,
      burstShare: 0.01,
      nowMs: clock.nowMs,
      sleep: clock.sleep,
    });
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        await pacer.take();
        order.push(i);
      }),
    );
    expect(order).toEqual([0, 1, 2, 3]);
    expect(clock.nowMs()).toBeGreaterThan(0);
  });

  test('bad settings throw', () => {
    expect(() => new RequestPacer({ requestsPerMinute: 0 })).toThrow(RangeError);
    expect(() => new RequestPacer({ burstShare: 1 })).toThrow(RangeError);
  });

  test('RequestPacers: one pacer per account', () => {
    const pacers = new RequestPacers({ requestsPerMinute: 600 });
    expect(pacers.for('a@example.com')).toBe(pacers.for('a@example.com'));
    expect(pacers.for('a@example.com')).not.toBe(pacers.for('b@example.com'));
  });
});
