import {
  NonRetryableProviderError,
  RateLimitedError,
  TransientProviderError,
  retryDecisionFor,
} from '@calsync/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { VideoMeetingRequest } from '../src/index.js';
import { startZoomSandbox } from './support/zoom-sandbox.js';
import type { ZoomTestEnv } from './support/zoom-sandbox.js';

const DAILY_MESSAGE =
  'You have exceeded the daily rate limit (2) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.';

let env: ZoomTestEnv;
let host: string;
let sequence = 0;

beforeAll(async () => {
  // Two writes a day keep the daily-cap test short; the real figure is 100.
  env = await startZoomSandbox({ zoom: { rateLimits: { dailyMeetingWritesPerUser: 2 } } });
});
afterAll(() => env.close());
beforeEach(async () => {
  await env.server.sandbox.control.reset();
  host = await env.host();
  env.calls.length = 0;
});

function appointment(overrides: Partial<VideoMeetingRequest> = {}): VideoMeetingRequest {
  sequence++;
  return {
    appointmentId: `apt_limits_${sequence}`,
    title: 'Check-in',
    startsAtUTC: '2026-11-26T08:00:00.000Z',
    endsAtUTC: '2026-11-26T08:30:00.000Z',
    timeZone: 'Asia/Tokyo',
    hostEmail: host,
    ...overrides,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );
}

describe('100/day/user create+update counter with the exact 429 message and UTC reset; per-second bucket; headers optionally absent', () => {
  it('maps the daily cap to RateLimitedError waiting until 00:00 UTC', async () => {
    const zoom = env.provider();
    const first = await zoom.createMeeting(appointment());
    await zoom.updateMeeting(
      first.meetingId,
      appointment({ appointmentId: `apt_limits_${sequence}` }),
    );

    const failure = await failureOf(zoom.createMeeting(appointment()));

    expect(failure).toBeInstanceOf(RateLimitedError);
    const limited = failure as RateLimitedError;
    expect(limited.status).toBe(429);
    expect(limited.providerCode).toBe('429');
    expect(limited.message).toContain(DAILY_MESSAGE);
    // The clock reads 09:00 UTC: fifteen hours to midnight.
    expect(limited.retryAfterSeconds).toBe(15 * 3600);
  });

  it('resets the daily cap at 00:00 UTC by the injected clock', async () => {
    const zoom = env.provider();
    await zoom.createMeeting(appointment());
    await zoom.createMeeting(appointment());
    await expect(zoom.createMeeting(appointment())).rejects.toBeInstanceOf(RateLimitedError);
    env.advanceMs(15 * 3600_000);
    await expect(zoom.createMeeting(appointment())).resolves.toMatchObject({
      meetingId: expect.stringMatching(/^\d+$/),
    });
  });

  it('takes Retry-After seconds from the answer', async () => {
    await env.server.sandbox.control.addFault({
      provider: 'zoom',
      method: 'POST',
      pathPattern: '/meetings$',
      status: 429,
      retryAfterSeconds: 7,
      count: 1,
    });
    const failure = await failureOf(env.provider().createMeeting(appointment()));
    expect(failure).toBeInstanceOf(RateLimitedError);
    expect((failure as RateLimitedError).retryAfterSeconds).toBe(7);
    const decision = retryDecisionFor(failure, { attempt: 1, random: () => 0.5 });
    expect(decision).toMatchObject({ kind: 'retry' });
    expect(decision.kind === 'retry' && decision.delayMs).toBeGreaterThanOrEqual(7000);
  });

  it('reads the wait from the message when Retry-After is missing', async () => {
    await env.server.sandbox.control.addFault({
      provider: 'zoom',
      method: 'GET',
      pathPattern: '/meetings$',
      status: 429,
      count: 1,
      body: {
        code: 429,
        message:
          'You have reached the maximum per-second rate limit for this API. Try again later.',
      },
    });
    const failure = await failureOf(env.provider().createMeeting(appointment()));
    expect(failure).toBeInstanceOf(RateLimitedError);
    expect((failure as RateLimitedError).retryAfterSeconds).toBe(1);
  });

  it('maps the emulator’s per-second bucket to RateLimitedError', async () => {
    const zoom = env.provider();
    const created = await zoom.createMeeting(appointment());
    const results = await Promise.allSettled(
      Array.from({ length: 90 }, () => zoom.getMeeting(created.meetingId)),
    );
    const limited = results.filter((r) => r.status === 'rejected').map((r) => r.reason as unknown);
    expect(limited.length).toBeGreaterThan(0);
    for (const error of limited) {
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryAfterSeconds).toBe(1);
    }
  });
});

describe('Validation errors in {code:300, message, errors[]} shape', () => {
  it('maps a 400 to NonRetryableProviderError carrying Zoom’s code and field messages', async () => {
    const failure = await failureOf(
      env
        .provider()
        .createMeeting(appointment({ settings: { alternativeHosts: ['not an email'] } })),
    );
    expect(failure).toBeInstanceOf(NonRetryableProviderError);
    const error = failure as NonRetryableProviderError;
    expect(error.status).toBe(400);
    expect(error.providerCode).toBe('300');
    expect(error.message).toContain('Validation Failed.');
    expect(error.message).toContain('settings.alternative_hosts');
  });

  it('treats an unknown host user (404 code 1001) as configuration, not a vanished meeting', async () => {
    const failure = await failureOf(
      env.provider().createMeeting(appointment({ hostEmail: 'nobody@zoom.test' })),
    );
    expect(failure).toBeInstanceOf(NonRetryableProviderError);
    expect((failure as NonRetryableProviderError).providerCode).toBe('1001');
  });
});

describe('server failures and lost connections', () => {
  it('maps 5xx to TransientProviderError with the original response as cause', async () => {
    await env.server.sandbox.control.addFault({
      provider: 'zoom',
      method: 'DELETE',
      status: 503,
      retryAfterSeconds: 3,
      count: 1,
    });
    const failure = await failureOf(env.provider().deleteMeeting('81234567890'));
    expect(failure).toBeInstanceOf(TransientProviderError);
    expect((failure as TransientProviderError).retryAfterSeconds).toBe(3);
    expect((failure as TransientProviderError).cause).toMatchObject({ status: 503 });
  });

  it('maps a request without an answer to TransientProviderError', async () => {
    const zoom = env.provider();
    const created = await zoom.createMeeting(appointment());
    env.fetch.failNext();
    const failure = await failureOf(zoom.getMeeting(created.meetingId));
    expect(failure).toBeInstanceOf(TransientProviderError);
    expect((failure as TransientProviderError).cause).toBeInstanceOf(TypeError);
  });
});
