import type { ServerContext } from '../context.js';
import { secretBinding } from '../crypto/secret-binding.js';
import { recordAudit } from '../store/audit.js';
import {
  failPendingDeliveries,
  findDeliveryForAttempt,
  hasDeliveredSince,
  recordDeliveryAttempt,
  type DeliveryAttemptRow,
} from '../store/webhook-deliveries.js';
import { disableWebhookEndpoint } from '../store/webhook-endpoints.js';
import { refuseUnsafeTarget, type ResolveHost } from './address-guard.js';
import { retryDelaySeconds } from './backoff.js';
import { webhookBody, webhookMessageId } from './payload.js';
import { signWebhook } from './signing.js';

/** Queue of webhook delivery attempts: `{ deliveryId }`. */
export const WEBHOOK_DELIVERY_QUEUE = 'webhook-delivery';

/** Side effects of an attempt. */
export interface DeliveryOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** How long an endpoint may take to answer; default 10 000. */
  timeoutMs?: number;
  /**
   * Allow URLs on loopback, private and link-local addresses. Off by default, so a tenant cannot
   * make the server call into its own network; turn on for local development and tests.
   */
  allowPrivateNetworks?: boolean;
  /** Resolves host names for that check; default DNS. */
  resolveHost?: ResolveHost;
  /** Called with the outcome of each attempt (metrics). */
  onAttempt?: (outcome: DeliveryOutcome) => void;
}

/** What one attempt did. */
export type DeliveryOutcome =
  | { status: 'delivered'; statusCode: number }
  | { status: 'retry_scheduled'; statusCode: number | null; error: string; delaySeconds: number }
  | { status: 'failed'; statusCode: number | null; error: string; endpointDisabled: boolean }
  | { status: 'skipped'; reason: string };

/** Why an endpoint was switched off after a delivery ran out of attempts. */
export const PERSISTENT_FAILURE_REASON =
  'a delivery failed every attempt and nothing was delivered since it was created';

async function post(
  row: DeliveryAttemptRow,
  secret: string,
  now: Date,
  options: DeliveryOptions,
): Promise<{ ok: boolean; statusCode: number | null; error: string | null }> {
  const change = { ...row, at: row.at.toISOString() };
  const body = webhookBody(change);
  const headers = signWebhook(
    secret,
    webhookMessageId(row.seq),
    Math.floor(now.getTime() / 1000),
    body,
  );
  if (!options.allowPrivateNetworks) {
    const refusal = await refuseUnsafeTarget(row.url, options.resolveHost);
    if (refusal) return { ok: false, statusCode: null, error: refusal };
  }
  try {
    const response = await (options.fetch ?? fetch)(row.url, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'user-agent': 'Calsync-Webhooks/1',
      },
      body,
      // A redirect is a failure: following it would send the signed payload somewhere unverified.
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { ok, statusCode: response.status, error: ok ? null : `HTTP ${response.status}` };
  } catch (cause) {
    const error = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    return { ok: false, statusCode: null, error: error.slice(0, 500) };
  }
}

/**
 * Makes one attempt of a delivery: signs and POSTs the change, records the attempt, and either
 * schedules the next one (see `WEBHOOK_RETRY_DELAYS_SECONDS`) or, after the last, marks it failed.
 * When a delivery fails for good and nothing reached the endpoint since that delivery was created,
 * the endpoint is disabled, its pending deliveries failed, and the audit log says why.
 *
 * @example
 * await deliverWebhook(ctx, job.data.deliveryId);
 */
export async function deliverWebhook(
  ctx: ServerContext,
  deliveryId: string,
  options: DeliveryOptions = {},
): Promise<DeliveryOutcome> {
  const outcome = await attempt(ctx, deliveryId, options);
  options.onAttempt?.(outcome);
  return outcome;
}

async function attempt(
  ctx: ServerContext,
  deliveryId: string,
  options: DeliveryOptions,
): Promise<DeliveryOutcome> {
  const row = await findDeliveryForAttempt(ctx.sql, deliveryId);
  if (!row) return { status: 'skipped', reason: 'no such delivery' };
  if (row.status !== 'pending') return { status: 'skipped', reason: `already ${row.status}` };
  if (!row.endpoint_enabled) {
    await failPendingDeliveries(ctx.sql, row.endpoint_id, 'endpoint disabled');
    return { status: 'skipped', reason: 'endpoint disabled' };
  }
  const now = ctx.now();
  const secret = ctx.keyring.decrypt(
    row.secret,
    secretBinding.webhookEndpointSecret(row.tenant_id, row.endpoint_id),
  );
  const result = await post(row, secret, now, options);
  const attempts = row.attempts + 1;
  if (result.ok) {
    await recordDeliveryAttempt(ctx.sql, deliveryId, {
      attempts,
      status: 'delivered',
      statusCode: result.statusCode,
      error: null,
      at: now,
      nextAttemptAt: null,
    });
    return { status: 'delivered', statusCode: result.statusCode ?? 200 };
  }
  const error = result.error ?? 'failed';
  const delaySeconds = retryDelaySeconds(attempts);
  if (delaySeconds !== null) {
    await ctx.sql.begin(async (tx) => {
      const recorded = await recordDeliveryAttempt(tx, deliveryId, {
        attempts,
        status: 'pending',
        statusCode: result.statusCode,
        error,
        at: now,
        nextAttemptAt: new Date(now.getTime() + delaySeconds * 1000),
      });
      if (recorded) {
        await ctx.jobs.send(
          WEBHOOK_DELIVERY_QUEUE,
          { deliveryId },
          { startAfter: delaySeconds },
          tx,
        );
      }
    });
    return { status: 'retry_scheduled', statusCode: result.statusCode, error, delaySeconds };
  }
  const endpointDisabled = await ctx.sql.begin(async (tx) => {
    const recorded = await recordDeliveryAttempt(tx, deliveryId, {
      attempts,
      status: 'failed',
      statusCode: result.statusCode,
      error,
      at: now,
      nextAttemptAt: null,
    });
    if (!recorded || (await hasDeliveredSince(tx, row.endpoint_id, row.created_at))) return false;
    if (!(await disableWebhookEndpoint(tx, row.endpoint_id, PERSISTENT_FAILURE_REASON, now))) {
      return false;
    }
    await failPendingDeliveries(tx, row.endpoint_id, 'endpoint disabled');
    await recordAudit(tx, {
      tenantId: row.tenant_id,
      actor: 'system',
      action: 'webhook_endpoint.disabled',
      targetType: 'webhook_endpoint',
      targetId: row.endpoint_id,
      details: { reason: PERSISTENT_FAILURE_REASON, last_error: error, delivery_id: deliveryId },
      at: now,
    });
    return true;
  });
  if (endpointDisabled) {
    ctx.logger.warn({ endpoint_id: row.endpoint_id }, 'webhook endpoint disabled');
  }
  return { status: 'failed', statusCode: result.statusCode, error, endpointDisabled };
}
