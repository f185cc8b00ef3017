import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createMicrosoftAdapter, MailboxLimiter, type RequestLimiter } from '@calsync/microsoft';
import { createSandbox, type Sandbox } from '@calsync/sandbox';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type SQL } from '../db/connect.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { microsoftProviderEntry } from '../integrations/microsoft/entry.js';
import type { StoredCredentials } from '../providers/credentials.js';
import type { ConnectionRow } from '../store/connections.js';
import { SharedLimits } from './shared-limits.js';
import { SharedMailboxLimiter } from './shared-mailbox-limiter.js';

/**
 * Two processes (each its own connection pool and limiter) calling Graph for one mailbox; the
 * sandbox in front of which the requests in flight are counted.
 */
describe('Graph concurrency per mailbox across processes', () => {
  let db: TestDatabase;
  let pools: SQL[];
  let sandbox: Sandbox;
  let server: ServerType;
  let graphBaseUrl = '';
  const seen = { inFlight: 0, peak: 0, requests: 0 };

  beforeAll(async () => {
    db = await createTestDatabase();
    pools = [connectDatabase(db.url, { max: 4 }), connectDatabase(db.url, { max: 4 })];
    let origin = '';
    // Each request takes a while, so that requests of both processes overlap at the sandbox.
    sandbox = createSandbox({ publicBaseUrl: () => origin, latencyMs: 40 });
    const root = new Hono();
    root.use('/sandbox/microsoft/v1.0/*', async (_c, next) => {
      seen.requests++;
      seen.inFlight++;
      seen.peak = Math.max(seen.peak, seen.inFlight);
      try {
        await next();
      } finally {
        seen.inFlight--;
      }
    });
    root.route('/sandbox', sandbox.app);
    server = await new Promise((resolve) => {
      const started = serve({ fetch: root.fetch, hostname: '127.0.0.1', port: 0 }, () =>
        resolve(started),
      );
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    graphBaseUrl = `${origin}/sandbox/microsoft`;
  });
  afterAll(async () => {
    sandbox.close();
    await new Promise<void>((resolve) => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      server.close(() => resolve());
    });
    await Promise.all(pools.map((pool) => pool.end()));
    await db.drop();
  });

  /** Sends `calls` requests for one mailbox, alternating between the two processes' limiters. */
  async function callFromTwoProcesses(
    email: string,
    limiters: readonly [RequestLimiter, RequestLimiter],
    calls: number,
  ): Promise<void> {
    const account = await sandbox.control.createAccount({ provider: 'microsoft', email });
    const adapters = limiters.map((limiter) =>
      createMicrosoftAdapter(
        {
          fetch: (input, init) => fetch(input, init),
          now: () => new Date(),
          getAccessToken: async () => account.access_token,
        },
        { graphBaseUrl, limiter },
      ),
    );
    seen.peak = 0;
    seen.requests = 0;
    const results = await Promise.allSettled(
      Array.from({ length: calls }, (_, i) => adapters[i % 2]!.listCalendars()),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  }

  it('keeps at most 4 requests in flight for the mailbox, whichever process sends them', async () => {
    const email = 'shared@contoso.test';
    const limiters = pools.map(
      (pool) =>
        new SharedMailboxLimiter(
          new SharedLimits(pool),
          `graph:${email}`,
          { maxConcurrent: 4 },
          new MailboxLimiter(),
        ),
    );
    await callFromTwoProcesses(email, [limiters[0]!, limiters[1]!], 16);
    expect(seen.requests).toBeGreaterThanOrEqual(16);
    expect(seen.peak).toBeLessThanOrEqual(4);
    expect(seen.peak).toBeGreaterThan(1);
    // Every slot went back.
    expect(await db.sql`select 1 from shared_limit_slots where key = ${`graph:${email}`}`).toEqual(
      [],
    );
  });

  it('is what the Microsoft integration uses per mailbox when given the shared limits', async () => {
    const email = 'wired@contoso.test';
    const account = await sandbox.control.createAccount({ provider: 'microsoft', email });
    const adapters = pools.map((pool) =>
      microsoftProviderEntry({
        clientId: 'id',
        clientSecret: 'secret',
        baseUrl: graphBaseUrl,
        sharedLimits: new SharedLimits(pool),
      }).createAdapter({
        connection: {
          id: 'connection',
          account_email: email,
          privacy_level: 'full',
        } as unknown as ConnectionRow,
        credentials: { accessToken: account.access_token } as StoredCredentials,
        context: {
          fetch: (input, init) => fetch(input, init),
          now: () => new Date(),
          getAccessToken: async () => account.access_token,
        },
      }),
    );
    seen.peak = 0;
    await Promise.all(Array.from({ length: 16 }, (_, i) => adapters[i % 2]!.listCalendars()));
    expect(seen.peak).toBeLessThanOrEqual(4);
  });

  it('(control) lets 8 through when each process only limits itself', async () => {
    await callFromTwoProcesses(
      'apart@contoso.test',
      [new MailboxLimiter(), new MailboxLimiter()],
      16,
    );
    expect(seen.peak).toBeGreaterThan(4);
  });
});
