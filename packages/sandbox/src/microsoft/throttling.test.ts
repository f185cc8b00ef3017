import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultMicrosoftSettings } from './settings.js';
import type { GraphHarness } from './test-support.js';
import { graphError, startGraphHarness } from './test-support.js';

let h: GraphHarness;
let counter = 0;
beforeAll(async () => {
  h = await startGraphHarness();
});
beforeEach(() => {
  Object.assign(h.emulator.settings, defaultMicrosoftSettings());
  h.hookBehaviour.clear();
});
afterAll(() => h.close());

function newUser() {
  counter += 1;
  const account = h.emulator.createAccount(`throttle${counter}@contoso.example`);
  return { account, client: h.client(account.access_token) };
}

describe('Graph emulator checklist (PROTOCOLS.md §2.11)', () => {
  it('Throttling: 429 + Retry-After, per mailbox request budget over a rolling window (injected clock)', async () => {
    const { account, client } = newUser();
    const other = newUser();
    Object.assign(h.emulator.settings, {
      throttleRequestsPerWindow: 3,
      throttleWindowSeconds: 600,
    });
    await client.api('/me').get();
    h.clock.nowMs += 60_000;
    await client.api('/me').get();
    await client.api('/me').get();
    const throttled = await graphError(client.api('/me').get());
    expect(throttled.statusCode).toBe(429);
    expect(throttled.code).toBe('TooManyRequests');
    const raw = await fetch(`${h.providerBase}/v1.0/me`, {
      headers: { authorization: `Bearer ${account.access_token}` },
    });
    expect(raw.headers.get('retry-after')).toBe('540');
    expect(
      ((await raw.json()) as { error: { innerError: { code: string } } }).error.innerError.code,
    ).toBe('429');
    // Other mailboxes have their own budget.
    expect((await other.client.api('/me').get()).mail).toBe(other.account.email);
    h.clock.nowMs += 540_000;
    expect((await client.api('/me').get()).mail).toBe(account.email);
  });

  it('Throttling: per mailbox concurrency (4)', async () => {
    const { client } = newUser();
    let release = (): void => undefined;
    const held = new Promise<Response>((resolve) => {
      release = () => resolve(new Response('', { status: 500 }));
    });
    let validations = 0;
    h.hookBehaviour.set('hold', async (hook) => {
      validations += 1;
      await held;
      return new Response(hook.query.validationToken, {
        headers: { 'content-type': 'text/plain' },
      });
    });
    const body = {
      changeType: 'created',
      notificationUrl: `${h.base}/hooks/hold`,
      resource: 'me/events',
      expirationDateTime: new Date(h.clock.nowMs + 3_600_000).toISOString(),
      clientState: 'x',
    };
    const pending = Array.from({ length: 4 }, () => client.api('/subscriptions').post(body));
    while (validations < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    const fifth = await graphError(client.api('/me').get());
    expect(fifth.statusCode).toBe(429);
    release();
    const created = await Promise.all(pending);
    expect(created).toHaveLength(4);
    expect((await client.api('/me').get()).mail).toBeTruthy();
  });

  it('Throttling: batch members throttled individually; the batch answers 200', async () => {
    const { client } = newUser();
    h.emulator.settings.throttleRequestsPerWindow = 3;
    const batch = await client.api('/$batch').post({
      requests: [
        { id: '1', method: 'GET', url: '/me' },
        { id: '2', method: 'GET', url: '/me/calendars' },
        {
          id: '3',
          method: 'POST',
          url: '/me/events',
          body: {
            subject: 'x',
            start: { dateTime: '2026-03-10T09:00:00', timeZone: 'UTC' },
            end: { dateTime: '2026-03-10T10:00:00', timeZone: 'UTC' },
          },
        },
      ],
    });
    const statuses = batch.responses.map((r: { status: number }) => r.status);
    // The batch request itself used one unit of the budget, so the third member is throttled.
    expect(statuses).toEqual([200, 200, 429]);
    expect(batch.responses[2].headers['retry-after']).toBeTruthy();
  });
});
