import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stub received, for tests to count. */
export interface StubRequest {
  method: string;
  /** The path without the query and without the `/closed` prefix. */
  path: string;
  /** The bearer token sent, or '' without one. */
  token: string;
}

interface StubIntegration {
  id: string;
  provider: string;
  account_email: string | null;
  sync_status: string;
  status_reason: string | null;
  last_sync_at: string | null;
}

/**
 * A small stand-in for the Calsync API on loopback, for the elements' browser tests: the lists
 * and reads the elements make, a live stream that stays open, the OAuth start → callback page,
 * a session route and test controls under `/_test`. It allows CORS from any origin, except under
 * `/closed/…` (a server that does not list the page's origin). Every request is logged.
 */
export async function startStubCalsync(): Promise<{ url: string; close: () => Promise<void> }> {
  let requests: StubRequest[] = [];
  let integrations: StubIntegration[] = [];
  let sessions = 0;
  /** When set, the callback page posts nothing: as if its message were lost. */
  let silentCallbacks = false;
  /** When cleared, the callback page connects nothing: as if the user gave up. */
  let callbacksConnect = true;
  const streams = new Set<ServerResponse>();

  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const addIntegration = (provider: string): StubIntegration => {
    const integration = {
      id: `int-${integrations.length + 1}`,
      provider,
      account_email: `${provider}@example.com`,
      sync_status: 'active',
      status_reason: null,
      last_sync_at: null,
    };
    integrations.push(integration);
    return integration;
  };

  /** The callback page: the sign-in "happened"; post the result to the opener (or frame parent). */
  const callbackPage = (response: ServerResponse, query: URLSearchParams) => {
    const provider = query.get('provider') ?? 'google';
    const integration = callbacksConnect ? addIntegration(provider) : { id: undefined, provider };
    const message = {
      type: 'calsync:oauth',
      status: 'connected',
      provider: integration.provider,
      state: query.get('state'),
      integrationId: integration.id,
    };
    const post = silentCallbacks
      ? ''
      : `(window.opener || window.parent).postMessage(${JSON.stringify(message)}, '*');`;
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!doctype html><title>Calsync</title><script>${post}</script>`);
  };

  const api = (request: IncomingMessage, response: ServerResponse, path: string) => {
    const method = request.method ?? 'GET';
    const route = `${method} ${path.replace(/^\/api\/v1/, '')}`;
    if (route === 'GET /stream') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      response.write('retry: 60000\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    if (route === 'GET /calendar-integrations') {
      return json(response, 200, { data: integrations, next_cursor: null });
    }
    const one = /^GET \/calendar-integrations\/([^/]+)$/.exec(route);
    if (one) {
      const found = integrations.find((i) => i.id === one[1]);
      return found
        ? json(response, 200, found)
        : json(response, 404, { error: { code: 'not_found', message: 'No such integration' } });
    }
    const authorize = /^POST \/calendar-integrations\/(google|outlook)\/authorize$/.exec(route);
    if (authorize) {
      const state = `state-${requests.length}`;
      const origin = `http://${request.headers.host}`;
      return json(response, 200, {
        authorization_url: `${origin}/oauth/callback?provider=${authorize[1]}&state=${state}`,
        state,
      });
    }
    if (route === 'GET /availability') return json(response, 200, { busy: [], fetched_at: null });
    return json(response, 404, { error: { code: 'not_found', message: route } });
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stub');
    const closed = url.pathname.startsWith('/closed/');
    const path = closed ? url.pathname.slice('/closed'.length) : url.pathname;
    const origin = request.headers.origin;
    if (origin && !closed) {
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('access-control-allow-credentials', 'true');
      response.setHeader('vary', 'origin');
    }
    if (request.method === 'OPTIONS') {
      response.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
      response.setHeader(
        'access-control-allow-headers',
        'authorization, content-type, last-event-id, accept',
      );
      response.writeHead(204).end();
      return;
    }
    if (path.startsWith('/_test/')) {
      if (path === '/_test/requests') return json(response, 200, requests);
      if (path === '/_test/reset') {
        requests = [];
        integrations = [];
        sessions = 0;
        silentCallbacks = false;
        callbacksConnect = true;
        for (const stream of streams) stream.end();
        return json(response, 200, {});
      }
      if (path === '/_test/silent-callbacks') {
        silentCallbacks = true;
        callbacksConnect = url.searchParams.get('connect') !== '0';
        return json(response, 200, {});
      }
      if (path === '/_test/integrations') {
        return json(response, 200, addIntegration(url.searchParams.get('provider') ?? 'google'));
      }
    }
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    requests.push({ method: request.method ?? 'GET', path, token });
    if (path === '/oauth/callback') return callbackPage(response, url.searchParams);
    if (path === '/session' && request.method === 'POST') {
      sessions++;
      return json(response, 200, {
        id: `ses-${sessions}`,
        token: `cst_session_${sessions}`,
        expires_at: new Date(Date.now() + 15 * 60_000).toISOString(),
      });
    }
    if (!path.startsWith('/api/v1/')) return json(response, 404, {});
    if (!token.startsWith('cst_')) {
      return json(response, 401, { error: { code: 'unauthorized', message: 'No session token' } });
    }
    api(request, response, path);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const stream of streams) stream.end();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
