import type { PgBoss } from 'pg-boss';
import type { ServerContext } from '../context.js';
import { recordWebhookAttempt } from '../metrics/registry.js';
import { createGuardedFetch } from '../net/guarded-fetch.js';
import {
  deliverWebhook,
  deliveryPolicy,
  WEBHOOK_DELIVERY_QUEUE,
  type DeliveryOptions,
} from '../webhooks/deliver.js';

/** Data of a delivery job. */
export interface WebhookDeliveryJob {
  deliveryId: string;
}

/**
 * Creates the delivery queue and, on worker processes, works it: each job is one attempt of one
 * delivery (see `deliverWebhook`). Retries of a failed attempt are new jobs with `startAfter`, so
 * the schedule is the webhook one, not pg-boss's; pg-boss's own retry only covers a crashed worker.
 * Each attempt counts into `calsync_webhook_attempts_total`.
 *
 * @example
 * await registerWebhookDelivery(boss, ctx, { runsWorkers: role !== 'api' });
 */
export async function registerWebhookDelivery(
  boss: PgBoss,
  ctx: ServerContext,
  options: DeliveryOptions & { runsWorkers: boolean; concurrency?: number },
): Promise<void> {
  await boss.createQueue(WEBHOOK_DELIVERY_QUEUE, { retryLimit: 3, retryDelay: 30 });
  if (!options.runsWorkers) return;
  // One guarded fetch for the worker, so connections to an endpoint are kept alive.
  const send =
    options.fetch ??
    createGuardedFetch({
      policy: deliveryPolicy(options),
      ...(options.resolveHost ? { resolveHost: options.resolveHost } : {}),
      onUnreachable: (details) => ctx.logger.debug(details, 'webhook endpoint not reached'),
    });
  await boss.work<WebhookDeliveryJob>(
    WEBHOOK_DELIVERY_QUEUE,
    { localConcurrency: options.concurrency ?? 4, pollingIntervalSeconds: 1 },
    async ([job]) => {
      if (!job) return;
      await deliverWebhook(ctx, job.data.deliveryId, {
        ...options,
        fetch: send,
        onAttempt: (outcome) => {
          recordWebhookAttempt(outcome.status);
          options.onAttempt?.(outcome);
        },
      });
    },
  );
}
