import type { MiddlewareHandler } from 'hono';
import { basePath } from 'hono/route';
import type { SandboxProvider } from '../emulator.js';
import { providerErrorFor } from '../shared/provider-errors.js';
import type { SleepFunction } from '../shared/sleep.js';
import type { FaultStore, SandboxFault } from './faults.js';

/** What the shared middleware needs from the sandbox. */
export interface FaultMiddlewareDeps {
  faults: FaultStore;
  /** Simulated latency for this provider, read on each request. */
  latencyMs(): number;
  sleep: SleepFunction;
}

/**
 * Wraps one provider mount: adds the configured latency, then applies the first matching fault,
 * either instead of the request (`before`) or after performing it (`after`).
 */
export function faultMiddleware(
  provider: SandboxProvider,
  deps: FaultMiddlewareDeps,
): MiddlewareHandler {
  return async (c, next) => {
    const baseLatencyMs = deps.latencyMs();
    if (baseLatencyMs > 0) await deps.sleep(baseLatencyMs);
    const relativePath = c.req.path.slice(basePath(c).length) || '/';
    const fault = deps.faults.take(provider, c.req.method, relativePath);
    if (fault === undefined) return next();
    if (fault.latencyMs > 0) await deps.sleep(fault.latencyMs);
    if (fault.status === null) return next();
    if (fault.when === 'before') return faultResponse(provider, fault, fault.status);
    await next();
    // The real answer is drained so its work is complete, then lost.
    await c.res.arrayBuffer().catch(() => undefined);
    c.res = undefined;
    c.res = faultResponse(provider, fault, fault.status);
  };
}

function faultResponse(provider: SandboxProvider, fault: SandboxFault, status: number): Response {
  const headers = new Headers();
  if (fault.retryAfterSeconds !== null) headers.set('Retry-After', String(fault.retryAfterSeconds));
  if (fault.body !== null) {
    const isText = typeof fault.body === 'string';
    headers.set(
      'Content-Type',
      isText ? 'text/plain; charset=utf-8' : 'application/json; charset=UTF-8',
    );
    const text = isText ? (fault.body as string) : JSON.stringify(fault.body);
    return new Response(status === 204 || status === 304 ? null : text, { status, headers });
  }
  const shaped = providerErrorFor(provider, status);
  headers.set('Content-Type', shaped.contentType);
  return new Response(shaped.body, { status, headers });
}
