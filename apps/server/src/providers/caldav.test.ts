import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { ProviderEndpoints, ProviderSetup } from '../providers.js';
import { ProviderRegistry } from '../provider-types.js';
import { setUpCalDAV } from './caldav.js';

function setUp(env: Record<string, string>): ProviderSetup {
  const config = loadConfig(env, '/tmp');
  const setup: ProviderSetup = {
    registry: new ProviderRegistry(),
    connectors: {},
    publicRoutes: [],
    notes: [],
  };
  const endpoints = {
    sandboxBaseUrl: () => (config.sandbox ? `${config.baseUrl}/sandbox` : undefined),
    fetch,
    now: () => new Date(),
  } as ProviderEndpoints;
  setUpCalDAV(setup, config, endpoints);
  return setup;
}

describe('setUpCalDAV', () => {
  it('is always on, without any credentials', () => {
    const setup = setUp({});
    expect(setup.registry.has('caldav')).toBe(true);
    expect(setup.connectors.caldav).toBeDefined();
    expect(setup.notes.join('\n')).not.toContain('/sandbox/caldav/');
  });

  it("points at the sandbox's CalDAV server in the banner when sandboxed", () => {
    const setup = setUp({ CALSYNC_SANDBOX: '1', PORT: '8899' });
    expect(setup.notes.join('\n')).toContain('http://127.0.0.1:8899/sandbox/caldav/');
  });
});
