import { Hono } from 'hono';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { UnknownSandboxAccountError } from '../emulator.js';
import { InvalidControlRequestError, ProviderNotEmulatedError } from '../errors.js';
import type { SandboxControlApi } from './api.js';
import { faultToWire, parseAccountRequest, parseExpireRequest, parseFaultRequest } from './wire.js';

function errorJson(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
): Response {
  return c.json({ error: { code, message } }, status);
}

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidControlRequestError('the body is not valid JSON');
  }
}

/** `/_control/*`: the HTTP face of the control API (API.md, "The sandbox"). */
export function controlRoutes(control: SandboxControlApi): Hono {
  const app = new Hono()
    .post('/accounts', async (c) =>
      c.json(await control.createAccount(parseAccountRequest(await readJson(c)))),
    )
    .post('/faults', async (c) =>
      c.json(faultToWire(await control.addFault(parseFaultRequest(await readJson(c)))), 201),
    )
    .delete('/faults', async (c) => {
      await control.clearFaults();
      return c.body(null, 204);
    })
    .post('/expire', async (c) => {
      await control.expire(parseExpireRequest(await readJson(c)));
      return c.body(null, 204);
    })
    .post('/reset', async (c) => {
      await control.reset();
      return c.body(null, 204);
    });
  app.onError((error, c) => {
    if (error instanceof InvalidControlRequestError)
      return errorJson(c, 400, error.code, error.message);
    if (error instanceof ProviderNotEmulatedError)
      return errorJson(c, 400, error.code, error.message);
    if (error instanceof UnknownSandboxAccountError)
      return errorJson(c, 404, error.code, error.message);
    return errorJson(c, 500, 'internal_error', error.message);
  });
  app.notFound((c) =>
    errorJson(c, 404, 'not_found', `no control endpoint ${c.req.method} ${c.req.path}`),
  );
  return app;
}
