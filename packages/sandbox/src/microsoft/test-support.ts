import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { Client, GraphError, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import type { Context as GraphContext, Middleware } from '@microsoft/microsoft-graph-client';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import type { MicrosoftEmulator, MicrosoftEmulatorSettings } from './index.js';
import { createMicrosoftEmulator } from './index.js';

/** Signs every request with a bearer token (the Graph client's own auth handler skips http:// URLs). */
class BearerMiddleware implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly token: string) {}

  async execute(context: GraphContext): Promise<void> {
    const options = (context.options ??= {});
    if (options.headers instanceof Headers)
      options.headers.set('Authorization', `Bearer ${this.token}`);
    else
      options.headers = {
        ...(options.headers as Record<string, string>),
        Authorization: `Bearer ${this.token}`,
      };
    await this.next?.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** A request a test webhook endpoint received. */
export interface ReceivedHook {
  name: string;
  query: Record<string, string>;
  contentType: string;
  body: string;
}

/** How a test webhook endpoint answers; default: echo validation tokens, 202 otherwise. */
export type HookBehaviour = (
  hook: ReceivedHook,
) => Promise<Response | undefined> | Response | undefined;

/** A running emulator with a movable clock and a webhook receiver on the same server. */
export interface GraphHarness {
  base: string;
  providerBase: string;
  emulator: MicrosoftEmulator;
  clock: { nowMs: number };
  hooks: ReceivedHook[];
  hookBehaviour: Map<string, HookBehaviour>;
  client(token: string): Client;
  /** A path relative to `/v1.0` from an absolute link the emulator returned. */
  relative(link: string): string;
  close(): Promise<void>;
}

/** Starts the Microsoft emulator on 127.0.0.1:0, mounted at `/sandbox/microsoft` as the sandbox does. */
export async function startGraphHarness(
  settings: Partial<MicrosoftEmulatorSettings> = {},
): Promise<GraphHarness> {
  const clock = { nowMs: Date.parse('2026-03-02T09:00:00Z') };
  let providerBase = '';
  const emulator = createMicrosoftEmulator(
    {
      providerBaseUrl: () => providerBase,
      now: () => new Date(clock.nowMs),
      fetch: (input, init) => fetch(input, init),
    },
    settings,
  );
  const hooks: ReceivedHook[] = [];
  const hookBehaviour = new Map<string, HookBehaviour>();
  const root = new Hono();
  root.route('/sandbox/microsoft', emulator.app);
  root.post('/hooks/:name', async (c) => {
    const hook: ReceivedHook = {
      name: c.req.param('name'),
      query: c.req.query(),
      contentType: c.req.header('content-type') ?? '',
      body: await c.req.text(),
    };
    hooks.push(hook);
    const custom = await hookBehaviour.get(hook.name)?.(hook);
    if (custom) return custom;
    if (hook.query.validationToken !== undefined) {
      return c.text(hook.query.validationToken, 200, { 'content-type': 'text/plain' });
    }
    return c.body(null, 202);
  });
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: root.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve(started),
    );
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  providerBase = `${base}/sandbox/microsoft`;
  return {
    base,
    providerBase,
    emulator,
    clock,
    hooks,
    hookBehaviour,
    client(token: string): Client {
      const bearer = new BearerMiddleware(token);
      bearer.setNext(new HTTPMessageHandler());
      return Client.initWithMiddleware({
        baseUrl: providerBase,
        defaultVersion: 'v1.0',
        middleware: bearer,
      });
    },
    relative(link: string): string {
      return link.slice(`${providerBase}/v1.0`.length);
    },
    async close(): Promise<void> {
      emulator.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits until `predicate` holds, polling the event loop (no wall-clock assertions). */
export async function eventually(predicate: () => boolean, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (predicate()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

/** The `GraphError` a Graph client call failed with (any other failure is rethrown). */
export async function graphError(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error('expected a Graph error');
}
