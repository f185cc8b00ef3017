import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SQL } from '../db/connect.js';
import { createApiKey } from '../store/api-keys.js';
import { createSyncFixture, eventContent, type SyncFixture } from '../sync/test-fixture.js';
import { insertOwnedRows } from './test-owned-rows.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createApp } from './app.js';

/**
 * Every operation of the OpenAPI document the server serves, sent hostile values one at a time —
 * NUL characters, unpaired surrogates and raw bytes that are not UTF-8 in each string of a
 * valid body, in each query and path parameter; impossible or out-of-range dates; forged and
 * truncated cursors; limits that are not a count — must answer 400 in the error envelope whose
 * message names what was wrong (so validation caught it, not the database), and leave every
 * table as it was. An operation added with a body and no row in BODIES fails.
 */

const OWNER = 'hostile-owner';
const SLOT = { start: '2026-06-10T10:00:00Z', end: '2026-06-10T11:00:00Z' };
const LOOPBACK = 'http://127.0.0.1:9';

/** A valid body per operation that takes one, so only the hostile value is wrong. */
const BODIES: Record<string, Record<string, unknown>> = {
  'post /sessions': { user_id: OWNER, ttl_seconds: 600 },
  'post /appointments': {
    user_id: OWNER,
    host_ref: 'booking-1',
    participant_user_ids: ['colleague'],
    title: 'Review',
    description: 'Quarterly',
    location: 'Room 1',
    time_zone: 'Europe/Berlin',
    attendees: [{ email: 'ada@example.com', name: 'Ada' }],
    ...SLOT,
  },
  'put /appointments/{id}': { title: 'Moved', description: 'Later', location: 'Room 2', ...SLOT },
  'patch /appointments/{id}': {
    title: 'Moved',
    location: 'Room 2',
    time_zone: 'Europe/Berlin',
    attendees: [{ email: 'ada@example.com', name: 'Ada' }],
    ...SLOT,
  },
  'put /calendar-integrations/{id}': { provider_calendar_id: 'primary', sync_enabled: true },
  'patch /calendar-integrations/{id}': { provider_calendar_id: 'primary', sync_enabled: true },
  'put /calendar-integrations/{id}/calendars/{calendar_id}': { selected: true },
  'post /calendar-integrations/{id}/sync': {
    mode: 'full',
    from: '2026-06-01T00:00:00Z',
    to: '2026-07-01T00:00:00Z',
  },
  'post /calendar-integrations/{id}/conflicts/{conflict_id}/resolve': {
    resolution: 'merged',
    merged: { title: 'internal' },
    reason: 'ours is right',
  },
  'post /approvals/{id}': { action: 'approve', notes: 'fine' },
  'post /availability/check': { user_id: OWNER, ...SLOT },
  'post /calendar-integrations/{provider}/authorize': {
    user_id: OWNER,
    redirect_uri: `${LOOPBACK}/done`,
    login_hint: 'ada@example.com',
    provider_calendar_id: 'primary',
  },
  'post /calendar-integrations': {
    provider: 'caldav',
    user_id: OWNER,
    server_url: `${LOOPBACK}/dav/`,
    username: 'ada',
    password: 'app-password',
  },
  'post /video-meetings': { platform: 'zoom', settings: { alternative_hosts: ['b@example.com'] } },
  'put /video-meetings/{id}': { settings: { alternative_hosts: ['b@example.com'] } },
  'post /webhook-endpoints': {
    url: `${LOOPBACK}/hooks`,
    description: 'Backend',
    event_types: ['appointment.created'],
  },
};

/** Valid values of query parameters, by name; an enum takes its first value. */
const QUERY_DEFAULTS: Record<string, string> = {
  user_id: OWNER,
  from: '2026-06-01T00:00:00Z',
  to: '2026-06-02T00:00:00Z',
  limit: '10',
  q: 'review',
  after: '0',
};

const TEXTS: [string, string][] = [
  ['NUL', 'a\u0000b'],
  ['lone high surrogate', 'a\ud800b'],
  ['lone low surrogate', '\udc00'],
];
const DATE_TIMES = [
  '2026-02-30T10:00:00Z',
  '2026-13-01T10:00:00Z',
  '0000-01-01T10:00:00Z',
  '10000-01-01T10:00:00Z',
  '0001-01-01T00:30:00+01:00',
  '9999-12-31T23:30:00-01:00',
  'Infinity',
];
const DATES = ['2026-02-30', '2026-13-01', '0000-01-01', '10000-01-01'];
const COUNTS = ['abc', '-1', '0', '1.5', '1e400', '100000000000000000000', 'Infinity', 'NaN', ''];
/** Already percent-encoded: NUL, an encoded lone surrogate, bytes that are not UTF-8. */
const ENCODED = ['%00', 'a%00b', '%ED%A0%80', '%FF', 'a%C3'];
const b64 = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
const UUID = '4a0b6f5c-2c1d-4e8a-9f3b-7d6e5c4b3a21';
const CURSORS = [
  'not-a-cursor!',
  b64(['garbage', 'x']),
  b64(['2026-02-30T00:00:00.000Z', UUID]),
  b64(['0000-01-01T00:00:00.000Z', UUID]),
  b64(['+010000-01-01T00:00:00.000Z', UUID]),
  b64(['2026-06-01T00:00:00.000Z', 'not-a-uuid']),
  b64(['2026-06-01T00:00:00.000Z', 'a\u0000b']),
  b64(['2026-06-01T00:00:00.000Z']),
  b64(['99999999999999999999999']),
  b64(['-1']),
  b64([1.5]),
  b64(['2026-06-01T00:00:00.000Z', UUID]).slice(0, -7),
];

interface Operation {
  method: string;
  path: string;
  query: { name: string; required: boolean; enum?: string[] }[];
  hasBody: boolean;
}

interface Case {
  label: string;
  /** How the error message must start: it names what was wrong. */
  names: string;
  url: string;
  body?: Uint8Array<ArrayBuffer> | string;
}

const DATE_FIELDS = new Set(['start', 'end', 'from', 'to']);

/** Each string in a JSON value, by path (array indices included). */
function stringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  }
  return [];
}

function replaced(body: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = value;
  return copy;
}

/** The body with the string at `path` replaced by bytes that are not UTF-8. */
function withRawBytes(body: unknown, path: (string | number)[]): Uint8Array<ArrayBuffer> {
  const marker = 'RAW_BYTES_HERE';
  const [before, after] = JSON.stringify(replaced(body, path, marker)).split(marker) as [
    string,
    string,
  ];
  return new Uint8Array(
    Buffer.concat([Buffer.from(before), Buffer.from([0x61, 0xff, 0xfe, 0xc3]), Buffer.from(after)]),
  );
}

type BodyCase = Omit<Case, 'url'>;

function bodyCases(base: Record<string, unknown>): BodyCase[] {
  const cases: BodyCase[] = [];
  for (const path of stringPaths(base)) {
    const where = `body.${path.join('.')}`;
    for (const [name, text] of TEXTS) {
      cases.push({
        label: `${name} in ${where}`,
        names: where,
        body: JSON.stringify(replaced(base, path, text)),
      });
    }
    cases.push({
      label: `raw non-UTF-8 bytes in ${where}`,
      names: 'body',
      body: withRawBytes(base, path),
    });
    const field = String(path[path.length - 1]);
    if (DATE_FIELDS.has(field)) {
      for (const date of [...DATE_TIMES, ...DATES]) {
        cases.push({
          label: `${where}=${date}`,
          names: where,
          body: JSON.stringify(replaced(base, path, date)),
        });
      }
    }
  }
  cases.push({
    label: 'NUL in a field name',
    names: 'body.x',
    body: JSON.stringify({ ...base, 'x\u0000': 'y' }),
  });
  return cases;
}

/** Hostile values of a query parameter, each with how the error message must start. */
function queryValues(name: string): [value: string, names: string][] {
  const named = `query.${name}`;
  const hostile: [string, string][] = ENCODED.map((v) => [v, named]);
  const add = (values: string[], names = named) =>
    hostile.push(...values.map((v): [string, string] => [encodeURIComponent(v), names]));
  if (name === 'limit') add(COUNTS);
  // 0 (and an empty value, read as 0) is a valid `after`: the start of the feed.
  if (name === 'after') add(COUNTS.filter((n) => n !== '0' && n !== ''));
  if (name === 'cursor') add(CURSORS, 'cursor is not one this API returned');
  if (name === 'from' || name === 'to') add(DATE_TIMES);
  return hostile;
}

describe('hostile input on every route: a 400 in the envelope, nothing written', () => {
  let db: TestDatabase;
  let t: TestContext;
  let f: SyncFixture;
  let app: ReturnType<typeof createApp>;
  let key: string;
  let operations: Operation[];
  let ids: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    f = await createSyncFixture(t);
    app = createApp(t.ctx, { sync: f.rt, rateLimit: { ratePerSecond: 1e6, burst: 1e6 } });
    key = (await createApiKey(db.sql, f.tenantId)).secret_key;
    await db.sql`update users set external_id = ${OWNER} where id = ${f.userId}`;
    const appointment = await f.hostAppointment(eventContent('Private'));
    const owned = await insertOwnedRows(db.sql, f, appointment.id);
    const [endpoint] = await db.sql`
      insert into webhook_endpoints (tenant_id, url, secret)
      values (${f.tenantId}, ${`${LOOPBACK}/existing`}, 'v1.x.y.z.w') returning id`;
    const [session] = await db.sql`
      insert into session_tokens (tenant_id, user_id, token_hash, created_at, expires_at)
      values (${f.tenantId}, ${f.userId}, '\\x00', now(), now() + interval '1 day') returning id`;
    BODIES['post /video-meetings']!.appointment_id = appointment.id;
    ids = {
      id: '',
      calendar_id: f.calendar.id,
      conflict_id: owned.conflictId,
      attempt_id: owned.attemptId,
      user_id: OWNER,
      provider: 'google',
      'appointments/{id}': appointment.id,
      'calendar-integrations/{id}': f.connectionId,
      'approvals/{id}': owned.approvalId,
      'video-meetings/{id}': owned.meetingId,
      'webhook-endpoints/{id}': endpoint!.id as string,
      'sessions/{id}': session!.id as string,
    };
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: {
              in: string;
              name: string;
              required?: boolean;
              schema?: { enum?: string[] };
            }[];
            requestBody?: unknown;
          }
        >
      >;
    };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method,
        path,
        hasBody: op.requestBody !== undefined,
        query: (op.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => ({
            name: p.name,
            required: p.required === true,
            ...(p.schema?.enum ? { enum: p.schema.enum } : {}),
          })),
      })),
    );
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  /** Every table's rows (count and digest), and the job queue's length. */
  async function fingerprint(sql: SQL): Promise<Record<string, string>> {
    const tables = await sql<{ name: string }[]>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`;
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const [row] = await sql.unsafe<{ f: string }[]>(
        `select count(*) || ':' || coalesce(md5(string_agg(t::text, ',' order by t::text)), '') as f
         from public."${name}" t`,
      );
      out[name] = row!.f;
    }
    const [jobs] = await sql<{ n: string }[]>`select count(*)::text as n from pgboss.job`;
    out['pgboss.job'] = jobs!.n;
    return out;
  }

  /** The path with its parameters filled with the owner's ids, or one replaced by `hostile`. */
  function fill(path: string, hostile?: { param: string; value: string }): string {
    return path.replace(/\{(\w+)\}/g, (whole: string, param: string, offset: number) => {
      if (hostile?.param === param) return hostile.value;
      const resource = path.slice(0, offset).split('/').filter(Boolean).pop() ?? '';
      return ids[`${resource}/${whole}`] ?? ids[param] ?? whole;
    });
  }

  function baseQuery(op: Operation): Record<string, string> {
    const query: Record<string, string> = {};
    for (const p of op.query) {
      const value = p.enum?.[0] ?? QUERY_DEFAULTS[p.name];
      if (p.required || (value !== undefined && p.name !== 'q')) {
        expect(value, `a valid ${p.name} for ${op.method} ${op.path}`).toBeDefined();
        query[p.name] = encodeURIComponent(value!);
      }
    }
    return query;
  }

  function casesOf(op: Operation): Case[] {
    const key = `${op.method} ${op.path}`;
    const base = op.hasBody ? BODIES[key] : undefined;
    if (op.hasBody) expect(base, `a valid body for ${key} in BODIES`).toBeDefined();
    const baseBody = base === undefined ? undefined : JSON.stringify(base);
    const query = baseQuery(op);
    const url = (path: string, q: Record<string, string>) => {
      const search = Object.entries(q)
        .map(([k, v]) => `${k}=${v}`)
        .join('&');
      return `/api/v1${path}${search ? `?${search}` : ''}`;
    };
    const cases: Case[] = [];
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    for (const param of params) {
      for (const value of ENCODED) {
        cases.push({
          label: `path ${param}=${value}`,
          names: 'path',
          url: url(fill(op.path, { param, value }), query),
          ...(baseBody === undefined ? {} : { body: baseBody }),
        });
      }
    }
    for (const p of op.query) {
      for (const [value, names] of queryValues(p.name)) {
        cases.push({
          label: `query ${p.name}=${value}`,
          names,
          url: url(fill(op.path), { ...query, [p.name]: value }),
          ...(baseBody === undefined ? {} : { body: baseBody }),
        });
      }
    }
    if (base) {
      for (const c of bodyCases(base)) cases.push({ ...c, url: url(fill(op.path), query) });
    }
    return cases;
  }

  it('finds the operations in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
    const withBodies = operations.filter((o) => o.hasBody).map((o) => `${o.method} ${o.path}`);
    expect(withBodies.sort()).toEqual(Object.keys(BODIES).sort());
  });

  it('answers every hostile value with 400 invalid_request and writes nothing', async () => {
    const before = await fingerprint(db.sql);
    const wrong: string[] = [];
    let sent = 0;
    for (const op of operations) {
      for (const c of casesOf(op)) {
        const res = await app.request(c.url, {
          method: op.method.toUpperCase(),
          headers: {
            authorization: `Bearer ${key}`,
            ...(c.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(c.body === undefined ? {} : { body: c.body }),
        });
        sent++;
        if (res.headers.get('content-type')?.includes('text/event-stream')) {
          // An endless stream was opened: refuse to wait for its end.
          await res.body?.cancel();
          wrong.push(`${op.method.toUpperCase()} ${op.path} ${c.label} → a stream`);
          continue;
        }
        const text = await res.text();
        let envelope: { error?: { code?: unknown; message?: unknown } } = {};
        try {
          envelope = JSON.parse(text) as typeof envelope;
        } catch {
          // reported below
        }
        if (
          res.status !== 400 ||
          envelope.error?.code !== 'invalid_request' ||
          typeof envelope.error.message !== 'string' ||
          !envelope.error.message.startsWith(c.names)
        ) {
          wrong.push(
            `${op.method.toUpperCase()} ${op.path} ${c.label} → ${res.status} ${text.slice(0, 120)}`,
          );
        }
      }
      const after = await fingerprint(db.sql);
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      if (changed.length) {
        wrong.push(`${op.method.toUpperCase()} ${op.path} wrote to ${changed.join(', ')}`);
        Object.assign(before, after);
      }
    }
    expect(sent).toBeGreaterThan(500);
    expect(wrong).toEqual([]);
  }, 300_000);
});
