import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createApp } from './app.js';

interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  required?: string[];
}

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Media types whose bodies are not JSON documents (an event stream). */
const NOT_JSON = new Set(['text/event-stream']);

describe('the OpenAPI document types every request and response', () => {
  let db: TestDatabase;
  let t: TestContext;
  let doc: Document;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    const res = await createApp(t.ctx).request('/api/v1/openapi.json');
    doc = (await res.json()) as Document;
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  function resolve(schema: Schema): Schema {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace('#/components/schemas/', '');
    const found = doc.components?.schemas?.[name];
    if (!found) throw new Error(`dangling $ref ${schema.$ref}`);
    return found;
  }

  /** Where a schema (or one inside it) says nothing of its type: an untyped JSON value. */
  function untyped(schema: Schema, at: string, seen = new Set<Schema>()): string[] {
    const s = resolve(schema);
    if (seen.has(s)) return [];
    seen.add(s);
    const parts = s.anyOf ?? s.oneOf ?? s.allOf;
    if (parts) return parts.flatMap((part, i) => untyped(part, `${at}|${i}`, seen));
    if (s.type === undefined && s.enum === undefined && s.const === undefined) return [at];
    const problems: string[] = [];
    for (const [name, property] of Object.entries(s.properties ?? {})) {
      problems.push(...untyped(property, `${at}.${name}`, seen));
    }
    if (s.items) problems.push(...untyped(s.items, `${at}[]`, seen));
    if (typeof s.additionalProperties === 'object') {
      problems.push(...untyped(s.additionalProperties, `${at}{}`, seen));
    }
    return problems;
  }

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ name: `${method} ${path}`, method, op })),
    );

  it('gives every success response a typed schema, all the way down', () => {
    const problems: string[] = [];
    for (const { name, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (!status.startsWith('2')) continue;
        const contents = Object.entries(response.content ?? {});
        if (contents.length === 0) problems.push(`${name} ${status}: no body schema`);
        for (const [type, { schema }] of contents) {
          if (NOT_JSON.has(type)) continue;
          if (!schema) problems.push(`${name} ${status}: no schema`);
          else problems.push(...untyped(schema, `${name} ${status}`));
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('documents 503 with Retry-After on every operation that reads the database', () => {
    const missing = operations()
      .filter(({ op }) => op.responses['401'] !== undefined)
      .filter(({ op }) => {
        const unavailable = op.responses['503'] as
          { description?: string; headers?: Record<string, unknown> } | undefined;
        return (
          !unavailable?.description?.includes('database_unavailable') ||
          unavailable.headers?.['Retry-After'] === undefined
        );
      })
      .map(({ name }) => name);
    expect(missing).toEqual([]);
  });

  it('types every request body', () => {
    const problems: string[] = [];
    for (const { name, op } of operations()) {
      for (const [type, { schema }] of Object.entries(op.requestBody?.content ?? {})) {
        if (!schema) problems.push(`${name} ${type}: no schema`);
        else problems.push(...untyped(schema, `${name} ${type}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it('pages every list: limit and cursor in, {data, next_cursor} out, never a bare array', () => {
    const problems: string[] = [];
    for (const { name, method, op } of operations()) {
      const schema = op.responses['200']?.content?.['application/json']?.schema;
      if (method !== 'get' || !schema) continue;
      const body = resolve(schema);
      if (body.type === 'array') problems.push(`${name}: answers a bare array`);
      const data = body.properties?.data;
      if (!data || resolve(data).type !== 'array' || name === 'get /providers') continue;
      const nextCursor = body.properties?.next_cursor;
      if (!nextCursor || !body.required?.includes('next_cursor')) {
        problems.push(`${name}: no next_cursor`);
      } else if (JSON.stringify(resolve(nextCursor)) === JSON.stringify({ type: 'null' })) {
        problems.push(`${name}: next_cursor is always null`);
      }
      const query = new Set(
        (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      );
      if (!query.has('limit') || !query.has('cursor')) problems.push(`${name}: no limit/cursor`);
    }
    expect(problems).toEqual([]);
  });

  it('declares merge-patch bodies for the PATCH routes', () => {
    const patches = operations().filter(({ method }) => method === 'patch');
    expect(patches.map(({ name }) => name).sort()).toEqual([
      'patch /appointments/{id}',
      'patch /calendar-integrations/{id}',
    ]);
    for (const { op } of patches) {
      expect(Object.keys(op.requestBody?.content ?? {}).sort()).toEqual([
        'application/json',
        'application/merge-patch+json',
      ]);
    }
  });

  it('marks the computed fields of update bodies read-only and the clearable ones nullable', () => {
    const schemas = doc.components?.schemas ?? {};
    const patch = schemas.AppointmentPatch!.properties!;
    expect(patch.id).toMatchObject({ readOnly: true });
    expect(patch.location!.type).toEqual(['string', 'null']);
    expect(patch.title!.type).toBe('string');
    // A floating start is not an RFC 3339 date-time (it has no offset).
    const starts = (patch.start!.anyOf ?? []) as (Schema & { format?: string })[];
    expect(starts.map((s) => s.format).sort()).toEqual(['date', 'date-time', 'local-date-time']);
    const attendee = resolve(resolve(schemas.AppointmentUpdate!.properties!.attendees!).items!);
    expect(attendee.properties!.name!.type).toEqual(['string', 'null']);
  });
});
