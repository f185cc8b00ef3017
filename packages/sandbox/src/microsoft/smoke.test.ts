import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GraphHarness } from './test-support.js';
import { startGraphHarness } from './test-support.js';

let h: GraphHarness;
beforeAll(async () => {
  h = await startGraphHarness();
});
afterAll(() => h.close());

it('smoke', async () => {
  const account = h.emulator.createAccount('alice@example.com');
  const client = h.client(account.access_token);
  const me = await client.api('/me').get();
  expect(me.mail).toBe('alice@example.com');
  const created = await client.api('/me/events').post({
    subject: 'Hello',
    start: { dateTime: '2026-03-03T10:00:00', timeZone: 'Pacific Standard Time' },
    end: { dateTime: '2026-03-03T11:00:00', timeZone: 'Pacific Standard Time' },
  });
  expect(created.start.dateTime).toBe('2026-03-03T18:00:00.0000000');
  const list = await client.api('/me/events').get();
  expect(list.value).toHaveLength(1);
  const cals = await client.api('/me/calendars').get();
  expect(cals.value[0].isDefaultCalendar).toBe(true);
});
