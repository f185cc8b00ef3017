import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Pure helpers for the server's `POST /api/v1/webhooks/microsoft` route: the validation
 * handshake, and parsing + verifying change and lifecycle notifications (PROTOCOLS.md §2.8).
 */

/** The reply to a validation request. */
export interface ValidationAnswer {
  readonly status: 200;
  readonly headers: { readonly 'content-type': 'text/plain; charset=utf-8' };
  /** The URL-decoded `validationToken`, echoed verbatim. */
  readonly body: string;
}

/**
 * Answers Graph's validation handshake: a POST to the notification URL with
 * `?validationToken=…` must be answered within 10 s with 200, `text/plain` and the decoded
 * token. Returns `null` when the request is not a validation request.
 *
 * @example
 * const answer = answerValidation(c.req.url);
 * if (answer) return c.text(answer.body, answer.status, answer.headers);
 */
export function answerValidation(requestUrl: string | URL): ValidationAnswer | null {
  const url = typeof requestUrl === 'string' ? new URL(requestUrl, 'http://localhost') : requestUrl;
  const token = url.searchParams.get('validationToken');
  if (token === null) return null;
  return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: token };
}

/** A change to an event of a watched calendar: a hint to pull, not data. */
export interface GraphChangeNotification {
  readonly kind: 'change';
  readonly subscriptionId: string;
  readonly changeType: 'created' | 'updated' | 'deleted';
  readonly resource: string;
  readonly eventId: string | null;
  readonly etag: string | null;
  readonly tenantId: string | null;
  readonly subscriptionExpiresAt: string | null;
}

/** Lifecycle events and what the server should do about each. */
export const LIFECYCLE_ACTIONS = {
  /** Token or subscription near expiry, or permissions changed: renew (PATCH) or reauthorize. */
  reauthorizationRequired: 'renew',
  /** Graph dropped notifications: run a delta pull now. */
  missed: 'resync',
  /** The subscription is gone: watch again, then pull. */
  subscriptionRemoved: 'rewatch_and_resync',
} as const;

/** A Graph lifecycle event name. */
export type GraphLifecycleEvent = keyof typeof LIFECYCLE_ACTIONS;

/** A lifecycle notification (sent to `lifecycleNotificationUrl`). */
export interface GraphLifecycleNotification {
  readonly kind: 'lifecycle';
  readonly subscriptionId: string;
  readonly lifecycleEvent: GraphLifecycleEvent;
  readonly action: (typeof LIFECYCLE_ACTIONS)[GraphLifecycleEvent];
  readonly tenantId: string | null;
  readonly subscriptionExpiresAt: string | null;
}

/** An item that was dropped, and why. Never act on these. */
export interface RejectedNotification {
  readonly subscriptionId: string | null;
  readonly reason: 'client_state_mismatch' | 'malformed' | 'unknown_lifecycle_event';
}

/** What a notification POST contained. */
export interface ParsedGraphNotifications {
  readonly changes: readonly GraphChangeNotification[];
  readonly lifecycle: readonly GraphLifecycleNotification[];
  readonly rejected: readonly RejectedNotification[];
}

/** The expected clientState: one secret, or a lookup by subscription id (`null` = unknown). */
export type ExpectedClientState = string | ((subscriptionId: string) => string | null);

/** Compares two secrets in constant time (digests first, so lengths do not leak either). */
export function clientStateMatches(received: string, expected: string): boolean {
  const a = createHash('sha256').update(received).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && received.length === expected.length;
}

const CHANGE_TYPES = new Set(['created', 'updated', 'deleted']);

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

/**
 * Parses a notification POST body (change notifications and lifecycle events may be batched,
 * for several subscriptions) and verifies each item's `clientState`. Pure; the caller replies
 * 202 at once and enqueues pulls for the accepted items.
 *
 * @example
 * const parsed = parseGraphNotifications(await c.req.json(), (id) => channels.get(id)?.token ?? null);
 * for (const change of parsed.changes) enqueuePull(change.subscriptionId);
 */
export function parseGraphNotifications(
  body: unknown,
  expectedClientState: ExpectedClientState,
): ParsedGraphNotifications {
  const changes: GraphChangeNotification[] = [];
  const lifecycle: GraphLifecycleNotification[] = [];
  const rejected: RejectedNotification[] = [];
  const items = (body as { value?: unknown } | null)?.value;
  if (!Array.isArray(items))
    return { changes, lifecycle, rejected: [{ subscriptionId: null, reason: 'malformed' }] };
  for (const raw of items as unknown[]) {
    const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const subscriptionId = text(item.subscriptionId);
    if (!subscriptionId) {
      rejected.push({ subscriptionId: null, reason: 'malformed' });
      continue;
    }
    const expected =
      typeof expectedClientState === 'string'
        ? expectedClientState
        : expectedClientState(subscriptionId);
    const received = typeof item.clientState === 'string' ? item.clientState : '';
    if (expected === null || !clientStateMatches(received, expected)) {
      rejected.push({ subscriptionId, reason: 'client_state_mismatch' });
      continue;
    }
    const tenantId = text(item.tenantId);
    const subscriptionExpiresAt = text(item.subscriptionExpirationDateTime);
    if (item.lifecycleEvent !== undefined) {
      const event = item.lifecycleEvent;
      if (typeof event !== 'string' || !(event in LIFECYCLE_ACTIONS)) {
        rejected.push({ subscriptionId, reason: 'unknown_lifecycle_event' });
        continue;
      }
      const lifecycleEvent = event as GraphLifecycleEvent;
      lifecycle.push({
        kind: 'lifecycle',
        subscriptionId,
        lifecycleEvent,
        action: LIFECYCLE_ACTIONS[lifecycleEvent],
        tenantId,
        subscriptionExpiresAt,
      });
      continue;
    }
    const changeType = text(item.changeType);
    const resource = text(item.resource);
    if (!changeType || !CHANGE_TYPES.has(changeType) || !resource) {
      rejected.push({ subscriptionId, reason: 'malformed' });
      continue;
    }
    const data = (
      typeof item.resourceData === 'object' && item.resourceData !== null ? item.resourceData : {}
    ) as Record<string, unknown>;
    changes.push({
      kind: 'change',
      subscriptionId,
      changeType: changeType as GraphChangeNotification['changeType'],
      resource,
      eventId: text(data.id),
      etag: text(data['@odata.etag']),
      tenantId,
      subscriptionExpiresAt,
    });
  }
  return { changes, lifecycle, rejected };
}
