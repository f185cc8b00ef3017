import { describe, expect, test } from 'vitest';
import {
  AuthError,
  RateLimitedError,
  TransientProviderError,
  nextRetryDelay,
  retryDecisionFor,
  syncWindowRange,
} from '../src/index.js';
import {
  InMemoryCalendarService,
  contractContent,
  memoryContractSubject,
  pullAll,
  runProviderContract,
} from '../src/testing/index.js';

runProviderContract('in-memory reference provider', async () => memoryContractSubject());
runProviderContract(
  'in-memory reference provider, one item per page',
  async () => memoryContractSubject({ pageSize: 7 }),
  {
    manyEvents: 120,
  },
);

describe('in-memory provider specifics', () => {
  const window = syncWindowRange(new Date('2026-03-01T00:00:00Z'));

  test('failure injection by error class, consumed in order', async () => {
    const service = new InMemoryCalendarService();
    service.injectFault({
      operation: 'createEvent',
      errorClass: 'rate_limited',
      times: 1,
      retryAfterSeconds: 7,
    });
    service.injectFault({ operation: 'createEvent', errorClass: 'transient', times: 1 });
    const request = {
      calendarId: 'primary',
      idempotencyKey: 'k1',
      appointmentId: 'a1',
      iCalUID: 'u1',
      content: contractContent(),
      series: null,
    };
    const first = await service.adapter.createEvent(request).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(RateLimitedError);
    expect(retryDecisionFor(first, { attempt: 1, random: () => 0 })).toEqual({
      kind: 'retry',
      delayMs: 7000,
      refreshAuth: false,
    });
    await expect(service.adapter.createEvent(request)).rejects.toBeInstanceOf(
      TransientProviderError,
    );
    const created = await service.adapter.createEvent(request);
    expect(created.reused).toBe(false);
    expect(service.calls.get('createEvent')).toBe(3);
  });

  test('revoked credentials: every call fails with a permanent auth error', async () => {
    const service = new InMemoryCalendarService();
    await service.adapter.revokeCredentials();
    const error = await service.adapter.listCalendars().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(retryDecisionFor(error, { attempt: 1, random: () => 0.5 })).toEqual({
      kind: 'give_up',
      action: 'needs_reauth',
    });
  });

  test('a checkpoint from before a cursor expiry is refused', async () => {
    const service = new InMemoryCalendarService({ pageSize: 2 });
    for (let i = 0; i < 5; i++)
      service.createExternal('primary', contractContent({ title: `E${i}` }));
    const page = await service.adapter.pullChanges({
      calendarId: 'primary',
      cursor: null,
      checkpoint: null,
      window,
    });
    service.expireCursors('primary');
    if (page.next.kind !== 'more') throw new Error('expected more pages');
    await expect(
      service.adapter.pullChanges({
        calendarId: 'primary',
        cursor: null,
        checkpoint: page.next.checkpoint,
        window,
      }),
    ).rejects.toMatchObject({ errorClass: 'cursor_expired' });
  });

  test('deleting during a paged full sync never loses an unseen item (keyset pages)', async () => {
    const service = new InMemoryCalendarService({ pageSize: 3 });
    const ids = Array.from({ length: 9 }, (_, i) =>
      service.createExternal('primary', contractContent({ title: `E${i}` })),
    );
    const page = await service.adapter.pullChanges({
      calendarId: 'primary',
      cursor: null,
      checkpoint: null,
      window,
    });
    service.deleteExternal('primary', ids[0]!);
    if (page.next.kind !== 'more') throw new Error('expected more pages');
    const rest = await pullAll(service.adapter, {
      calendarId: 'primary',
      cursor: null,
      checkpoint: page.next.checkpoint,
      window,
    });
    const seen = new Set(
      [...page.changes, ...rest.changes].map((c) =>
        c.kind === 'upsert' ? c.event.externalId : c.externalId,
      ),
    );
    expect(seen.size).toBe(9);
  });

  test('free/busy expands series, skips transparent and cancelled slots', async () => {
    const service = new InMemoryCalendarService();
    const id = service.createExternal(
      'primary',
      contractContent({ recurrence: { lines: ['RRULE:FREQ=DAILY;COUNT=3'] } }),
    );
    service.cancelInstance('primary', id, { kind: 'instant', atUTC: '2026-03-11T14:00:00.000Z' });
    service.createExternal('primary', contractContent({ transparency: 'transparent' }));
    const busy = await service.adapter.freeBusy({ calendarIds: ['primary'], range: window });
    expect(busy.map((b) => b.startsAtUTC)).toEqual([
      '2026-03-10T14:00:00.000Z',
      '2026-03-12T14:00:00.000Z',
    ]);
  });

  test('watch and unwatch', async () => {
    const service = new InMemoryCalendarService();
    const channel = await service.adapter.watch({
      calendarId: 'primary',
      callbackUrl: 'https://x/hook',
      verificationToken: 't',
      requestedTtlSeconds: 3600,
    });
    expect(service.watchChannels()).toHaveLength(1);
    await service.adapter.unwatch(channel!);
    expect(service.watchChannels()).toHaveLength(0);
  });

  test('retry delays: exponential with jitter, capped, attempts exhausted', () => {
    const delays = [1, 2, 3, 4].map((attempt) =>
      nextRetryDelay({ errorClass: 'transient', attempt, random: () => 1 }),
    );
    expect(delays.map((d) => (d.kind === 'retry' ? d.delayMs : -1))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    expect(nextRetryDelay({ errorClass: 'transient', attempt: 2, random: () => 0 })).toMatchObject({
      delayMs: 1000,
    });
    expect(
      nextRetryDelay({ errorClass: 'transient', attempt: 30, random: () => 1, maxDelayMs: 60_000 }),
    ).toEqual({ kind: 'give_up', action: 'fail_attempt' });
    expect(
      nextRetryDelay({
        errorClass: 'rate_limited',
        attempt: 9,
        random: () => 1,
        maxDelayMs: 60_000,
      }),
    ).toMatchObject({ delayMs: 60_000 });
    expect(
      nextRetryDelay({ errorClass: 'cursor_expired', attempt: 1, random: Math.random }),
    ).toEqual({ kind: 'give_up', action: 'full_resync' });
    expect(nextRetryDelay({ errorClass: 'auth', attempt: 1, random: Math.random })).toEqual({
      kind: 'retry',
      delayMs: 0,
      refreshAuth: true,
    });
    expect(
      nextRetryDelay({
        errorClass: 'auth',
        attempt: 1,
        random: Math.random,
        authAlreadyRefreshed: true,
      }),
    ).toEqual({ kind: 'give_up', action: 'needs_reauth' });
    expect(() =>
      nextRetryDelay({ errorClass: 'transient', attempt: 0, random: Math.random }),
    ).toThrow(RangeError);
  });
});
