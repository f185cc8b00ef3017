#!/usr/bin/env node
/**
 * `npm run session -w @calsync/demo [user-id]`: mints a session token with the dev tenant's
 * secret key and prints the demo page URL that carries it. Run it while `npm start` is running.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mintDemoSession } from './session.js';

const dataDir =
  process.env.CALSYNC_DATA_DIR ?? join(process.env.INIT_CWD ?? process.cwd(), '.calsync');
const baseUrl = process.env.CALSYNC_BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`;
const userId = process.argv[2] ?? 'demo-coach';

try {
  const tenant = JSON.parse(await readFile(join(dataDir, 'dev-tenant.json'), 'utf8')) as {
    secret_key: string;
  };
  const session = await mintDemoSession({ baseUrl, secretKey: tenant.secret_key, userId });
  console.log(`Demo page for user "${userId}" (token valid until ${session.expiresAt}):`);
  console.log(`  ${session.pageUrl}`);
} catch (error) {
  console.error(`Could not mint a session: ${(error as Error).message}`);
  console.error(`Is the server running at ${baseUrl}, and is ${dataDir}/dev-tenant.json there?`);
  process.exit(1);
}
