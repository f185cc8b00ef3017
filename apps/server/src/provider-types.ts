/** Types and classes the provider modules share, re-exported from one place. */
export { ProviderRegistry } from '@calsync/server';
export type { Connectors, ProviderEntry, OAuthConnector, CalDAVConnector } from '@calsync/server';
export type { Hono } from 'hono';
