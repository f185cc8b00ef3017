import type { WatchChannel, WatchRequest } from '@calsync/core';
import { NonRetryableProviderError, NotFoundError } from '@calsync/core';
import {
  CLIENT_STATE_MAX_LENGTH,
  SUBSCRIPTION_CHANGE_TYPES,
  SUBSCRIPTION_MAX_MINUTES,
} from '../facts.js';
import type { GraphApi } from '../graph/client.js';

/** Stay this far inside Graph's maximum so clock skew never makes a create fail. */
const EXPIRY_SAFETY_SECONDS = 120;

/** Graph `subscription`, the properties the adapter reads. */
interface GraphSubscription {
  readonly id?: string;
  readonly expirationDateTime?: string;
}

/**
 * When a subscription asked for `requestedTtlSeconds` should expire: never beyond Graph's
 * maximum for Outlook events (minus a safety margin).
 *
 * @example
 * subscriptionExpiry(new Date('2026-03-01T00:00:00Z'), 3600).toISOString() // '2026-03-01T01:00:00.000Z'
 */
export function subscriptionExpiry(now: Date, requestedTtlSeconds: number): Date {
  const maxSeconds = SUBSCRIPTION_MAX_MINUTES * 60 - EXPIRY_SAFETY_SECONDS;
  const ttlSeconds = Math.max(60, Math.min(requestedTtlSeconds, maxSeconds));
  return new Date(now.getTime() + ttlSeconds * 1000);
}

function channelFrom(
  subscription: GraphSubscription,
  calendarId: string,
  fallbackExpiry: Date,
): WatchChannel {
  if (!subscription.id)
    throw new NonRetryableProviderError('Graph created a subscription without an id');
  const expiresMs = Date.parse(subscription.expirationDateTime ?? '');
  return {
    channelId: subscription.id,
    resourceId: subscription.id,
    calendarId,
    expiresAt: new Date(
      Number.isNaN(expiresMs) ? fallbackExpiry.getTime() : expiresMs,
    ).toISOString(),
  };
}

/**
 * Creates a subscription to one calendar's events. Graph validates `notificationUrl` (and the
 * lifecycle URL) before answering, so the server's webhook route must already answer the
 * handshake with {@link answerValidation}. `clientState` is the verification token.
 */
export async function createSubscription(
  graph: GraphApi,
  now: Date,
  request: WatchRequest,
  lifecycleNotificationUrl: string,
): Promise<WatchChannel> {
  if (request.verificationToken.length > CLIENT_STATE_MAX_LENGTH) {
    throw new NonRetryableProviderError(
      `clientState longer than ${CLIENT_STATE_MAX_LENGTH} characters`,
    );
  }
  const expiry = subscriptionExpiry(now, request.requestedTtlSeconds);
  const subscription = await graph.post<GraphSubscription>(
    '/subscriptions',
    {
      changeType: SUBSCRIPTION_CHANGE_TYPES,
      notificationUrl: request.callbackUrl,
      lifecycleNotificationUrl,
      resource: `me/calendars/${encodeURIComponent(request.calendarId)}/events`,
      expirationDateTime: expiry.toISOString(),
      clientState: request.verificationToken,
    },
    { action: 'create subscription' },
  );
  return channelFrom(subscription, request.calendarId, expiry);
}

/** Extends a subscription (`PATCH expirationDateTime`); 404 means it is gone: watch again. */
export async function renewSubscription(
  graph: GraphApi,
  now: Date,
  channel: WatchChannel,
  requestedTtlSeconds: number,
): Promise<WatchChannel> {
  const expiry = subscriptionExpiry(now, requestedTtlSeconds);
  const subscription = await graph.patch<GraphSubscription>(
    `/subscriptions/${encodeURIComponent(channel.resourceId)}`,
    { expirationDateTime: expiry.toISOString() },
    { action: 'renew subscription' },
  );
  return channelFrom(
    { ...subscription, id: subscription.id ?? channel.resourceId },
    channel.calendarId,
    expiry,
  );
}

/** Deletes a subscription; already gone counts as done. */
export async function deleteSubscription(graph: GraphApi, channel: WatchChannel): Promise<void> {
  try {
    await graph.delete(`/subscriptions/${encodeURIComponent(channel.resourceId)}`, {
      action: 'delete subscription',
    });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
}
