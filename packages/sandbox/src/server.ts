import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createSandbox } from './sandbox.js';
import type { Sandbox, SandboxOptions } from './sandbox.js';

/** Options of `startSandboxServer`: where to listen, plus everything `createSandbox` takes. */
export interface SandboxServerOptions extends Omit<SandboxOptions, 'publicBaseUrl'> {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Public origin, when it differs from the listening address (behind a proxy). */
  publicBaseUrl?: string;
}

/** A running standalone sandbox. */
export interface RunningSandboxServer {
  readonly sandbox: Sandbox;
  /** The listening origin, e.g. `http://127.0.0.1:8787`. */
  readonly origin: string;
  /** Where the sandbox is mounted, e.g. `http://127.0.0.1:8787/sandbox`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves a sandbox on its own with @hono/node-server, under `/sandbox` as in the full server.
 *
 * @example
 * const server = await startSandboxServer({ port: 0 });
 * console.log(server.url); // http://127.0.0.1:PORT/sandbox
 */
export async function startSandboxServer(
  options: SandboxServerOptions = {},
): Promise<RunningSandboxServer> {
  const host = options.host ?? '127.0.0.1';
  let origin = options.publicBaseUrl ?? '';
  const sandbox = createSandbox({ ...options, publicBaseUrl: () => origin });
  const root = new Hono().route('/sandbox', sandbox.app);
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve, reject) => {
      const started = serve(
        { fetch: root.fetch, port: options.port ?? 8787, hostname: host },
        (info: AddressInfo) => resolve({ server: started, port: info.port }),
      );
      started.once('error', reject);
    },
  );
  const urlHost = host.includes(':') ? `[${host}]` : host;
  if (origin === '') origin = `http://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${port}`;
  return {
    sandbox,
    origin,
    url: `${origin}/sandbox`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        sandbox.close();
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
