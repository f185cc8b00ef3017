import type { EmulatorContext } from '../emulator.js';
import { GraphError } from './errors.js';
import type { EventChange } from './event-service.js';
import { newToken } from './ids.js';
import type { MicrosoftEmulatorSettings } from './settings.js';
import type { MicrosoftState, StoredSubscription } from './state.js';

/** Lifecycle events Graph sends to `lifecycleNotificationUrl`. */
export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

/** What the emulator delivered or tried to deliver, for tests and diagnostics. */
export interface DeliveryRecord {
  url: string;
  notificationCount: number;
  attempt: number;
  status: number | 'timeout' | 'network-error';
}

/**
 * Delivers change and lifecycle notifications: batched per endpoint, a reply due within the
 * timeout, retried on failure with the configured delays, then dropped.
 */
export class Notifier {
  private readonly pending = new Map<string, Record<string, unknown>[]>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  readonly deliveries: DeliveryRecord[] = [];
  /** Moves on at `close()`, so deliveries in flight do not schedule retries afterwards. */
  private epoch = 0;

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly settings: MicrosoftEmulatorSettings,
    private readonly state: MicrosoftState,
  ) {}

  /** Performs the validation handshake; throws Graph's 400 when the endpoint does not echo the token. */
  async validate(notificationUrl: string): Promise<void> {
    const validationToken = `Validation: Testing client application reachability for subscription Request-Id: ${crypto.randomUUID()}`;
    const url = new URL(notificationUrl);
    url.searchParams.set('validationToken', validationToken);
    let ok: boolean;
    try {
      const response = await this.ctx.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: '',
        signal: AbortSignal.timeout(this.settings.validationTimeoutMs),
      });
      const text = await response.text();
      const contentType = response.headers.get('content-type') ?? '';
      ok =
        response.status === 200 && contentType.startsWith('text/plain') && text === validationToken;
    } catch {
      ok = false;
    }
    if (!ok) {
      throw new GraphError(
        400,
        'ValidationError',
        `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request. (${notificationUrl})`,
      );
    }
  }

  /** Queues a change notification for every live subscription covering the change. */
  onEventChange(change: EventChange): void {
    const nowMs = this.ctx.now().getTime();
    for (const subscription of this.state.subscriptions.values()) {
      if (subscription.userId !== change.userId || subscription.expirationMs <= nowMs) continue;
      if (subscription.calendarId !== null && subscription.calendarId !== change.calendarId)
        continue;
      if (
        subscription.calendarId === null &&
        this.state.calendars.get(change.calendarId)?.ownerUserId !== change.userId
      ) {
        continue;
      }
      if (!subscription.changeTypes.has(change.changeType)) continue;
      const event = this.state.events.get(change.eventId);
      const resource = `Users/${change.userId}/Events/${change.eventId}`;
      this.enqueue(subscription.notificationUrl, {
        id: newToken(''),
        subscriptionId: subscription.id,
        subscriptionExpirationDateTime: new Date(subscription.expirationMs).toISOString(),
        changeType: change.changeType,
        resource,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.Event',
          '@odata.id': resource,
          ...(event ? { '@odata.etag': `W/"${event.changeKey}"` } : {}),
          id: change.eventId,
        },
        clientState: subscription.clientState,
        tenantId: this.settings.tenantId,
      });
    }
  }

  /** Sends a lifecycle event; `subscriptionRemoved` also deletes the subscription. */
  sendLifecycle(subscription: StoredSubscription, lifecycleEvent: LifecycleEvent): void {
    if (lifecycleEvent === 'subscriptionRemoved') this.state.subscriptions.delete(subscription.id);
    if (!subscription.lifecycleNotificationUrl) return;
    this.enqueue(subscription.lifecycleNotificationUrl, {
      subscriptionId: subscription.id,
      subscriptionExpirationDateTime: new Date(subscription.expirationMs).toISOString(),
      tenantId: this.settings.tenantId,
      clientState: subscription.clientState,
      lifecycleEvent,
    });
  }

  /** Cancels every scheduled delivery and forgets queued notifications. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.pending.clear();
    this.epoch += 1;
  }

  private schedule(delayMs: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    this.timers.add(timer);
  }

  private enqueue(url: string, notification: Record<string, unknown>): void {
    const queue = this.pending.get(url);
    if (queue) {
      queue.push(notification);
      return;
    }
    this.pending.set(url, [notification]);
    this.schedule(this.settings.notificationBatchDelayMs, () => {
      const batch = this.pending.get(url) ?? [];
      this.pending.delete(url);
      void this.deliver(url, batch, 0);
    });
  }

  private async deliver(
    url: string,
    batch: Record<string, unknown>[],
    attempt: number,
  ): Promise<void> {
    const epoch = this.epoch;
    let status: DeliveryRecord['status'];
    try {
      const response = await this.ctx.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: batch }),
        signal: AbortSignal.timeout(this.settings.notificationTimeoutMs),
      });
      await response.body?.cancel();
      status = response.status;
    } catch (error) {
      status =
        error instanceof DOMException && error.name === 'TimeoutError'
          ? 'timeout'
          : 'network-error';
    }
    this.deliveries.push({ url, notificationCount: batch.length, attempt, status });
    if (typeof status === 'number' && status >= 200 && status < 300) return;
    const delayMs = this.settings.notificationRetryDelaysMs[attempt];
    if (delayMs === undefined || epoch !== this.epoch) return;
    this.schedule(delayMs, () => void this.deliver(url, batch, attempt + 1));
  }
}
