import type { SQL } from '../db/connect.js';
import type { ServerContext } from '../context.js';
import { Keyring } from '../crypto/keyring.js';
import { createLogger } from '../logging.js';
import { NO_SYNC_HOOKS } from '../services/sync-hooks.js';
import { createApp } from './app.js';

/** Where the document says the API lives when no server is named: relative to its own URL. */
const RELATIVE_SERVER = '/api/v1';

/** A context that builds the app but fails any request that would reach the database. */
function documentOnlyContext(): ServerContext {
  const unavailable = (): never => {
    throw new Error('the OpenAPI document is built without a database');
  };
  return {
    sql: new Proxy(unavailable, { get: unavailable, apply: unavailable }) as unknown as SQL,
    keyring: Keyring.parse(`document:${Buffer.alloc(32).toString('base64')}`),
    logger: createLogger({ level: 'silent' }),
    now: () => new Date(0),
    jobs: { send: unavailable },
    baseUrl: 'http://127.0.0.1',
    corsOrigins: [],
    sync: NO_SYNC_HOOKS,
  };
}

/**
 * The API's OpenAPI 3.1 document exactly as `GET /api/v1/openapi.json` serves it, built without
 * a database, its `servers` entry made relative (`/api/v1`) so it names no deployment. The SDK's
 * committed `openapi.json` is this document.
 *
 * @example
 * const document = await openApiDocument();
 * await writeFile('openapi.json', JSON.stringify(document, null, 2) + '\n');
 */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const response = await createApp(documentOnlyContext()).request('/api/v1/openapi.json');
  const document = (await response.json()) as Record<string, unknown>;
  return { ...document, servers: [{ url: RELATIVE_SERVER }] };
}
