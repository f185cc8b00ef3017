import { Hono } from 'hono';
import { answerValidation, parseGraphNotifications } from '@calsync/microsoft';
import type { AppEnv } from '../../http/env.js';
import { errorResponse } from '../../http/errors.js';
import { enqueuePull } from '../../jobs/queues.js';
import {
  channelSecretMatches,
  findActiveChannels,
  type WatchChannelRow,
} from '../../store/watch-channels.js';
import type { ServerContext } from '../../context.js';
import type { SyncRuntime } from '../../sync/runtime.js';
import {
  deferLifecycleNotification,
  handleLifecycleNotification,
  type LifecycleAction,
} from './lifecycle.js';

/** Runs lifecycle work after the answer, and lets a test or a shutdown wait for it. */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  /** Starts a task; failures go to `onError`, never to the caller. */
  run(task: () => Promise<void>, onError: (error: unknown) => void): void {
    const promise = task()
      .catch(onError)
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  /** Resolves once every started task has settled. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}

interface VerifiedChannel {
  readonly channel: WatchChannelRow;
  readonly clientState: string;
}

/** Most items one Graph notification may carry; a longer `value` array is refused (413). */
export const MAX_NOTIFICATION_ITEMS = 100;

/** The `value` items of a notification body; `[]` when there is none. */
function itemsOf(body: unknown): unknown[] {
  const items = (body as { value?: unknown } | null)?.value;
  return Array.isArray(items) ? (items as unknown[]) : [];
}

/**
 * Channels named by the notification items whose clientState matches the stored hash, looked up
 * in one query for all of them (none when no item names a subscription).
 */
async function verifyChannels(
  ctx: ServerContext,
  items: readonly unknown[],
): Promise<Map<string, VerifiedChannel>> {
  const claimed = new Map<string, string[]>();
  for (const raw of items) {
    const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const { subscriptionId, clientState } = item;
    if (typeof subscriptionId !== 'string' || typeof clientState !== 'string') continue;
    const states = claimed.get(subscriptionId) ?? [];
    if (!states.includes(clientState)) states.push(clientState);
    claimed.set(subscriptionId, states);
  }
  const verified = new Map<string, VerifiedChannel>();
  const channels = await findActiveChannels(ctx.sql, [...claimed.keys()]);
  for (const channel of channels) {
    if (channel.provider !== 'microsoft' || !channel.calendar_id) continue;
    const clientState = claimed
      .get(channel.channel_id)
      ?.find((state) => channelSecretMatches(channel, state));
    if (clientState !== undefined) verified.set(channel.channel_id, { channel, clientState });
  }
  return verified;
}

/**
 * The public route Graph posts to, `POST /webhooks/microsoft` (mounted under `/api/v1`):
 * - `?validationToken=…` (subscription creation): 200 `text/plain` echoing the token;
 * - change notifications: each item's `clientState` is checked against the channel's stored
 *   hash, then one pull of the channel's calendar is enqueued (coalesced), stamped with the
 *   receipt time for the notification-to-applied latency metric;
 * - lifecycle notifications: `reauthorizationRequired` renews, `missed` resyncs,
 *   `subscriptionRemoved` subscribes again and resyncs — after the answer;
 * - answers 202 at once; a request with nothing acceptable in it is 403 with no detail of why;
 * - at most {@link MAX_NOTIFICATION_ITEMS} items (413 `too_many_notifications` beyond), all looked
 *   up in one query; the body limit of the API (256 KB) and the per-source rate limit of
 *   `/webhooks/*` apply before anything is read.
 *
 * @example
 * app.route('/api/v1', microsoftWebhookRoutes({ sync: () => rt, tasks: new BackgroundTasks() }));
 */
export function microsoftWebhookRoutes(options: {
  readonly context?: ServerContext;
  readonly sync?: () => SyncRuntime | undefined;
  readonly tasks: BackgroundTasks;
}): Hono<AppEnv> {
  const router = new Hono<AppEnv>();
  router.post('/webhooks/microsoft', async (c) => {
    const validation = answerValidation(c.req.url);
    if (validation) return c.text(validation.body, validation.status, validation.headers);
    const rt = options.sync?.();
    const ctx = rt?.ctx ?? options.context;
    if (!ctx) return errorResponse(c, 503, 'sync_unavailable', 'Not ready; retry later.');
    const receivedAt = ctx.now();
    const body: unknown = await c.req.json().catch(() => null);
    const items = itemsOf(body);
    if (items.length > MAX_NOTIFICATION_ITEMS) {
      return errorResponse(
        c,
        413,
        'too_many_notifications',
        `A notification may carry at most ${MAX_NOTIFICATION_ITEMS} items.`,
      );
    }
    const verified = await verifyChannels(ctx, items);
    const parsed = parseGraphNotifications(
      body,
      (subscriptionId) => verified.get(subscriptionId)?.clientState ?? null,
    );
    if (parsed.rejected.length) {
      ctx.logger.warn(
        { provider: 'microsoft', rejected: parsed.rejected.length },
        'refused provider notifications',
      );
    }
    if (!parsed.changes.length && !parsed.lifecycle.length) {
      return errorResponse(c, 403, 'forbidden', 'Notification refused.');
    }
    const pulled = new Set<string>();
    for (const change of parsed.changes) {
      const { channel } = verified.get(change.subscriptionId)!;
      if (pulled.has(channel.calendar_id!)) continue;
      pulled.add(channel.calendar_id!);
      await enqueuePull(ctx.jobs, {
        calendarId: channel.calendar_id!,
        connectionId: channel.connection_id,
        reason: 'notification',
        notifiedAt: receivedAt.toISOString(),
      });
    }
    // A repeated lifecycle item asks for the same work: it is done once per notification.
    const started = new Set<string>();
    for (const item of parsed.lifecycle) {
      const { channel } = verified.get(item.subscriptionId)!;
      const action: LifecycleAction = item.action;
      if (started.has(`${channel.id}:${action}`)) continue;
      started.add(`${channel.id}:${action}`);
      options.tasks.run(
        () =>
          rt
            ? handleLifecycleNotification(rt, channel, action)
            : deferLifecycleNotification(ctx, channel, action),
        (err) =>
          ctx.logger.error(
            { err, provider: 'microsoft', channel_id: channel.id, action },
            'subscription lifecycle handling failed',
          ),
      );
    }
    return c.body(null, 202);
  });
  return router;
}
