import { ProviderError } from '@calsync/core';

/** The one message for a refused address, a closed port, an unreachable host and a timeout. */
export const UNREACHABLE_MESSAGE = 'could not reach the server';

/**
 * A request on a user's behalf did not get an answer: the address is not allowed, the port is
 * closed, the host is unreachable or does not resolve, TLS failed, or it timed out. One message
 * for all of them, so a caller cannot map a private network's ports through our errors; the
 * reason is only logged (debug). Transient for the retry matrix: networks come back.
 *
 * @example
 * if (error instanceof ServerUnreachableError) reply(422, 'caldav_discovery_failed', error.message);
 */
export class ServerUnreachableError extends ProviderError {
  override readonly name = 'ServerUnreachableError';
  readonly errorClass = 'transient';
  readonly code = 'server_unreachable';
  constructor(options: { cause?: unknown } = {}) {
    super(UNREACHABLE_MESSAGE, options);
  }
}

/**
 * An answer's body is larger than the configured cap (`CALSYNC_PROVIDER_MAX_RESPONSE_BYTES`):
 * declared by `Content-Length` or counted while streaming. Not retried: the same request would
 * get the same answer.
 *
 * @example
 * if (error instanceof ResponseTooLargeError) logger.warn({ limit: error.limitBytes }, error.message);
 */
export class ResponseTooLargeError extends ProviderError {
  override readonly name = 'ResponseTooLargeError';
  readonly errorClass = 'non_retryable';
  readonly code = 'response_too_large';
  constructor(readonly limitBytes: number) {
    super(`the answer is larger than ${limitBytes} bytes`);
  }
}

/** The first `ResponseTooLargeError` / `ServerUnreachableError` in an error's `cause` chain. */
export function netErrorIn(error: unknown): ServerUnreachableError | ResponseTooLargeError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof ServerUnreachableError || current instanceof ResponseTooLargeError) {
      return current;
    }
    current = current.cause;
  }
  return null;
}
