import {
  AuthError,
  NonRetryableProviderError,
  NotFoundError,
  RateLimitedError,
  TransientProviderError,
} from '@calsync/core';
import { describe, expect, it } from 'vitest';
import {
  networkError,
  parseRetryAfterSeconds,
  retryAfterFromMessage,
  toZoomError,
} from './errors.js';

const now = new Date('2026-11-20T23:59:00.000Z');

function failure(status: number, body: object | null, headers: Record<string, string> = {}) {
  return { status, body, headers: new Headers(headers), action: 'GET /meetings/1' };
}

describe('toZoomError', () => {
  it.each([
    [429, RateLimitedError],
    [500, TransientProviderError],
    [502, TransientProviderError],
    [503, TransientProviderError],
    [401, AuthError],
    [404, NotFoundError],
    [400, NonRetryableProviderError],
    [403, NonRetryableProviderError],
    [409, NonRetryableProviderError],
  ])('%i → %o', (status, errorClass) => {
    const error = toZoomError(failure(status, { code: 9, message: 'x' }), now);
    expect(error).toBeInstanceOf(errorClass);
    expect(error.status).toBe(status);
    expect(error.providerCode).toBe('9');
  });

  it('keeps the failure as cause and Zoom’s message and field errors in the message', () => {
    const input = failure(400, {
      code: 300,
      message: 'Validation Failed.',
      errors: [{ field: 'duration', message: 'Duration must be a whole number of minutes.' }],
    });
    const error = toZoomError(input, now);
    expect(error.cause).toBe(input);
    expect(error.message).toBe(
      'Zoom GET /meetings/1 failed (400): Validation Failed. (duration: Duration must be a whole number of minutes.)',
    );
  });

  it('reads an unknown user (404 code 1001) as non-retryable', () => {
    expect(
      toZoomError(failure(404, { code: 1001, message: 'User does not exist' }), now),
    ).toBeInstanceOf(NonRetryableProviderError);
  });

  it('survives a body that is not Zoom’s', () => {
    const error = toZoomError(failure(502, null), now);
    expect(error.providerCode).toBeNull();
    expect(error.message).toContain('no error body');
  });

  it('prefers Retry-After and falls back to the message', () => {
    const daily = {
      code: 429,
      message:
        'You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.',
    };
    const withHeader = toZoomError(failure(429, daily, { 'retry-after': '30' }), now);
    expect((withHeader as RateLimitedError).retryAfterSeconds).toBe(30);
    const withoutHeader = toZoomError(failure(429, daily), now);
    expect((withoutHeader as RateLimitedError).retryAfterSeconds).toBe(60);
    const unknown = toZoomError(failure(429, { code: 429, message: 'Slow down' }), now);
    expect((unknown as RateLimitedError).retryAfterSeconds).toBeNull();
  });
});

describe('parseRetryAfterSeconds', () => {
  it.each([
    ['12', 12],
    ['0.2', 1],
    ['2026-11-21T00:00:00Z', 60],
    ['Sat, 21 Nov 2026 00:00:00 GMT', 60],
    ['2026-11-20T00:00:00Z', 0],
    ['soon', null],
    ['', null],
  ])('%j → %s', (value, seconds) => {
    expect(parseRetryAfterSeconds(value, now)).toBe(seconds);
  });
  it('is null without a header', () => {
    expect(parseRetryAfterSeconds(null, now)).toBeNull();
  });
});

describe('retryAfterFromMessage', () => {
  it('knows the per-second and the daily limits only', () => {
    expect(retryAfterFromMessage('maximum per-second rate limit', now)).toBe(1);
    expect(retryAfterFromMessage('exceeded the daily rate limit (100)', now)).toBe(60);
    expect(retryAfterFromMessage('something else', now)).toBeNull();
  });
});

describe('networkError', () => {
  it('is transient and keeps the cause', () => {
    const cause = new TypeError('fetch failed');
    const error = networkError(cause, 'POST /users/me/meetings');
    expect(error).toBeInstanceOf(TransientProviderError);
    expect(error.cause).toBe(cause);
  });
});
