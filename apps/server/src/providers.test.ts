import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { setUpProviders, type ProviderEndpoints } from './providers.js';

function notesFor(env: Record<string, string>): string {
  const config = loadConfig(env, '/tmp');
  const endpoints = {
    sandboxBaseUrl: () => (config.sandbox ? `${config.baseUrl}/sandbox` : undefined),
    fetch,
    now: () => new Date(),
    ctx: {},
    sync: () => undefined,
  } as unknown as ProviderEndpoints;
  return setUpProviders(config, endpoints).notes.join('\n');
}

describe('setUpProviders', () => {
  it("points the providers at the process's own sandbox with CALSYNC_SANDBOX=1", () => {
    const notes = notesFor({ CALSYNC_SANDBOX: '1', PORT: '8899' });
    expect(notes).toContain('Google: sandbox emulator');
    expect(notes).toContain('http://127.0.0.1:8899/sandbox/caldav/');
  });

  it('points the providers at the shared sandbox of CALSYNC_SANDBOX_URL', () => {
    const notes = notesFor({ CALSYNC_SANDBOX_URL: 'http://127.0.0.1:9100/sandbox', PORT: '8899' });
    expect(notes).toContain('Google: sandbox emulator');
    expect(notes).toContain('Microsoft: sandbox emulator');
    expect(notes).toContain('http://127.0.0.1:9100/sandbox/caldav/');
    expect(notes).not.toContain('8899');
  });
});
