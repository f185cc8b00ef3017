/** Types and classes the provider modules share, re-exported from one place. */
export { ProviderRegistry } from '@calsync/server';
export type { Connectors, ProviderEntry, OAuthConnector, CalDAVConnector } from '@calsync/server';
/** A router of provider webhooks, mounted without bearer authentication. */
export type { PublicRouter as Hono } from '@calsync/server';
