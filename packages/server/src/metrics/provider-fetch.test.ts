import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../net/test-servers.js';
import { instrumentProviderFetch } from './provider-fetch.js';
import { metricsRegistry } from './registry.js';

async function sample(name: string, labels: string): Promise<number> {
  const line = (await metricsRegistry.metrics())
    .split('\n')
    .find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

describe('instrumentProviderFetch', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer((req, res) => {
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end('{}');
    });
  });
  afterAll(() => server.close());

  it('counts and times requests by provider, method and status, and failures as error', async () => {
    const probeFetch = instrumentProviderFetch('probe', fetch);
    const ok = 'provider="probe",method="GET",status="200"';
    const missing = 'provider="probe",method="DELETE",status="404"';
    const failed = 'provider="probe",method="GET",status="error"';
    const before = {
      ok: await sample('calsync_provider_requests_total', ok),
      missing: await sample('calsync_provider_requests_total', missing),
      failed: await sample('calsync_provider_requests_total', failed),
    };

    expect((await probeFetch(`${server.url}/calendars/secret-id`)).status).toBe(200);
    expect((await probeFetch(`${server.url}/missing`, { method: 'delete' })).status).toBe(404);
    await expect(probeFetch('http://127.0.0.1:1/')).rejects.toThrow();

    expect(await sample('calsync_provider_requests_total', ok)).toBe(before.ok + 1);
    expect(await sample('calsync_provider_requests_total', missing)).toBe(before.missing + 1);
    expect(await sample('calsync_provider_requests_total', failed)).toBe(before.failed + 1);
    expect(await sample('calsync_provider_request_duration_seconds_count', ok)).toBe(before.ok + 1);
    // The URL is never a label.
    expect(await metricsRegistry.metrics()).not.toContain('secret-id');
  });
});
