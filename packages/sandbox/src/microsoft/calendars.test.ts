import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnknownSandboxAccountError } from '../emulator.js';
import type { GraphHarness } from './test-support.js';
import { graphError, startGraphHarness } from './test-support.js';

let h: GraphHarness;
let counter = 0;
beforeAll(async () => {
  h = await startGraphHarness();
});
afterAll(() => h.close());

function newUser(name: string) {
  counter += 1;
  const account = h.emulator.createAccount(`${name}${counter}@contoso.example`);
  return { account, client: h.client(account.access_token) };
}

const meeting = {
  subject: 'Shared planning',
  start: { dateTime: '2026-03-10T09:00:00', timeZone: 'UTC' },
  end: { dateTime: '2026-03-10T10:00:00', timeZone: 'UTC' },
};

describe('calendars', () => {
  it('createAccount returns the default calendar, the same on a second call', () => {
    const first = h.emulator.createAccount('same@contoso.example');
    const second = h.emulator.createAccount('SAME@contoso.example');
    expect(first.calendars).toEqual([{ id: expect.any(String), name: 'Calendar', primary: true }]);
    expect(second).toEqual(first);
    expect(() => h.emulator.expire('nobody@contoso.example', 'sync_tokens')).toThrow(
      UnknownSandboxAccountError,
    );
  });

  it('own calendars: /me/calendars, /me/calendar, create, events per calendar', async () => {
    const { client } = newUser('owner');
    const work = await client.api('/me/calendars').post({ name: 'Work' });
    expect(work).toMatchObject({ name: 'Work', isDefaultCalendar: false, canEdit: true });
    const calendars = (await client.api('/me/calendars').get()).value;
    expect(calendars.map((c: { name: string }) => c.name)).toEqual(['Calendar', 'Work']);
    expect((await client.api('/me/calendar').get()).isDefaultCalendar).toBe(true);
    await client.api(`/me/calendars/${work.id}/events`).post(meeting);
    expect((await client.api(`/me/calendars/${work.id}/events`).get()).value).toHaveLength(1);
    expect((await client.api('/me/events').get()).value).toHaveLength(0);
  });

  it('shared and delegated calendars: calendarPermissions, /me/calendars of the sharee, /users/{upn}/calendars and roles', async () => {
    const owner = newUser('sharer');
    const reader = newUser('reader');
    const delegate = newUser('delegate');
    const stranger = newUser('stranger');
    const calendar = await owner.client.api('/me/calendar').get();
    await owner.client.api('/me/events').post(meeting);
    await owner.client
      .api(`/me/calendars/${calendar.id}/calendarPermissions`)
      .post({ emailAddress: { address: reader.account.email }, role: 'read' });
    await owner.client.api('/me/calendar/calendarPermissions').post({
      emailAddress: { address: delegate.account.email },
      role: 'delegateWithPrivateEventAccess',
    });

    const readersView = (await reader.client.api('/me/calendars').get()).value;
    const shared = readersView.find((c: { id: string }) => c.id === calendar.id);
    expect(shared).toMatchObject({
      canEdit: false,
      isDefaultCalendar: false,
      owner: { address: owner.account.email },
    });
    expect(
      (await reader.client.api(`/me/calendars/${calendar.id}/events`).get()).value,
    ).toHaveLength(1);
    expect(
      (await graphError(reader.client.api(`/me/calendars/${calendar.id}/events`).post(meeting)))
        .statusCode,
    ).toBe(403);

    const viaUsers = await delegate.client.api(`/users/${owner.account.email}/calendars`).get();
    expect(viaUsers.value[0]).toMatchObject({ id: calendar.id, canEdit: true });
    const written = await delegate.client
      .api(`/users/${owner.account.email}/calendar/events`)
      .post({ ...meeting, subject: 'By delegate' });
    expect(written.organizer.emailAddress.address).toBe(owner.account.email);
    expect((await owner.client.api('/me/events').get()).value).toHaveLength(2);

    expect(
      (await graphError(stranger.client.api(`/users/${owner.account.email}/calendars`).get()))
        .statusCode,
    ).toBe(403);
    expect(
      (await graphError(stranger.client.api(`/users/${owner.account.email}/calendar/events`).get()))
        .statusCode,
    ).toBe(404);
    expect(
      (await graphError(stranger.client.api(`/me/events/${written.id}`).get())).statusCode,
    ).toBe(404);
    expect(
      (await graphError(stranger.client.api('/users/nobody@contoso.example/calendars').get()))
        .statusCode,
    ).toBe(404);
  });
});
