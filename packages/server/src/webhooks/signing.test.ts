import { describe, expect, it } from 'vitest';
import { retryDelaySeconds, WEBHOOK_MAX_ATTEMPTS } from './backoff.js';
import {
  generateWebhookSecret,
  signWebhook,
  verifyWebhook,
  WebhookVerificationError,
} from './signing.js';

// The reference vector of the Standard Webhooks libraries.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = 1614265330;
const BODY = '{"test": 2432232314}';

describe('Standard Webhooks signatures', () => {
  it('matches the reference signature', () => {
    expect(signWebhook(SECRET, ID, TIMESTAMP, BODY)).toEqual({
      'webhook-id': ID,
      'webhook-timestamp': String(TIMESTAMP),
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('verifies a good message, among several signatures', () => {
    const headers = signWebhook(SECRET, ID, TIMESTAMP, BODY);
    const rotated = {
      ...headers,
      'webhook-signature': `v1,bm90IGl0 ${headers['webhook-signature']}`,
    };
    expect(() => verifyWebhook(SECRET, rotated, BODY, TIMESTAMP + 10)).not.toThrow();
  });

  it.each([
    ['a changed body', (h: Record<string, string>) => h, '{"test": 1}', TIMESTAMP],
    ['another secret', (h: Record<string, string>) => h, BODY, TIMESTAMP, generateWebhookSecret()],
    ['an old timestamp', (h: Record<string, string>) => h, BODY, TIMESTAMP + 301],
    [
      'a missing header',
      ({ 'webhook-id': _id, ...rest }: Record<string, string>) => rest,
      BODY,
      TIMESTAMP,
    ],
  ])('rejects %s', (_label, edit, body, now, secret = SECRET) => {
    const headers = edit({ ...signWebhook(SECRET, ID, TIMESTAMP, BODY) });
    expect(() => verifyWebhook(secret, headers, body, now)).toThrow(WebhookVerificationError);
  });

  it('makes secrets in the whsec_ form', () => {
    expect(generateWebhookSecret()).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
  });
});

describe('retry schedule', () => {
  it('backs off 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then stops', () => {
    const delays = Array.from({ length: WEBHOOK_MAX_ATTEMPTS }, (_, i) => retryDelaySeconds(i + 1));
    expect(delays).toEqual([5, 300, 1800, 7200, 18_000, 36_000, 36_000, null]);
  });
});
