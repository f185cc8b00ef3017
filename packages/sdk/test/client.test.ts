import { describe, expect, it } from 'vitest';
import { createCalsyncClient } from '../src/index.js';
import { fakeFetch } from './fake-fetch.js';

const integration = {
  id: 'i1',
  provider: 'google',
  user_id: 'u1',
  sync_status: 'active',
  last_sync_at: null,
};

describe('requests and responses', () => {
  it('sends camelCase params as snake_case and answers camelCase', async () => {
    const { fetch, requests } = fakeFetch({ body: integration });
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test/', token: 'sk_1', fetch });
    expect(calsync.baseUrl).toBe('https://calsync.test');
    const result = await calsync.integrations.update('i1', {
      syncEnabled: false,
      privacyLevel: 'minimal',
    });
    expect(result).toEqual({
      id: 'i1',
      provider: 'google',
      userId: 'u1',
      syncStatus: 'active',
      lastSyncAt: null,
    });
    const [request] = requests;
    expect(request!.method).toBe('PATCH');
    expect(request!.url.href).toBe('https://calsync.test/api/v1/calendar-integrations/i1');
    expect(request!.headers.get('authorization')).toBe('Bearer sk_1');
    expect(request!.headers.get('content-type')).toBe('application/merge-patch+json');
    expect(request!.body).toEqual({ sync_enabled: false, privacy_level: 'minimal' });
  });

  it('updates with a merge patch of the given fields only; replace sends the whole body', async () => {
    const { fetch, requests } = fakeFetch({ body: { id: 'a1' } });
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 't', fetch });
    await calsync.appointments.update('a1', {
      title: 'Moved',
      location: null,
      timeZone: undefined,
    });
    await calsync.appointments.replace('a1', {
      title: 'Moved',
      start: '2026-03-08T09:00:00Z',
      end: '2026-03-08T09:30:00Z',
    });
    const [patch, put] = requests;
    expect(patch!.method).toBe('PATCH');
    expect(patch!.headers.get('content-type')).toBe('application/merge-patch+json');
    // Nothing but what was given: no `time_zone`, no default for any other field.
    expect(patch!.body).toEqual({ title: 'Moved', location: null });
    expect(put!.method).toBe('PUT');
    expect(put!.headers.get('content-type')).toBe('application/json');
  });

  it('puts query params in snake_case, booleans as true/false, and skips undefined', async () => {
    const { fetch, requests } = fakeFetch({ body: { data: [], next_cursor: null } });
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test/api/v1', fetch });
    await calsync.appointments.list({
      userId: 'u 1',
      includeDeleted: true,
      expand: false,
      q: undefined,
      limit: 10,
    });
    const url = requests[0]!.url;
    expect(url.pathname).toBe('/api/v1/appointments');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      user_id: 'u 1',
      include_deleted: 'true',
      expand: 'false',
      limit: '10',
    });
    expect(requests[0]!.headers.has('authorization')).toBe(false);
  });

  it('escapes ids in paths', async () => {
    const { fetch, requests } = fakeFetch({ body: {} });
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 't', fetch });
    await calsync.users.export('team/ada@example.com');
    expect(requests[0]!.url.pathname).toBe('/api/v1/users/team%2Fada%40example.com/export');
  });

  it('maps every namespace method to its route', async () => {
    // Every list answers a page; other calls ignore the body here.
    const { fetch, requests } = fakeFetch({ body: { data: [], next_cursor: null } });
    const c = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 't', fetch });
    const calls: [Promise<unknown>, string][] = [
      [c.sessions.create({ userId: 'u1' }), 'POST /sessions'],
      [c.sessions.revoke('s'), 'DELETE /sessions/s'],
      [c.integrations.providers(), 'GET /providers'],
      [c.integrations.get('i'), 'GET /calendar-integrations/i'],
      [c.integrations.update('i', { syncEnabled: true }), 'PATCH /calendar-integrations/i'],
      [c.integrations.replace('i', { syncEnabled: true }), 'PUT /calendar-integrations/i'],
      [c.integrations.disconnect('i'), 'DELETE /calendar-integrations/i'],
      [c.integrations.calendars('i'), 'GET /calendar-integrations/i/calendars'],
      [
        c.integrations.updateCalendar('i', 'c', { selected: true }),
        'PUT /calendar-integrations/i/calendars/c',
      ],
      [
        c.integrations.authorize('google', { redirectUri: 'https://h/cb' }),
        'POST /calendar-integrations/google/authorize',
      ],
      [
        c.integrations.connect({ provider: 'icloud', username: 'a', password: 'b' }),
        'POST /calendar-integrations',
      ],
      [c.integrations.sync('i', { mode: 'full' }), 'POST /calendar-integrations/i/sync'],
      [c.integrations.syncStatus('i'), 'GET /calendar-integrations/i/sync-status'],
      [c.integrations.conflicts('i', { status: 'open' }), 'GET /calendar-integrations/i/conflicts'],
      [
        c.integrations.resolveConflict('i', 'k', {
          resolution: 'merged',
          merged: { locationType: 'external' },
        }),
        'POST /calendar-integrations/i/conflicts/k/resolve',
      ],
      [
        c.integrations.syncAttempts('i', { status: 'fail' }),
        'GET /calendar-integrations/i/sync-attempts',
      ],
      [
        c.integrations.reprocessAttempt('i', 'a'),
        'POST /calendar-integrations/i/sync-attempts/a/reprocess',
      ],
      [c.appointments.create({ title: 't', start: 's', end: 'e' }), 'POST /appointments'],
      [c.appointments.upsert({ title: 't', start: 's', end: 'e' }), 'POST /appointments'],
      [c.appointments.get('a'), 'GET /appointments/a'],
      [c.appointments.update('a', { title: 't' }), 'PATCH /appointments/a'],
      [c.appointments.replace('a', { title: 't', start: 's', end: 'e' }), 'PUT /appointments/a'],
      [c.appointments.cancel('a'), 'DELETE /appointments/a'],
      [c.appointments.resync('a'), 'POST /appointments/a/resync'],
      [c.availability.get({ from: 'f', to: 't' }), 'GET /availability'],
      [c.availability.check({ start: 's', end: 'e' }), 'POST /availability/check'],
      [c.approvals.decide('p', { action: 'approve' }), 'POST /approvals/p'],
      [c.videoMeetings.create({ appointmentId: 'a', platform: 'zoom' }), 'POST /video-meetings'],
      [c.videoMeetings.get('v'), 'GET /video-meetings/v'],
      [c.videoMeetings.update('v', { settings: { waitingRoom: true } }), 'PUT /video-meetings/v'],
      [c.videoMeetings.delete('v'), 'DELETE /video-meetings/v'],
      [c.changes.list({ after: 3 }), 'GET /changes'],
      [c.webhookEndpoints.create({ url: 'https://h/w' }), 'POST /webhook-endpoints'],
      [c.webhookEndpoints.get('w'), 'GET /webhook-endpoints/w'],
      [c.webhookEndpoints.delete('w'), 'DELETE /webhook-endpoints/w'],
      [c.users.export('u'), 'GET /users/u/export'],
      [c.users.erase('u', { deleteExternalEvents: true }), 'DELETE /users/u'],
    ];
    await Promise.all(calls.map(([call]) => call));
    expect(requests.map((r) => `${r.method} ${r.url.pathname.replace('/api/v1', '')}`)).toEqual(
      calls.map(([, route]) => route),
    );
    const bodyOf = (route: string) => requests[calls.findIndex(([, r]) => r === route)]!.body;
    expect(bodyOf('POST /calendar-integrations/i/conflicts/k/resolve')).toEqual({
      resolution: 'merged',
      merged: { location_type: 'external' },
    });
    expect(bodyOf('POST /video-meetings')).toEqual({ appointment_id: 'a', platform: 'zoom' });
    expect(requests.at(-1)!.url.search).toBe('?delete_external_events=true');
  });

  it('answers undefined for an empty body', async () => {
    const { fetch } = fakeFetch(new Response(null, { status: 204 }));
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 't', fetch });
    await expect(calsync.webhookEndpoints.delete('w')).resolves.toBeUndefined();
  });
});
