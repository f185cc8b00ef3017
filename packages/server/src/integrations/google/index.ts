import { RequestPacers } from '@calsync/google';
import type { Hono } from 'hono';
import type { OAuthConnector } from '../../connect/connectors.js';
import type { ServerContext } from '../../context.js';
import type { ProviderEntry } from '../../providers/registry.js';
import { googleConnector } from './connector.js';
import type { GoogleIntegrationOptions } from './options.js';
import { googleProviderEntry, type PacerFor } from './provider-entry.js';
import { sharedPacers } from './shared-pacers.js';
import { googleWebhookRoutes } from './webhook.js';

export type { GoogleIntegrationOptions } from './options.js';
export { resolveGoogleEndpoints } from './options.js';
export { refreshGoogleCredentials, googleProviderEntry } from './provider-entry.js';
export { googleConnector } from './connector.js';
export { googleWebhookRoutes } from './webhook.js';

/** Everything Google contributes to a server process. */
export interface GoogleIntegration {
  readonly provider: 'google';
  /** For `registry.register('google', entry)`. */
  readonly entry: ProviderEntry;
  /** For `connectors.google`. */
  readonly connector: OAuthConnector;
  /** `POST /webhooks/google`, for `publicRoutes` (mounted under `/api/v1`). */
  webhookRoutes(ctx: ServerContext): Hono;
}

/**
 * Google Calendar for a server process: the registry entry (adapter + token refresh), the OAuth
 * connector and the webhook router, sharing one request pacer per Google account (across
 * processes when `sharedLimits` is given).
 *
 * @example
 * const google = googleIntegration({ clientId, clientSecret, fetch, now: ctx.now });
 * registry.register('google', google.entry);
 * const app = createApp(ctx, {
 *   sync, connectors: { google: google.connector }, publicRoutes: [google.webhookRoutes(ctx)],
 * });
 */
export function googleIntegration(options: GoogleIntegrationOptions): GoogleIntegration {
  const pacers = new RequestPacers(
    options.requestsPerMinute === undefined ? {} : { requestsPerMinute: options.requestsPerMinute },
  );
  const { sharedLimits } = options;
  const pacerFor: PacerFor = sharedLimits
    ? sharedPacers(sharedLimits, pacers, options.requestsPerMinute)
    : (account) => pacers.for(account);
  return {
    provider: 'google',
    entry: googleProviderEntry(options, pacerFor),
    connector: googleConnector(options),
    webhookRoutes: (ctx) => googleWebhookRoutes(ctx),
  };
}
