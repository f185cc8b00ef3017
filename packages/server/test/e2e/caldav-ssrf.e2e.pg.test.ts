import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCalDAVAdapter } from '@calsync/caldav';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { caldavIntegration } from '../../src/integrations/caldav/index.js';
import { createAddressPolicy, PUBLIC_ONLY } from '../../src/net/address-policy.js';
import { ServerUnreachableError, UNREACHABLE_MESSAGE } from '../../src/net/errors.js';
import { createGuardedFetch } from '../../src/net/guarded-fetch.js';
import {
  closedPortUrl,
  startLoopbackServer,
  startTarpit,
  type LoopbackServer,
} from '../../src/net/test-servers.js';
import { ProviderRegistry } from '../../src/providers/registry.js';
import { createApiKey } from '../../src/store/api-keys.js';
import { createTenant } from '../../src/store/tenants.js';
import { createSyncRuntime } from '../../src/sync/runtime.js';
import { apiClient, type ApiClient } from '../../src/testing/api-client.js';
import { createTestContext, type TestContext } from '../../src/testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/database.js';

/**
 * A malicious CalDAV server on 127.0.0.1 tries to make the server reach "private" hosts: its
 * discovery answers, redirects and calendar hrefs point at 127.0.0.2, which the address policy of
 * these tests refuses (127.0.0.1 is allowed, as an operator would allow one intranet server).
 * Every attack goes through the real API: `POST /calendar-integrations` with CalDAV credentials.
 */

type ErrorBody = { error: { code: string; message: string } };

const XML = { 'content-type': 'application/xml; charset=utf-8' };
const ALLOW_ONE = createAddressPolicy(['127.0.0.1']);
const TIMEOUT_MS = 300;

function multistatus(responses: { href: string; props: string }[]): string {
  const body = responses
    .map(
      (r) =>
        `<d:response><d:href>${r.href}</d:href><d:propstat><d:prop>${r.props}</d:prop>` +
        '<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>',
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">' +
    `${body}</d:multistatus>`
  );
}

const principalAt = (href: string) =>
  `<d:current-user-principal><d:href>${href}</d:href></d:current-user-principal>`;
const homeAt = (href: string) =>
  `<c:calendar-home-set><d:href>${href}</d:href></c:calendar-home-set>`;
const CALENDAR =
  '<d:resourcetype><d:collection/><c:calendar/></d:resourcetype><d:displayname>Work</d:displayname>';

let db: TestDatabase;
let t: TestContext;
let api: ApiClient;
let strictApi: ApiClient;
let inside: LoopbackServer;
let evil: LoopbackServer;
/** How the malicious server answers the next requests. */
let attack: (req: IncomingMessage, res: ServerResponse) => void = (req, res) => res.end();

beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTestContext(db);
  inside = await startLoopbackServer((req, res) => res.end('secret'), '127.0.0.2');
  evil = await startLoopbackServer((req, res) => attack(req, res));
  const tenant = await createTenant(db.sql, 'SSRF');
  const key = (await createApiKey(db.sql, tenant.id)).secret_key;
  const appWith = (policy: typeof ALLOW_ONE) => {
    const caldav = caldavIntegration({ addressPolicy: policy, timeoutMs: TIMEOUT_MS });
    const registry = new ProviderRegistry().register('caldav', caldav.entry);
    const sync = createSyncRuntime(t.ctx, registry, t.boss, { runsWorkers: false });
    return createApp(t.ctx, { sync, connectors: { caldav: caldav.connector } });
  };
  api = apiClient(appWith(ALLOW_ONE), key);
  strictApi = apiClient(appWith(PUBLIC_ONLY), key);
});

afterAll(async () => {
  await evil?.close();
  await inside?.close();
  await t?.close();
  await db?.drop();
});

const connect = (client: ApiClient, serverUrl: string) =>
  client.post<ErrorBody & { id?: string }>('/calendar-integrations', {
    provider: 'caldav',
    user_id: 'mallory',
    server_url: serverUrl,
    username: 'mallory',
    password: 'hunter2',
  });

const expectUnreachable = (res: { status: number; body: ErrorBody }) => {
  expect(res.status).toBe(422);
  expect(res.body.error).toMatchObject({
    code: 'caldav_discovery_failed',
    message: `CalDAV discovery failed: ${UNREACHABLE_MESSAGE}`,
  });
};

describe('CalDAV connect against a malicious server', () => {
  it('does not follow a current-user-principal on a private host', async () => {
    attack = (req, res) =>
      res
        .writeHead(207, XML)
        .end(
          multistatus([{ href: req.url ?? '/', props: principalAt(`${inside.url}/principal/`) }]),
        );
    expectUnreachable(await connect(api, `${evil.url}/`));
    expect(inside.requests).toHaveLength(0);
  });

  it('does not follow a calendar home on a private host, in an IPv4-mapped spelling', async () => {
    const home = `http://[::ffff:127.0.0.2]:${inside.port}/home/`;
    attack = (req, res) =>
      res
        .writeHead(207, XML)
        .end(
          multistatus([{ href: req.url ?? '/', props: principalAt('/principal/') + homeAt(home) }]),
        );
    expectUnreachable(await connect(api, `${evil.url}/`));
    expect(inside.requests).toHaveLength(0);
  });

  it.each([
    ['a private host', () => `${inside.url}/`],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    [
      'another port of the same host, spelled in decimal',
      () => `http://2130706434:${inside.port}/`,
    ],
  ])('does not follow a redirect to %s', async (_label, target) => {
    attack = (req, res) => res.writeHead(307, { location: target() }).end();
    expectUnreachable(await connect(api, `${evil.url}/`));
    expect(inside.requests).toHaveLength(0);
  });

  it.each([
    (port: number) => `http://127.0.0.2:${port}/`,
    (port: number) => `http://2130706434:${port}/`,
    (port: number) => `http://0177.0.0.2:${port}/`,
    (port: number) => `http://0x7f.0.0.2:${port}/`,
    (port: number) => `http://0x7f000002:${port}/`,
    (port: number) => `http://127.2:${port}/`,
    (port: number) => `http://[::ffff:127.0.0.2]:${port}/`,
    (port: number) => `http://[::ffff:7f00:2]:${port}/`,
  ])('refuses the server URL spelling %#', async (spell) => {
    expectUnreachable(await connect(api, spell(inside.port)));
    expect(inside.requests).toHaveLength(0);
  });

  it.each([
    (port: number) => `http://localhost:${port}/`,
    (port: number) => `http://caldav.localhost:${port}/`,
    (port: number) => `http://127.0.0.1:${port}/`,
    (port: number) => `http://0.0.0.0:${port}/`,
    (port: number) => `http://[::1]:${port}/`,
  ])('refuses loopback spelling %# in production', async (spell) => {
    const before = evil.requests.length;
    expectUnreachable(await connect(strictApi, spell(evil.port)));
    expect(evil.requests).toHaveLength(before);
  });

  it('answers a closed port, a tarpit and a refused address with the same error', async () => {
    const tarpit = await startTarpit();
    try {
      const answers = [
        await connect(api, await closedPortUrl()),
        await connect(api, `${tarpit.url}/`),
        await connect(api, `${inside.url}/`),
      ];
      for (const answer of answers) expectUnreachable(answer);
      expect(new Set(answers.map((a) => JSON.stringify(a.body.error))).size).toBe(1);
      // The tarpit held the connection; the connect step still answered.
      expect(tarpit.accepted()).toBeGreaterThan(0);
    } finally {
      await tarpit.close();
    }
  });
});

describe('CalDAV connect against a slow server', () => {
  it('gives the whole discovery one deadline, however quickly each request answers', async () => {
    const slow = await startLoopbackServer((req, res) => {
      const path = req.url ?? '/';
      const body =
        req.headers.depth === '1'
          ? multistatus([{ href: `${path}work/`, props: CALENDAR }])
          : multistatus([{ href: path, props: principalAt('/p/') + homeAt('/home/') }]);
      setTimeout(() => res.writeHead(207, XML).end(body), 150);
    });
    try {
      const patient = createGuardedFetch({ policy: ALLOW_ONE, timeoutMs: 10_000 });
      const connectWith = async (timeoutMs: number) => {
        const caldav = caldavIntegration({ fetch: patient, timeoutMs });
        return caldav.connector.connect({
          flavour: 'generic',
          serverUrl: `${slow.url}/`,
          username: 'ann',
          password: 'secret',
        });
      };
      // Three requests of 150 ms each: within a generous deadline, past a short one.
      expect((await connectWith(10_000)).ok).toBe(true);
      expect(await connectWith(250)).toEqual({
        ok: false,
        failure: {
          code: 'caldav_discovery_failed',
          message: `CalDAV discovery failed: ${UNREACHABLE_MESSAGE}`,
          hint: expect.any(String),
        },
      });
    } finally {
      await slow.close();
    }
  });
});

describe('CalDAV sync against calendar hrefs on a private host', () => {
  it('stores what discovery found but never reaches the private calendar', async () => {
    const privateCalendar = `${inside.url}/calendars/work/`;
    attack = (req, res) => {
      const depth = req.headers.depth;
      const path = req.url ?? '/';
      if (depth === '1') {
        res.writeHead(207, XML).end(
          multistatus([
            { href: path, props: '<d:resourcetype><d:collection/></d:resourcetype>' },
            { href: privateCalendar, props: CALENDAR },
          ]),
        );
        return;
      }
      res
        .writeHead(207, XML)
        .end(multistatus([{ href: path, props: principalAt('/p/') + homeAt('/home/') }]));
    };
    const connected = await connect(api, `${evil.url}/`);
    expect(connected.status).toBe(201);
    const adapter = createCalDAVAdapter(
      {
        fetch: createGuardedFetch({ policy: ALLOW_ONE, timeoutMs: TIMEOUT_MS }),
        now: () => new Date(),
        getAccessToken: async () => '',
      },
      {
        flavour: 'generic',
        username: 'mallory',
        password: 'hunter2',
        homeUrl: `${evil.url}/home/`,
      },
    );
    const calendars = await adapter.listCalendars();
    expect(calendars.map((c) => c.calendarId)).toEqual([privateCalendar]);
    const pulled = adapter.pullChanges({
      calendarId: privateCalendar,
      cursor: null,
      checkpoint: null,
      window: {
        startsAtUTC: new Date(Date.now() - 86_400_000).toISOString(),
        endsAtUTC: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    await expect(pulled).rejects.toThrow(ServerUnreachableError);
    expect(inside.requests).toHaveLength(0);
  });
});
