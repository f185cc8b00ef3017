import { createHash, timingSafeEqual } from 'node:crypto';

/** Google's resource states: `sync` right after `watch`, then `exists` / `not_exists`. */
export type GoogleResourceState = 'sync' | 'exists' | 'not_exists';

/** A verified channel notification. It carries no data: run an incremental pull. */
export interface GoogleNotification {
  readonly channelId: string;
  readonly resourceId: string;
  readonly state: GoogleResourceState;
  /** 1 for the `sync` message, then increasing (not necessarily by one). */
  readonly messageNumber: number;
  readonly resourceUri: string | null;
  /** `X-Goog-Channel-Expiration` as an instant, when sent and readable. */
  readonly channelExpiresAt: string | null;
}

/** Why a notification was refused (answer 4xx; never run a pull for it). */
export type GoogleNotificationRejection =
  | { readonly reason: 'missing_header'; readonly header: string }
  | { readonly reason: 'bad_token' }
  | { readonly reason: 'unknown_state'; readonly state: string }
  | { readonly reason: 'bad_message_number'; readonly value: string };

/** The outcome of {@link parseGoogleNotification}. */
export type GoogleNotificationResult =
  | { readonly ok: true; readonly notification: GoogleNotification }
  | { readonly ok: false; readonly rejection: GoogleNotificationRejection };

/** Request headers as Fetch `Headers`, or Node's `IncomingHttpHeaders`-like record. */
export type NotificationHeaders =
  Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

const STATES: readonly GoogleResourceState[] = ['sync', 'exists', 'not_exists'];

function headerOf(headers: NotificationHeaders, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : (value[0] ?? null);
  }
  return null;
}

/** Constant-time string equality: both sides are hashed first so lengths never leak. */
function sameSecret(received: string, expected: string): boolean {
  const a = createHash('sha256').update(received, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * Reads and verifies a Google Calendar push notification (PROTOCOLS.md §1.9) from its headers
 * alone — Calendar notifications have no body. `X-Goog-Channel-Token` must equal the token the
 * channel was opened with (compared in constant time). Pure: no I/O, no clock.
 *
 * @example
 * const result = parseGoogleNotification(request.headers, channel.verificationToken);
 * if (!result.ok) return new Response(null, { status: 401 });
 * if (result.notification.state !== 'sync') enqueuePull(result.notification.channelId);
 */
export function parseGoogleNotification(
  headers: NotificationHeaders,
  expectedToken: string,
): GoogleNotificationResult {
  const read = (name: string): string | GoogleNotificationRejection => {
    const value = headerOf(headers, name);
    return value === null || value === '' ? { reason: 'missing_header', header: name } : value;
  };
  const token = headerOf(headers, 'X-Goog-Channel-Token');
  if (token === null || !sameSecret(token, expectedToken))
    return { ok: false, rejection: { reason: 'bad_token' } };
  const channelId = read('X-Goog-Channel-ID');
  if (typeof channelId !== 'string') return { ok: false, rejection: channelId };
  const resourceId = read('X-Goog-Resource-ID');
  if (typeof resourceId !== 'string') return { ok: false, rejection: resourceId };
  const state = read('X-Goog-Resource-State');
  if (typeof state !== 'string') return { ok: false, rejection: state };
  if (!STATES.includes(state as GoogleResourceState)) {
    return { ok: false, rejection: { reason: 'unknown_state', state } };
  }
  const rawNumber = read('X-Goog-Message-Number');
  if (typeof rawNumber !== 'string') return { ok: false, rejection: rawNumber };
  if (!/^\d+$/.test(rawNumber))
    return { ok: false, rejection: { reason: 'bad_message_number', value: rawNumber } };
  const expiration = headerOf(headers, 'X-Goog-Channel-Expiration');
  const expirationMs = expiration === null ? Number.NaN : Date.parse(expiration);
  return {
    ok: true,
    notification: {
      channelId,
      resourceId,
      state: state as GoogleResourceState,
      messageNumber: Number(rawNumber),
      resourceUri: headerOf(headers, 'X-Goog-Resource-URI'),
      channelExpiresAt: Number.isNaN(expirationMs) ? null : new Date(expirationMs).toISOString(),
    },
  };
}
