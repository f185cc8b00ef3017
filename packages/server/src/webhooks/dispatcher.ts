import type { ServerContext } from '../context.js';
import { changeHubFor } from './change-hub.js';
import { dispatchChanges, type DispatchOptions } from './dispatch.js';

/** A running dispatcher. */
export interface WebhookDispatcher {
  /** Finishes the current pass and stops. */
  stop(): Promise<void>;
}

/**
 * Runs {@link dispatchChanges} whenever the change feed is notified and, as a safety net for lost
 * notifications, every `intervalMs` (default 5000). Start one per worker process; several share
 * the work safely.
 *
 * @example
 * const dispatcher = await startWebhookDispatcher(ctx);
 * // on shutdown
 * await dispatcher.stop();
 */
export async function startWebhookDispatcher(
  ctx: ServerContext,
  options: DispatchOptions & { intervalMs?: number } = {},
): Promise<WebhookDispatcher> {
  const subscription = await changeHubFor(ctx.sql).subscribe(null);
  const intervalMs = options.intervalMs ?? 5000;
  let stopping = false;
  const loop = (async () => {
    while (!stopping && !subscription.closed) {
      try {
        const result = await dispatchChanges(ctx, options);
        if (result.more) continue;
      } catch (error) {
        ctx.logger.error({ err: error }, 'webhook dispatch failed');
      }
      await subscription.wait(intervalMs);
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      subscription.close();
      await loop;
    },
  };
}
