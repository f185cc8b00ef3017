import type { ServerContext } from '../context.js';
import { insertDeliveries } from '../store/webhook-deliveries.js';
import {
  advanceEndpointCursor,
  advanceIdleEndpoints,
  listEndpointsBehind,
  lockEndpointForDispatch,
} from '../store/webhook-endpoints.js';
import { WEBHOOK_DELIVERY_QUEUE } from './deliver.js';
import { listFeedChanges, settledHorizon, type HorizonOptions } from './feed.js';

/** What one {@link dispatchChanges} pass did. */
export interface DispatchResult {
  /** Deliveries created (and their first attempts enqueued). */
  deliveries: number;
  /** True when an endpoint had more changes than one batch: run again at once. */
  more: boolean;
}

/** Options of a dispatch pass. */
export interface DispatchOptions {
  /** Changes per endpoint per transaction; default 200. */
  batchSize?: number;
  horizon?: HorizonOptions;
}

/**
 * Turns new change-feed rows into webhook deliveries. Each enabled endpoint keeps a cursor over
 * `changes.seq`; in one transaction per endpoint the changes after it (up to the settled horizon,
 * filtered by the endpoint's event types) become `webhook_deliveries` rows, their first attempts
 * are enqueued, and the cursor moves. A crash rolls all three back together, so a change is
 * neither lost nor delivered twice as two rows. Several processes may run passes at once: an
 * endpoint another process is dispatching is skipped (`for update skip locked`).
 *
 * @example
 * while ((await dispatchChanges(ctx)).more);
 */
export async function dispatchChanges(
  ctx: ServerContext,
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  const result: DispatchResult = { deliveries: 0, more: false };
  const horizon = await settledHorizon(ctx.sql, options.horizon);
  if (horizon === null) return { deliveries: 0, more: true };
  const batchSize = options.batchSize ?? 200;
  await advanceIdleEndpoints(ctx.sql, horizon);
  for (const endpointId of await listEndpointsBehind(ctx.sql, horizon)) {
    await ctx.sql.begin(async (tx) => {
      const endpoint = await lockEndpointForDispatch(tx, endpointId);
      if (!endpoint || endpoint.cursor_seq >= horizon) return;
      const changes = await listFeedChanges(tx, {
        tenantId: endpoint.tenant_id,
        userId: null,
        afterSeq: endpoint.cursor_seq,
        uptoSeq: horizon,
        limit: batchSize,
        types: endpoint.event_types,
      });
      const ids = await insertDeliveries(tx, {
        tenantId: endpoint.tenant_id,
        endpointId: endpoint.id,
        changeSeqs: changes.map((c) => c.seq),
        now: ctx.now(),
      });
      for (const deliveryId of ids) {
        await ctx.jobs.send(WEBHOOK_DELIVERY_QUEUE, { deliveryId }, {}, tx);
      }
      const full = changes.length === batchSize;
      await advanceEndpointCursor(tx, endpoint.id, full ? changes.at(-1)!.seq : horizon);
      result.deliveries += ids.length;
      if (full) result.more = true;
    });
  }
  return result;
}
