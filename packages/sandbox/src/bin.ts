#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { latencyFromEnv } from './latency.js';
import { startSandboxServer } from './server.js';

const { values } = parseArgs({
  options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean' } },
});
if (values.help === true) {
  process.stdout.write(
    'calsync-sandbox [--port 8787] [--host 127.0.0.1]\n' +
      'Env: PORT, HOST, CALSYNC_SANDBOX_LATENCY_MS ("40" or "google=40,zoom=120"), CALSYNC_BASE_URL.\n',
  );
  process.exit(0);
}
const server = await startSandboxServer({
  port: Number(values.port ?? process.env.PORT ?? 8787),
  host: values.host ?? process.env.HOST ?? '127.0.0.1',
  publicBaseUrl: process.env.CALSYNC_BASE_URL,
  latencyMs: latencyFromEnv(),
});
process.stdout.write(`Calsync sandbox listening on ${server.url}\n`);
for (const provider of server.sandbox.providers) {
  process.stdout.write(`  ${provider}: ${server.sandbox.providerBaseUrl(provider)}\n`);
}
process.stdout.write(`  control: ${server.url}/_control\n`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
