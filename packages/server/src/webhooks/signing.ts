import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix of webhook signing secrets, as in the Standard Webhooks scheme. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** Largest clock difference {@link verifyWebhook} accepts, in seconds (the scheme's advice). */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

/** A signature that does not match, or a timestamp too far from now. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  readonly code = 'webhook_verification_failed';
}

/** A new signing secret: `whsec_` and 24 random bytes in base64. */
export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(24).toString('base64');
}

function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX)
    ? secret.slice(WEBHOOK_SECRET_PREFIX.length)
    : secret;
  return Buffer.from(encoded, 'base64');
}

/** The three headers of one signed message. */
export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs a message per the Standard Webhooks scheme: `v1,` and the base64 HMAC-SHA256 of
 * `id.timestamp.body`, keyed with the base64-decoded part of the secret.
 *
 * @example
 * const headers = signWebhook(secret, 'evt_42', 1780304400, '{"type":"appointment.created"}');
 */
export function signWebhook(
  secret: string,
  messageId: string,
  timestampSeconds: number,
  body: string,
): WebhookHeaders {
  const signature = createHmac('sha256', secretKey(secret))
    .update(`${messageId}.${timestampSeconds}.${body}`)
    .digest('base64');
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': `v1,${signature}`,
  };
}

/**
 * Checks a received message the way a host should: one of the space-separated `v1,` signatures
 * matches, and the timestamp is within {@link WEBHOOK_TOLERANCE_SECONDS} of `nowSeconds`.
 * Throws {@link WebhookVerificationError} otherwise.
 *
 * @example
 * verifyWebhook(secret, req.headers, rawBody, Math.floor(Date.now() / 1000));
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  nowSeconds: number,
): void {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const id = header('webhook-id');
  const timestamp = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('missing headers');
  const timestampSeconds = Number(timestamp);
  if (
    !Number.isInteger(timestampSeconds) ||
    Math.abs(nowSeconds - timestampSeconds) > WEBHOOK_TOLERANCE_SECONDS
  ) {
    throw new WebhookVerificationError('timestamp outside the tolerance');
  }
  const expected = Buffer.from(
    signWebhook(secret, id, timestampSeconds, body)['webhook-signature'],
  );
  const matches = signatures.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookVerificationError('no signature matches');
}
