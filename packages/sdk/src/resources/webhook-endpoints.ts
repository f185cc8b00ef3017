import type { PageList } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';
import type {
  CreatedWebhookEndpoint as WireCreatedWebhookEndpoint,
  CreateWebhookEndpoint,
  Paths,
  WebhookDelivery as WireWebhookDelivery,
  WebhookEndpoint as WireWebhookEndpoint,
} from '../generated/api.js';
import type { CamelCase } from '../wire/case.js';
import { listOf, segment, type PageParams, type RequestOptions } from './common.js';

/** An outbound webhook endpoint. */
export type WebhookEndpoint = CamelCase<WireWebhookEndpoint>;
/** A new endpoint, with its signing secret (shown only once). */
export type CreatedWebhookEndpoint = CamelCase<WireCreatedWebhookEndpoint>;
/** `webhookEndpoints.create`: the URL and, optionally, which change types to send. */
export type WebhookEndpointCreateParams = CamelCase<CreateWebhookEndpoint>;
/** One delivery of a change to an endpoint. */
export type WebhookDelivery = CamelCase<WireWebhookDelivery>;
/** `webhookEndpoints.deliveries` filters, and the page. */
export type WebhookDeliveryListParams = CamelCase<
  Paths['/webhook-endpoints/{id}/deliveries']['get']['query']
>;

/** `calsync.webhookEndpoints`: signed outbound webhooks of the change feed (secret key only). */
export interface WebhookEndpointsAPI {
  /**
   * Registers an endpoint; verify `webhook-signature` with the returned `secret`.
   *
   * @example
   * const { id, secret } = await calsync.webhookEndpoints.create({
   *   url: 'https://host.example/calsync/webhooks',
   *   eventTypes: ['appointment.updated'],
   * });
   */
  create(
    params: WebhookEndpointCreateParams,
    options?: RequestOptions,
  ): Promise<CreatedWebhookEndpoint>;
  /**
   * The tenant's endpoints; `await` it or `for await` over it.
   *
   * @example
   * for await (const endpoint of calsync.webhookEndpoints.list()) console.log(endpoint.url);
   */
  list(params?: PageParams, options?: RequestOptions): PageList<WebhookEndpoint>;
  /**
   * One endpoint.
   *
   * @example
   * const { enabled, disabledReason } = await calsync.webhookEndpoints.get(id);
   */
  get(id: string, options?: RequestOptions): Promise<WebhookEndpoint>;
  /**
   * Deletes an endpoint and its delivery log.
   *
   * @example
   * await calsync.webhookEndpoints.delete(id);
   */
  delete(id: string, options?: RequestOptions): Promise<void>;
  /**
   * An endpoint's delivery log, newest first.
   *
   * @example
   * for await (const d of calsync.webhookEndpoints.deliveries(id, { status: 'failed' })) log(d);
   */
  deliveries(
    id: string,
    params?: WebhookDeliveryListParams,
    options?: RequestOptions,
  ): PageList<WebhookDelivery>;
}

/**
 * Binds the webhook endpoints namespace to a transport.
 *
 * @example
 * const webhookEndpoints = webhookEndpointsAPI(createTransport(options));
 */
export function webhookEndpointsAPI(transport: Transport): WebhookEndpointsAPI {
  const base = '/webhook-endpoints';
  const path = (id: string): string => `${base}/${segment(id)}`;
  return {
    create: (body, options) => transport.json({ method: 'POST', path: base, body, ...options }),
    list: (query, options) => listOf(transport, base, query, options),
    get: (id, options) => transport.json({ method: 'GET', path: path(id), ...options }),
    delete: async (id, options) => {
      await transport.json({ method: 'DELETE', path: path(id), ...options });
    },
    deliveries: (id, query, options) => listOf(transport, `${path(id)}/deliveries`, query, options),
  };
}
