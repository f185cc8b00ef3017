import { describe, expect, test } from 'vitest';
import { NonRetryableProviderError, type ProviderErrorClass, errorClassOf } from '@calsync/core';
import { translateGoogleError } from '../src/errors.js';
import { googleErrorFor, parseRetryAfter } from '../src/index.js';

describe('Google failure → core error class (PROTOCOLS.md §1.10)', () => {
  const rows: [number | null, string | null, ProviderErrorClass][] = [
    [null, null, 'transient'],
    [400, 'timeRangeEmpty', 'non_retryable'],
    [400, 'invalid', 'non_retryable'],
    [401, 'authError', 'auth'],
    [403, 'userRateLimitExceeded', 'rate_limited'],
    [403, 'rateLimitExceeded', 'rate_limited'],
    [403, 'quotaExceeded', 'rate_limited'],
    [403, 'forbiddenForNonOrganizer', 'non_retryable'],
    [403, null, 'non_retryable'],
    [404, 'notFound', 'not_found'],
    [408, null, 'transient'],
    [409, 'duplicate', 'non_retryable'],
    [409, 'conflict', 'transient'],
    [410, 'fullSyncRequired', 'cursor_expired'],
    [410, 'updatedMinTooLongAgo', 'cursor_expired'],
    [410, null, 'cursor_expired'],
    [410, 'deleted', 'not_found'],
    [412, 'conditionNotMet', 'precondition_failed'],
    [429, 'rateLimitExceeded', 'rate_limited'],
    [500, 'backendError', 'transient'],
    [503, null, 'transient'],
  ];
  test.each(rows)('%s %s → %s', (status, reason, expected) => {
    const error = googleErrorFor({ status, reason, message: 'x', retryAfterSeconds: 3 });
    expect(errorClassOf(error)).toBe(expected);
    expect(error.status).toBe(status);
    expect(error.providerCode).toBe(reason);
  });

  test('Retry-After survives on rate limits', () => {
    expect(
      googleErrorFor({ status: 429, reason: null, message: 'x', retryAfterSeconds: 12 }),
    ).toMatchObject({
      retryAfterSeconds: 12,
    });
  });

  test('Retry-After: seconds or an HTTP date', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('a core error raised by the injected fetch', () => {
  test('keeps its class through the client library wrapping it', () => {
    const tooLarge = new NonRetryableProviderError('the answer is larger than 1024 bytes');
    const wrapped = new Error('request to https://www.googleapis.com failed', { cause: tooLarge });
    expect(() => translateGoogleError(wrapped, 0)).toThrow(tooLarge);
  });
});
