import type { ExpiryTarget, SandboxProvider } from '../emulator.js';
import { InvalidControlRequestError } from '../errors.js';
import type { CreateAccountInput, ExpireInput } from './api.js';
import type { FaultTiming, SandboxFault, SandboxFaultInput } from './faults.js';

/** The providers a control request may name. */
export const SANDBOX_PROVIDERS: readonly SandboxProvider[] = [
  'google',
  'microsoft',
  'zoom',
  'caldav',
];
const EXPIRY_TARGETS: readonly ExpiryTarget[] = ['access_token', 'refresh_token', 'sync_tokens'];
const TIMINGS: readonly FaultTiming[] = ['before', 'after'];
const HTTP_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'PROPFIND',
  'PROPPATCH',
  'REPORT',
  'MKCALENDAR',
  'MKCOL',
  'COPY',
  'MOVE',
];

/** A fault as `POST /sandbox/_control/faults` answers it. */
export interface SandboxFaultWire {
  id: string;
  provider: SandboxProvider;
  method: string | null;
  path_pattern: string | null;
  status: number | null;
  retry_after: number | null;
  remaining: number | null;
  latency_ms: number;
  body: unknown;
  when: FaultTiming;
}

type JsonObject = Record<string, unknown>;

function fail(message: string): never {
  throw new InvalidControlRequestError(message);
}

function objectWithKeys(body: unknown, allowed: readonly string[]): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    fail('the body must be a JSON object');
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) fail(`unknown field(s): ${unknown.join(', ')}`);
  return body as JsonObject;
}

function oneOf<T extends string>(value: unknown, field: string, options: readonly T[]): T {
  if (typeof value !== 'string' || !options.includes(value as T)) {
    fail(`${field} must be one of ${options.join(', ')}`);
  }
  return value as T;
}

function email(value: unknown): string {
  if (typeof value !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(value))
    fail('email must be an e-mail address');
  return value.toLowerCase();
}

function optionalInteger(
  value: unknown,
  field: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** Parses `POST /_control/accounts`. */
export function parseAccountRequest(body: unknown): CreateAccountInput {
  const fields = objectWithKeys(body, ['provider', 'email']);
  return {
    provider: oneOf(fields.provider, 'provider', SANDBOX_PROVIDERS),
    email: email(fields.email),
  };
}

/** Parses `POST /_control/expire`. */
export function parseExpireRequest(body: unknown): ExpireInput {
  const fields = objectWithKeys(body, ['provider', 'email', 'what']);
  return {
    provider: oneOf(fields.provider, 'provider', SANDBOX_PROVIDERS),
    email: email(fields.email),
    what: oneOf(fields.what, 'what', EXPIRY_TARGETS),
  };
}

/** Parses `POST /_control/faults` into the TypeScript form (then checked by `checkFaultInput`). */
export function parseFaultRequest(body: unknown): SandboxFaultInput {
  const fields = objectWithKeys(body, [
    'provider',
    'method',
    'path_pattern',
    'status',
    'retry_after',
    'count',
    'latency_ms',
    'body',
    'when',
  ]);
  if (fields.method !== undefined && typeof fields.method !== 'string')
    fail('method must be a string');
  if (fields.path_pattern !== undefined && typeof fields.path_pattern !== 'string') {
    fail('path_pattern must be a string (a regular expression)');
  }
  const input: SandboxFaultInput = {
    provider: oneOf(fields.provider, 'provider', SANDBOX_PROVIDERS),
    method: fields.method as string | undefined,
    pathPattern: fields.path_pattern as string | undefined,
    status: optionalInteger(fields.status, 'status', 100, 599),
    retryAfterSeconds: optionalInteger(fields.retry_after, 'retry_after', 0, 86_400),
    count: optionalInteger(fields.count, 'count', 1, 1_000_000),
    latencyMs: optionalInteger(fields.latency_ms, 'latency_ms', 0, 600_000),
    body: fields.body ?? undefined,
    when: fields.when === undefined ? undefined : oneOf(fields.when, 'when', TIMINGS),
  };
  return checkFaultInput(input);
}

/** Checks a fault given in either form; throws `InvalidControlRequestError`. */
export function checkFaultInput(input: SandboxFaultInput): SandboxFaultInput {
  oneOf(input.provider, 'provider', SANDBOX_PROVIDERS);
  if (input.method !== undefined && !HTTP_METHODS.includes(input.method.toUpperCase())) {
    fail(`method must be an HTTP method, got ${input.method}`);
  }
  if (typeof input.pathPattern === 'string') {
    try {
      new RegExp(input.pathPattern);
    } catch {
      fail(`path_pattern is not a valid regular expression: ${input.pathPattern}`);
    }
  }
  optionalInteger(input.status, 'status', 100, 599);
  optionalInteger(input.retryAfterSeconds, 'retry_after', 0, 86_400);
  optionalInteger(input.count, 'count', 1, 1_000_000);
  optionalInteger(input.latencyMs, 'latency_ms', 0, 600_000);
  if (input.when !== undefined) oneOf(input.when, 'when', TIMINGS);
  if (input.when === 'after' && input.status === undefined && (input.latencyMs ?? 0) > 0) {
    fail('when "after" needs a status');
  }
  return input;
}

/** TypeScript fault → wire form. */
export function faultToWire(fault: SandboxFault): SandboxFaultWire {
  return {
    id: fault.id,
    provider: fault.provider,
    method: fault.method,
    path_pattern: fault.pathPattern,
    status: fault.status,
    retry_after: fault.retryAfterSeconds,
    remaining: fault.remaining,
    latency_ms: fault.latencyMs,
    body: fault.body,
    when: fault.when,
  };
}

/** Wire fault → TypeScript form. */
export function faultFromWire(wire: SandboxFaultWire): SandboxFault {
  return {
    id: wire.id,
    provider: wire.provider,
    method: wire.method,
    pathPattern: wire.path_pattern,
    status: wire.status,
    retryAfterSeconds: wire.retry_after,
    remaining: wire.remaining,
    latencyMs: wire.latency_ms,
    body: wire.body,
    when: wire.when,
  };
}

/** TypeScript fault input → the body of `POST /_control/faults`. */
export function faultInputToWire(input: SandboxFaultInput): JsonObject {
  const pattern =
    input.pathPattern instanceof RegExp ? input.pathPattern.source : input.pathPattern;
  const wire: JsonObject = {
    provider: input.provider,
    method: input.method,
    path_pattern: pattern,
    status: input.status,
    retry_after: input.retryAfterSeconds,
    count: input.count,
    latency_ms: input.latencyMs,
    body: input.body,
    when: input.when,
  };
  return Object.fromEntries(Object.entries(wire).filter(([, value]) => value !== undefined));
}
