import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { RECURRENCE_LIMITS } from '@calsync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../store/api-keys.js';
import { createTenant } from '../../store/tenants.js';
import { apiClient, type ApiClient } from '../../testing/api-client.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import type { AppointmentOutput } from '../schemas/appointment.js';
import { createApp } from '../app.js';

const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 0, 5, 9);

/** `count` consecutive daily values from `fromDay`, 58 to a line (under the 1,000-character line limit). */
function listLines(name: 'EXDATE' | 'RDATE', count: number, fromDay: number): string[] {
  const values = Array.from({ length: count }, (_, i) =>
    new Date(START + (fromDay + i) * DAY_MS)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, ''),
  );
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += 58)
    lines.push(`${name}:${values.slice(i, i + 58).join(',')}`);
  return lines;
}

const series = (recurrence: string[], hostRef: string) => ({
  host_ref: hostRef,
  user_id: 'alice',
  title: 'Daily stand-up',
  start: '2026-01-05T09:00:00Z',
  end: '2026-01-05T09:15:00Z',
  time_zone: 'UTC',
  recurrence,
});

/** A daily series with thousands of EXDATEs and RDATEs: about 49 KB of JSON. */
const bomb = series(
  ['RRULE:FREQ=DAILY', ...listLines('EXDATE', 25 * 58, 1), ...listLines('RDATE', 24 * 58, 3000)],
  'bomb',
);

describe('appointment recurrence limits over HTTP', () => {
  let db: TestDatabase;
  let t: TestContext;
  let api: ApiClient;
  let server: ServerType;
  let baseUrl: string;
  let secretKey: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    const app = createApp(t.ctx);
    const tenant = await createTenant(db.sql, 'Acme');
    secretKey = (await createApiKey(db.sql, tenant.id)).secret_key;
    api = apiClient(app, secretKey);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await t.close();
    await db.drop();
  });

  it('refuses the EXDATE bomb with 422 while health probes are answered beside it', async () => {
    const body = Buffer.from(JSON.stringify(bomb));
    expect(body.length).toBeGreaterThan(45_000);
    const order: string[] = [];
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        `${baseUrl}/api/v1/appointments`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${secretKey}`,
            'content-type': 'application/json',
            'content-length': body.length,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            order.push(`bomb ${res.statusCode}`);
            resolve({ status: res.statusCode ?? 0, text });
          });
        },
      );
      req.on('error', reject);
      // Half the body, then health probes while the request is in flight, then the rest.
      req.write(body.subarray(0, body.length / 2));
      void (async () => {
        for (let i = 0; i < 3; i++) {
          const health = await fetch(`${baseUrl}/healthz`);
          order.push(`health ${health.status}`);
        }
        req.end(body.subarray(body.length / 2));
      })().catch(reject);
    });
    const { status, text } = await answer;
    expect(order).toEqual(['health 200', 'health 200', 'health 200', 'bomb 422']);
    expect(status).toBe(422);
    expect(JSON.parse(text)).toMatchObject({
      error: {
        code: 'recurrence_limit_exceeded',
        message: `recurrence refused: ${25 * 58} EXDATE values; at most ${RECURRENCE_LIMITS.maxExdates} are accepted`,
        details: { reason: 'too_many_exdates' },
      },
    });
    // Nothing was written.
    const list = await api.get<{ data: AppointmentOutput[] }>('/appointments?user_id=alice');
    expect(list.body.data.map((a) => a.host_ref)).not.toContain('bomb');
  });

  it('a larger bomb is refused by the request shape (400), before any recurrence work', async () => {
    const larger = series(['RRULE:FREQ=DAILY', ...listLines('EXDATE', 150 * 58, 1)], 'larger-bomb');
    expect(JSON.stringify(larger).length).toBeGreaterThan(140_000);
    const res = await api.post<{ error: { code: string } }>('/appointments', larger);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
  });

  it('accepts a series at the caps and expands it', async () => {
    const atCap = series(
      [
        'RRULE:FREQ=DAILY',
        ...listLines('EXDATE', RECURRENCE_LIMITS.maxExdates, 1),
        ...listLines('RDATE', RECURRENCE_LIMITS.maxRdates, 3000),
      ],
      'at-cap',
    );
    const created = await api.post<AppointmentOutput>('/appointments', atCap);
    expect(created.status).toBe(201);
    // Day 0 is DTSTART, days 1..1000 are excluded: the next instance is day 1001.
    const list = await api.get<{ data: AppointmentOutput[] }>(
      '/appointments?user_id=alice&expand=true&from=2026-01-05T00:00:00Z&to=2028-10-03T00:00:00Z',
    );
    const starts = list.body.data
      .filter((a) => a.host_ref === 'at-cap')
      .map((a) => a.start)
      .sort();
    expect(starts.slice(0, 2)).toEqual([
      '2026-01-05T09:00:00.000Z',
      new Date(START + 1001 * DAY_MS).toISOString(),
    ]);
  });

  it.each([
    ['a minutely rule', ['RRULE:FREQ=MINUTELY'], 'rule_frequency_refused'],
    ['two instances an hour', ['RRULE:FREQ=HOURLY;BYMINUTE=0,30'], 'rule_too_dense'],
    ['February 30th', ['RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'], 'rule_never_matches'],
    ['too many RDATEs', listLines('RDATE', RECURRENCE_LIMITS.maxRdates + 1, 0), 'too_many_rdates'],
  ])('refuses %s with its reason, on create and on update', async (_name, lines, reason) => {
    const created = await api.post<{ error: { code: string; details: unknown } }>(
      '/appointments',
      series(lines, `refused-${reason}`),
    );
    expect(created.status).toBe(422);
    expect(created.body.error).toMatchObject({
      code: 'recurrence_limit_exceeded',
      details: { reason },
    });
    const plain = await api.post<AppointmentOutput>('/appointments', {
      ...series([], `plain-${reason}`),
    });
    expect(plain.status).toBe(201);
    const { host_ref: _ref, user_id: _user, ...update } = series(lines, 'unused');
    const updated = await api.put<{ error: { code: string } }>(
      `/appointments/${plain.body.id}`,
      update,
    );
    expect(updated.status).toBe(422);
    expect(updated.body.error.code).toBe('recurrence_limit_exceeded');
  });

  it('documents the 422 in the OpenAPI document', async () => {
    const res = await fetch(`${baseUrl}/api/v1/openapi.json`);
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(doc.paths['/appointments']!.post!.responses)).toContain('422');
    expect(Object.keys(doc.paths['/appointments/{id}']!.put!.responses)).toContain('422');
  });
});
