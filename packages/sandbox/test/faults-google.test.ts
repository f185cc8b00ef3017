import { afterEach, expect, test } from 'vitest';
import { SandboxControlClient } from '../src/index.js';
import { googleHarness, statusOf } from './harness.js';
import type { GoogleHarness } from './harness.js';

let h: GoogleHarness;
afterEach(() => h.close());

const EVENT = {
  id: 'lostresponse0001',
  summary: 'x',
  start: { dateTime: '2026-03-03T10:00:00Z' },
  end: { dateTime: '2026-03-03T11:00:00Z' },
};

test('when "after" performs the request and then answers with the failure (the lost-response case)', async () => {
  h = await googleHarness();
  const control = new SandboxControlClient(h.server.url);
  const fault = await control.addFault({
    provider: 'google',
    method: 'POST',
    pathPattern: '^/calendar/v3/calendars/[^/]+/events$',
    status: 503,
    retryAfterSeconds: 2,
    count: 1,
    when: 'after',
  });
  expect(fault).toMatchObject({ status: 503, remaining: 1, when: 'after', retryAfterSeconds: 2 });
  const lost = await statusOf(
    h.calendar.events.insert({ calendarId: 'primary', requestBody: EVENT }, h.call),
  );
  expect(lost.status).toBe(503);
  expect(lost.body).toMatchObject({
    error: { code: 503, errors: [{ reason: 'backendError', domain: 'global' }] },
  });
  // The write happened: the retry with the same client id meets 409, and the event is there.
  const retry = await statusOf(
    h.calendar.events.insert({ calendarId: 'primary', requestBody: EVENT }, h.call),
  );
  expect(retry.status).toBe(409);
  const got = await h.calendar.events.get({ calendarId: 'primary', eventId: EVENT.id }, h.call);
  expect(got.data.summary).toBe('x');
});

test('when "before" refuses without performing; the HTTP control client clears faults and resets', async () => {
  h = await googleHarness();
  const control = new SandboxControlClient(h.server.url);
  await control.addFault({
    provider: 'google',
    method: 'POST',
    pathPattern: /events$/,
    status: 500,
  });
  expect(
    (
      await statusOf(
        h.calendar.events.insert({ calendarId: 'primary', requestBody: EVENT }, h.call),
      )
    ).status,
  ).toBe(500);
  await control.clearFaults();
  expect(
    (await statusOf(h.calendar.events.get({ calendarId: 'primary', eventId: EVENT.id }, h.call)))
      .status,
  ).toBe(404);
  await control.reset();
  expect((await statusOf(h.calendar.calendarList.list({}, h.call))).status).toBe(401);
  const again = await control.createAccount({ provider: 'google', email: h.email });
  expect(again.calendars).toHaveLength(2);
  await expect(
    control.expire({ provider: 'google', email: 'ghost@example.com', what: 'sync_tokens' }),
  ).rejects.toMatchObject({
    status: 404,
    code: 'unknown_account',
  });
  await expect(control.addFault({ provider: 'google', pathPattern: '(' })).rejects.toMatchObject({
    code: 'invalid_request',
  });
});

test('control access_token expiry answers 401 authError', async () => {
  h = await googleHarness();
  await h.server.sandbox.control.expire({
    provider: 'google',
    email: h.email,
    what: 'access_token',
  });
  const { status, body } = await statusOf(h.calendar.calendarList.list({}, h.call));
  expect(status).toBe(401);
  expect(body).toMatchObject({
    error: { errors: [{ reason: 'authError', location: 'Authorization' }] },
  });
});
