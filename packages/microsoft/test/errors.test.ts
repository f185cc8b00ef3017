import { GraphError } from '@microsoft/microsoft-graph-client';
import { NonRetryableProviderError } from '@calsync/core';
import { describe, expect, test } from 'vitest';
import { parseRetryAfterSeconds, toProviderError } from '../src/index.js';

const now = new Date('2026-03-01T00:00:00.000Z');

function graphError(
  status: number,
  code: string | null,
  headers: Record<string, string> = {},
): GraphError {
  const error = new GraphError(status, `${code ?? 'no code'} message`);
  error.code = code;
  error.headers = new Headers(headers);
  return error;
}

describe('Graph errors → core classes', () => {
  test.each([
    [401, 'InvalidAuthenticationToken', 'auth'],
    [403, 'ErrorAccessDenied', 'non_retryable'],
    [404, 'ErrorItemNotFound', 'not_found'],
    [409, 'ErrorIrresistibleConflict', 'transient'],
    [410, 'SyncStateNotFound', 'cursor_expired'],
    [400, 'syncStateNotFound', 'cursor_expired'],
    [400, 'resyncRequired', 'cursor_expired'],
    [412, 'PreconditionFailed', 'precondition_failed'],
    [429, 'TooManyRequests', 'rate_limited'],
    [400, 'ErrorDuplicateTransactionId', 'non_retryable'],
    [400, 'ErrorInvalidRequest', 'non_retryable'],
    [500, 'InternalServerError', 'transient'],
    [502, null, 'transient'],
    [503, null, 'transient'],
    [504, null, 'transient'],
  ])('%i %s → %s', (status, code, errorClass) => {
    const translated = toProviderError(graphError(status, code), now);
    expect(translated.errorClass).toBe(errorClass);
    expect(translated.status).toBe(status);
    expect(translated.cause).toBeInstanceOf(GraphError);
  });

  test('network failures (no status) are transient; Retry-After is read', () => {
    expect(toProviderError(new TypeError('fetch failed'), now).errorClass).toBe('transient');
    expect(toProviderError(graphError(-1, 'TypeError'), now).errorClass).toBe('transient');
    const limited = toProviderError(
      graphError(429, 'TooManyRequests', { 'Retry-After': '12' }),
      now,
    );
    expect(limited).toMatchObject({
      errorClass: 'rate_limited',
      retryAfterSeconds: 12,
      providerCode: 'TooManyRequests',
    });
  });

  test('Retry-After as seconds or HTTP date', () => {
    expect(parseRetryAfterSeconds('5', now)).toBe(5);
    expect(parseRetryAfterSeconds('Sun, 01 Mar 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfterSeconds('soon', now)).toBeNull();
    expect(parseRetryAfterSeconds(null, now)).toBeNull();
  });
});

describe('a core error raised by the injected fetch', () => {
  test('keeps its class when the Graph client wraps it', () => {
    const tooLarge = new NonRetryableProviderError('the answer is larger than 1024 bytes');
    const wrapped = new Error('fetch failed', { cause: tooLarge });
    expect(toProviderError(wrapped, now)).toBe(tooLarge);
  });
});
