import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import type { Sandbox, SandboxOptions } from '@calsync/sandbox';
import { createSandbox } from '@calsync/sandbox';
import { Hono } from 'hono';
import type { MicrosoftAdapter, MicrosoftAdapterOptions } from '../../src/index.js';
import { answerValidation, createMicrosoftAdapter } from '../../src/index.js';

/** A request the test webhook receiver got. */
export interface ReceivedHook {
  readonly name: string;
  readonly validationToken: string | null;
  readonly body: string;
}

/** A sandbox served on 127.0.0.1:0 with a webhook receiver on the same server. */
export interface TestSandbox {
  readonly sandbox: Sandbox;
  readonly origin: string;
  /** `…/sandbox/microsoft`: the adapter's `graphBaseUrl` and `identityBaseUrl`. */
  readonly microsoftBase: string;
  readonly hooks: ReceivedHook[];
  /** Webhook URL on this server (`/hooks/{name}`); answers validation with `answerValidation`. */
  hookUrl(name: string): string;
  /** A fresh mailbox (unique email unless given) and its control token. */
  account(email?: string): Promise<{ email: string; token: string; calendarId: string }>;
  /** An adapter acting with a fixed token. */
  adapter(
    token: string,
    options?: MicrosoftAdapterOptions & { fetch?: typeof fetch },
  ): MicrosoftAdapter;
  close(): Promise<void>;
}

let accountCounter = 0;

/** Starts the sandbox in-process, as the server will mount it. */
export async function startTestSandbox(
  options: Omit<SandboxOptions, 'publicBaseUrl'> = {},
): Promise<TestSandbox> {
  let origin = '';
  const sandbox = createSandbox({ ...options, publicBaseUrl: () => origin });
  const hooks: ReceivedHook[] = [];
  const root = new Hono();
  root.route('/sandbox', sandbox.app);
  root.post('/hooks/:name', async (c) => {
    const validation = answerValidation(c.req.url);
    hooks.push({
      name: c.req.param('name'),
      validationToken: validation?.body ?? null,
      body: await c.req.text(),
    });
    if (validation) return c.text(validation.body, validation.status, validation.headers);
    return c.body(null, 202);
  });
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: root.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve(started),
    );
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const microsoftBase = `${origin}/sandbox/microsoft`;
  return {
    sandbox,
    origin,
    microsoftBase,
    hooks,
    hookUrl: (name) => `${origin}/hooks/${name}`,
    async account(email) {
      accountCounter++;
      const address = email ?? `user${accountCounter}.${Date.now().toString(36)}@contoso.test`;
      const account = await sandbox.control.createAccount({
        provider: 'microsoft',
        email: address,
      });
      const primary = account.calendars.find((c) => c.primary) ?? account.calendars[0]!;
      return { email: account.email, token: account.access_token, calendarId: primary.id };
    },
    adapter(token, adapterOptions = {}) {
      const { fetch: fetchFn, ...rest } = adapterOptions;
      return createMicrosoftAdapter(
        {
          fetch: fetchFn ?? ((input, init) => fetch(input, init)),
          now: () => new Date(),
          getAccessToken: async () => token,
        },
        { graphBaseUrl: microsoftBase, ...rest },
      );
    },
    async close() {
      sandbox.close();
      await new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

/** Calls Graph as the user (outside the adapter), the way a person editing their calendar does. */
export async function graphAsUser<T>(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${base}/v1.0${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      prefer: 'outlook.timezone="UTC"',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return (text === '' ? null : JSON.parse(text)) as T;
}
