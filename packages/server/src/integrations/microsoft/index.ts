import type { Hono } from 'hono';
import type { OAuthConnector } from '../../connect/connectors.js';
import type { AppEnv } from '../../http/env.js';
import type { ProviderEntry } from '../../providers/registry.js';
import { microsoftConnector } from './connector.js';
import { microsoftProviderEntry } from './entry.js';
import type { MicrosoftIntegrationOptions } from './options.js';
import { BackgroundTasks, microsoftWebhookRoutes } from './webhook.js';

export type { Lazy, MicrosoftIntegrationOptions } from './options.js';
export { deferLifecycleNotification, handleLifecycleNotification } from './lifecycle.js';
export type { LifecycleAction } from './lifecycle.js';

/** Everything the server needs to offer Outlook / Microsoft 365 calendars. */
export interface MicrosoftIntegration {
  readonly provider: 'microsoft';
  /** Register as `registry.register('microsoft', integration.entry)`. */
  readonly entry: ProviderEntry;
  /** `connectors.microsoft`: the `/calendar-integrations/outlook/*` connect flow. */
  readonly connector: OAuthConnector;
  /** Public router (`POST /webhooks/microsoft`), mounted under `/api/v1` without auth. */
  readonly routes: Hono<AppEnv>;
  /** Resolves once lifecycle work started by notifications has finished (tests, shutdown). */
  idle(): Promise<void>;
}

/**
 * Wires the Microsoft Graph adapter into the server: the registry entry (adapter per connection,
 * one limiter per mailbox, refresh with rotation), the OAuth connector and the webhook route.
 *
 * @example
 * const microsoft = microsoftIntegration({ clientId, clientSecret, tenant, context: ctx, sync: () => rt });
 * registry.register('microsoft', microsoft.entry);
 * const app = createApp(ctx, { sync: rt, connectors: { microsoft: microsoft.connector },
 *   publicRoutes: [microsoft.routes] });
 */
export function microsoftIntegration(options: MicrosoftIntegrationOptions): MicrosoftIntegration {
  const tasks = new BackgroundTasks();
  return {
    provider: 'microsoft',
    entry: microsoftProviderEntry(options),
    connector: microsoftConnector(options),
    routes: microsoftWebhookRoutes({
      ...(options.context ? { context: options.context } : {}),
      ...(options.sync ? { sync: options.sync } : {}),
      tasks,
    }),
    idle: () => tasks.idle(),
  };
}
