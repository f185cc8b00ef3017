// The host's backend: serves its page and bundle, and mints Calsync session tokens for its
// signed-in user with the tenant's secret key, through the SDK it installed. Prints its URL, then
// reads `{"calsyncUrl", "secretKey"}` as one line on stdin before it answers anything.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { createCalsyncClient } from '@calsync/sdk';

const USER_ID = 'host-user-1';
let configured;
const ready = new Promise((resolve) => {
  createInterface({ input: process.stdin }).once('line', (line) => {
    const { calsyncUrl, secretKey } = JSON.parse(line);
    configured = {
      calsyncUrl,
      admin: createCalsyncClient({ baseUrl: calsyncUrl, token: secretKey }),
    };
    resolve();
  });
});

const server = createServer(async (request, response) => {
  await ready;
  try {
    if (request.method === 'GET' && request.url === '/') {
      const html = await readFile(new URL('./index.html', import.meta.url), 'utf8');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(html.replace('{{CALSYNC_URL}}', configured.calsyncUrl));
    } else if (request.method === 'GET' && request.url === '/page.js') {
      const script = await readFile(new URL('./public/page.js', import.meta.url));
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      response.end(script);
    } else if (request.method === 'POST' && request.url === '/session') {
      const session = await configured.admin.sessions.create({ userId: USER_ID, ttlSeconds: 600 });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(session));
    } else {
      response.writeHead(404).end();
    }
  } catch (error) {
    console.error(error);
    response.writeHead(500).end();
  }
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
