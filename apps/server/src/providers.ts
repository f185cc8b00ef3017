import { ProviderRegistry, type Connectors, type Hono } from './provider-types.js';
import type { ServerConfig } from './config.js';
import type { ServerContext, SharedLimits, SyncRuntime } from '@calsync/server';
import { setUpGoogle } from './providers/google.js';
import { setUpMicrosoft } from './providers/microsoft.js';
import { setUpCalDAV } from './providers/caldav.js';

/** Everything the configured providers contribute to a process. */
export interface ProviderSetup {
  registry: ProviderRegistry;
  connectors: Connectors;
  /** Provider webhook routers, mounted under `/api/v1` without bearer authentication. */
  publicRoutes: Hono[];
  /** Notes for the start-up banner, e.g. which providers point at the sandbox. */
  notes: string[];
}

/** Where a provider's API lives: the real service, or the sandbox mounted in this process. */
export interface ProviderEndpoints {
  /** `http://…/sandbox` when sandboxed, else undefined (the real services). */
  sandboxBaseUrl: () => string | undefined;
  fetch: typeof fetch;
  now: () => Date;
  /** The process's context: provider webhook routes look channels up and enqueue pulls with it. */
  ctx: ServerContext;
  /** The sync runtime, once the jobs are registered (lifecycle notifications renew channels with it). */
  sync: () => SyncRuntime | undefined;
  /** Provider quotas held in Postgres for every process (absent: each process keeps its own). */
  sharedLimits?: SharedLimits;
}

/**
 * Builds the provider registry, connect flows and webhook routes from the configuration: each
 * provider with real credentials, or — with `CALSYNC_SANDBOX=1` — pointed at the sandbox (the one
 * at `CALSYNC_SANDBOX_URL` when set).
 */
export function setUpProviders(config: ServerConfig, given: ProviderEndpoints): ProviderSetup {
  const { sandboxUrl } = config;
  // CALSYNC_SANDBOX_URL: every provider talks to that shared sandbox, not this process's own.
  const endpoints: ProviderEndpoints =
    sandboxUrl === undefined ? given : { ...given, sandboxBaseUrl: () => sandboxUrl };
  const setup: ProviderSetup = {
    registry: new ProviderRegistry(),
    connectors: {},
    publicRoutes: [],
    notes: [],
  };
  // Each provider adds itself here (see the provider modules next to this file).
  setUpGoogle(setup, config, endpoints);
  setUpMicrosoft(setup, config, endpoints);
  setUpCalDAV(setup, config, endpoints);
  return setup;
}
