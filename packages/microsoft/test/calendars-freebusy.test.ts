import { contractContent } from '@calsync/core/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { calendarFromGraph, contentToGraph } from '../src/index.js';
import type { TestSandbox } from './support/sandbox.js';
import { graphAsUser, startTestSandbox } from './support/sandbox.js';

let env: TestSandbox;
beforeAll(async () => {
  env = await startTestSandbox();
});
afterAll(async () => {
  await env.close();
});

const pad = (hour: number): string => String(hour).padStart(2, '0');
const range = { startsAtUTC: '2026-03-09T00:00:00.000Z', endsAtUTC: '2026-03-12T00:00:00.000Z' };

describe('calendars and free/busy', () => {
  test('own, secondary and shared calendars map to roles; free/busy per calendar', async () => {
    const me = await env.account();
    const colleague = await env.account();
    const boss = await env.account();
    const asMe = <T>(method: string, path: string, body?: unknown) =>
      graphAsUser<T>(env.microsoftBase, me.token, method, path, body);
    const asColleague = <T>(method: string, path: string, body?: unknown) =>
      graphAsUser<T>(env.microsoftBase, colleague.token, method, path, body);
    const secondary = await asMe<{ id: string }>('POST', '/me/calendars', {
      name: 'Side projects',
    });
    await asColleague('POST', '/me/calendar/calendarPermissions', {
      emailAddress: { address: me.email },
      role: 'write',
    });
    await graphAsUser(env.microsoftBase, boss.token, 'POST', '/me/calendar/calendarPermissions', {
      emailAddress: { address: me.email },
      role: 'read',
    });

    const adapter = env.adapter(me.token);
    const calendars = await adapter.listCalendars();
    const byId = new Map(calendars.map((c) => [c.calendarId, c]));
    expect(byId.get(me.calendarId)).toMatchObject({ primary: true, accessRole: 'owner' });
    expect(byId.get(secondary.id)).toMatchObject({
      primary: false,
      accessRole: 'owner',
      name: 'Side projects',
    });
    expect(byId.get(colleague.calendarId)).toMatchObject({ primary: false, accessRole: 'writer' });
    expect(byId.get(boss.calendarId)).toMatchObject({ primary: false, accessRole: 'reader' });

    const slot = (hour: number, extra: Parameters<typeof contractContent>[0] = {}) =>
      contentToGraph(
        contractContent({
          ...extra,
          time: {
            kind: 'zoned',
            startsAtUTC: `2026-03-10T${pad(hour)}:00:00.000Z`,
            endsAtUTC: `2026-03-10T${pad(hour + 1)}:00:00.000Z`,
            timeZone: 'UTC',
          },
        }),
      );
    await asMe('POST', `/me/calendars/${me.calendarId}/events`, slot(9));
    await asMe('POST', `/me/calendars/${me.calendarId}/events`, slot(11, { status: 'tentative' }));
    await asMe(
      'POST',
      `/me/calendars/${me.calendarId}/events`,
      slot(13, { transparency: 'transparent' }),
    );
    await asMe('POST', `/me/calendars/${secondary.id}/events`, slot(15));
    await asColleague('POST', `/me/calendars/${colleague.calendarId}/events`, {
      ...slot(16),
      showAs: 'oof',
    });

    const busy = await adapter.freeBusy({
      calendarIds: [me.calendarId, secondary.id, colleague.calendarId],
      range,
    });
    expect(busy.map((b) => [b.calendarId, b.startsAtUTC, b.status])).toEqual([
      [me.calendarId, '2026-03-10T09:00:00.000Z', 'busy'],
      [me.calendarId, '2026-03-10T11:00:00.000Z', 'tentative'],
      [secondary.id, '2026-03-10T15:00:00.000Z', 'busy'],
      [colleague.calendarId, '2026-03-10T16:00:00.000Z', 'out_of_office'],
    ]);
  });

  test('calendarFromGraph reads abilities as roles', () => {
    expect(
      calendarFromGraph(
        {
          id: 'a',
          name: 'Room 12',
          canEdit: false,
          canShare: false,
          owner: { address: 'room12@contoso.test' },
        },
        'me@contoso.test',
      ),
    ).toMatchObject({
      accessRole: 'reader',
    });
    expect(
      calendarFromGraph(
        { id: 'b', hexColor: '#ff0000', canEdit: true, owner: { address: 'ME@contoso.test' } },
        'me@contoso.test',
      ),
    ).toMatchObject({
      accessRole: 'owner',
      color: '#ff0000',
    });
    expect(calendarFromGraph({ name: 'no id' }, null)).toBeNull();
  });
});
