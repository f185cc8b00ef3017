import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { RequestLimiter } from './limiter.js';

/**
 * The Graph client's middleware chain. The client's own `AuthenticationHandler` refuses to sign
 * plain-http URLs (the sandbox), and its `RetryHandler` would retry behind the server's back, so
 * the chain is ours: default `Prefer` → bearer token → mailbox limiter → the injected `fetch`.
 * Retries belong to the server's retry matrix: 429/503 surface as typed errors with Retry-After.
 */

function setHeader(context: Context, name: string, value: string): void {
  context.options ??= {};
  const headers = context.options.headers;
  if (headers instanceof Headers) {
    headers.set(name, value);
  } else {
    context.options.headers = { ...(headers as Record<string, string> | undefined), [name]: value };
  }
}

function getHeader(context: Context, name: string): string | null {
  const headers = context.options?.headers;
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  const record = headers as Record<string, string>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? null : (record[key] ?? null);
}

/** Base class holding the next handler. */
abstract class ChainedMiddleware implements Middleware {
  protected next: Middleware | undefined;

  abstract execute(context: Context): Promise<void>;

  setNext(next: Middleware): void {
    this.next = next;
  }

  protected async forward(context: Context): Promise<void> {
    if (!this.next) throw new Error('Graph middleware chain has no terminal handler');
    await this.next.execute(context);
  }
}

/** Adds preferences every request wants, unless the call already set that preference. */
export class PreferMiddleware extends ChainedMiddleware {
  constructor(private readonly preferences: readonly string[]) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const existing = getHeader(context, 'Prefer');
    const keys = new Set(
      (existing ?? '')
        .split(',')
        .map((part) => part.split('=')[0]?.trim().toLowerCase())
        .filter(Boolean),
    );
    const added = this.preferences.filter((p) => !keys.has(p.split('=')[0]!.trim().toLowerCase()));
    const merged = [existing, ...added].filter((p): p is string => !!p).join(', ');
    if (merged) setHeader(context, 'Prefer', merged);
    await this.forward(context);
  }
}

/** Signs every request with `Authorization: Bearer <token>` from the injected getter. */
export class BearerAuthMiddleware extends ChainedMiddleware {
  constructor(private readonly getAccessToken: () => Promise<string>) {
    super();
  }

  async execute(context: Context): Promise<void> {
    setHeader(context, 'Authorization', `Bearer ${await this.getAccessToken()}`);
    await this.forward(context);
  }
}

/** Holds a mailbox slot for the duration of the HTTP exchange. */
export class LimiterMiddleware extends ChainedMiddleware {
  constructor(private readonly limiter: RequestLimiter) {
    super();
  }

  async execute(context: Context): Promise<void> {
    await this.limiter.run(() => this.forward(context));
  }
}

/** The terminal handler: performs the request with the injected `fetch`. */
export class FetchMiddleware implements Middleware {
  constructor(private readonly fetchFn: typeof fetch) {}

  async execute(context: Context): Promise<void> {
    context.response = await this.fetchFn(context.request, context.options as RequestInit);
  }
}
