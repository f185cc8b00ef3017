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
import { ANY_ADDRESS, PUBLIC_ONLY, type AddressPolicy } from '../net/address-policy.js';
import { UNREACHABLE_MESSAGE, netErrorIn } from '../net/errors.js';
import { createGuardedFetch } from '../net/guarded-fetch.js';
import type { ResolveHost } from '../net/guarded-lookup.js';
import { literalTargetRefusal } from '../net/target-url.js';
import { retryDelaySeconds } from './backoff.js';
import { webhookBody, webhookMessageId } from './payload.js';
import { signWebhook } from './signing.js';

/** Queue of webhook delivery attempts: `{ deliveryId }`. */
export const WEBHOOK_DELIVERY_QUEUE = 'webhook-delivery';

/** Side effects of an attempt. */
export interface DeliveryOptions {
  /**
   * Default: a guarded fetch (`createGuardedFetch`) with `addressPolicy`, which checks the
   * address at connect time. An injected fetch only gets the literal-address check.
   */
  fetch?: typeof fetch;
  /** Which addresses endpoints may resolve to. Default public addresses only. */
  addressPolicy?: AddressPolicy;
  /** How long an endpoint may take to answer; default 10 000. */
  timeoutMs?: number;
  /**
   * Allow every address (same as `addressPolicy: ANY_ADDRESS`). Off by default, so a tenant
   * cannot make the server call into its own network; for local development and tests.
   * @deprecated Use `addressPolicy`.
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
  const policy = deliveryPolicy(options);
  if (literalTargetRefusal(row.url, policy)) {
    return { ok: false, statusCode: null, error: UNREACHABLE_MESSAGE };
  }
  const send =
    options.fetch ??
    createGuardedFetch({
      policy,
      keepAlive: false,
      ...(options.resolveHost ? { resolveHost: options.resolveHost } : {}),
    });
  try {
    const response = await send(row.url, {
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
    // The endpoint's owner reads this in the delivery log: one message for every network
    // failure, so the log cannot be used to map ports.
    const error = netErrorIn(cause)?.message ?? UNREACHABLE_MESSAGE;
    return { ok: false, statusCode: null, error };
  }
}

/** The address policy of deliveries: `addressPolicy`, else the deprecated flag, else public only. */
export function deliveryPolicy(options: DeliveryOptions): AddressPolicy {
  return options.addressPolicy ?? (options.allowPrivateNetworks ? ANY_ADDRESS : PUBLIC_ONLY);
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
