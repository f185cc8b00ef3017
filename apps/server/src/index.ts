/** Public API of @calsync/server-app: start a whole Calsync process from a configuration. */
export { loadConfig, ConfigError } from './config.js';
export type { ServerConfig, ProcessRole, OAuthClientConfig, ScalingConfig } from './config.js';
export { startCalsync } from './runtime.js';
export type { RunningCalsync } from './runtime.js';
export { ensureDevTenant, devTenantPath } from './dev-tenant.js';
export type { DevTenantFile } from './dev-tenant.js';
export { elementsRoutes, loadElementsAssets } from './elements-assets.js';
export type { ElementsAssets, ElementsFile } from './elements-assets.js';
export { resolveDatabase } from './database.js';
export type { ResolvedDatabase } from './database.js';
export { openCheckedKeyring, EncryptionKeysRequiredError } from './encryption-keys.js';
