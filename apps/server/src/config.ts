import { isIP, isIPv4 } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import { latencyFromEnv, type SandboxLatencyOption } from '@calsync/sandbox';
import {
  DEFAULT_WEBHOOK_RATE_LIMIT,
  InvalidTrustedProxyError,
  TrustedProxies,
} from '@calsync/server';
import { DEFAULT_MAX_RESPONSE_BYTES, InvalidAllowListError, parseAllowList } from '@calsync/server';

/** What a process does: serve HTTP, run workers, or both. */
export type ProcessRole = 'api' | 'worker' | 'all';

/** OAuth client credentials of a real provider. */
export interface OAuthClientConfig {
  clientId: string;
  clientSecret: string;
}

/** The server's configuration, read from the environment (see the README's table). */
export interface ServerConfig {
  port: number;
  /** Unset: embedded Postgres under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  sandbox: boolean;
  /**
   * An already-running sandbox (`CALSYNC_SANDBOX_URL`, e.g. `http://127.0.0.1:9000/sandbox`) the
   * providers use instead of the one mounted in this process, so several processes share one.
   */
  sandboxUrl: string | undefined;
  /** Simulated provider latency in the sandbox (`CALSYNC_SANDBOX_LATENCY_MS`). */
  sandboxLatencyMs: SandboxLatencyOption | undefined;
  /** Public URL; when `CALSYNC_BASE_URL` is unset, `http://127.0.0.1:<bound port>`. */
  baseUrl: string;
  /** True when `baseUrl` was derived from the port rather than configured. */
  baseUrlFromPort: boolean;
  /** Unset: a key generated once and kept in `dataDir`. */
  encryptionKeys: string | undefined;
  role: ProcessRole;
  logLevel: string;
  /** Browser origins allowed to call the API (`CALSYNC_CORS_ORIGINS`). */
  corsOrigins: string[];
  /**
   * Redirect URIs besides the server's own callback page that an OAuth authorisation may name
   * (`CALSYNC_OAUTH_REDIRECT_URIS`): host pages that complete the code themselves.
   */
  oauthRedirectUris: string[];
  /**
   * Outbound webhooks may target private addresses (`CALSYNC_WEBHOOKS_ALLOW_PRIVATE`).
   * @deprecated Folded into {@link ServerConfig.allowPrivateNetworks} as `*`.
   */
  webhooksAllowPrivate: boolean;
  /**
   * Non-public networks that user-given URLs (CalDAV servers, webhook endpoints) may reach:
   * addresses and CIDR blocks, or `*` (`CALSYNC_ALLOW_PRIVATE_NETWORKS`). Sandbox mode allows all.
   */
  allowPrivateNetworks: string[];
  /** How long one request to a calendar provider may take (`CALSYNC_PROVIDER_TIMEOUT_MS`). */
  providerTimeoutMs: number;
  /**
   * Unbound (`v1`) envelopes of earlier releases (`CALSYNC_UNBOUND_ENVELOPES`): `bind` rewrites
   * them bound to their row at start-up; `refuse` never reads them (set once none are left).
   */
  unboundEnvelopes: 'bind' | 'refuse';
  /**
   * Proxies (addresses or CIDR ranges) whose `X-Forwarded-For` names the client
   * (`CALSYNC_TRUSTED_PROXIES`); empty: the header is ignored.
   */
  trustedProxies: string[];
  /** Provider webhook requests per second and burst per source address (`CALSYNC_WEBHOOK_RATE_LIMIT`). */
  webhookRateLimit: { ratePerSecond: number; burst: number };
  /** Live imported appointments one connection may hold (`CALSYNC_MAX_IMPORTED_EVENTS_PER_CONNECTION`). */
  maxImportedEventsPerConnection: number;
  /** Largest provider or CalDAV answer read (`CALSYNC_PROVIDER_MAX_RESPONSE_BYTES`). */
  maxResponseBytes: number;
  /** Scaling knobs (`CALSYNC_DATABASE_POOL_MAX` and others): see {@link ScalingConfig}. */
  scaling: ScalingConfig;
  // Operations: health, metrics, logs, shutdown, start-up.
  /**
   * Port of the `/healthz`, `/readyz`, `/metrics` server of a worker-only process
   * (`CALSYNC_WORKER_HTTP_PORT`); undefined when `0` (none). The API serves them on `port`.
   */
  workerHttpPort: number | undefined;
  /** How long SIGTERM waits for in-flight requests and running jobs (`CALSYNC_SHUTDOWN_TIMEOUT_MS`). */
  shutdownTimeoutMs: number;
  /** How long start-up waits for an unreachable `DATABASE_URL` (`CALSYNC_DATABASE_WAIT_MS`). */
  databaseWaitMs: number;
  /**
   * `json`: the start banner is a JSON log line like every other; `pretty`: the human banner
   * (`CALSYNC_LOG_FORMAT`; default `pretty` when stdout is a terminal, else `json`).
   */
  logFormat: 'json' | 'pretty';
  google: OAuthClientConfig | undefined;
  microsoft: (OAuthClientConfig & { tenant: string }) | undefined;
  zoom: { accountId: string; clientId: string; clientSecret: string } | undefined;
}

/**
 * How much of the database one process uses and how much work it takes on at once. The defaults
 * let six processes share a default Postgres (`max_connections` 100, 3 reserved): each holds at
 * most 8 + 4 + 2 listeners = 14 connections, 84 for six.
 */
export interface ScalingConfig {
  /** Connections of the process's own pool (`CALSYNC_DATABASE_POOL_MAX`, default 8). */
  databasePoolMax: number;
  /** Connections of the job queue's pool (`CALSYNC_QUEUE_POOL_MAX`, default 4). */
  queuePoolMax: number;
  /** Calendar pulls one worker runs at once (`CALSYNC_PULL_CONCURRENCY`, default 2). */
  pullConcurrency: number;
  /** Pushes one worker runs at once (`CALSYNC_PUSH_CONCURRENCY`, default 4). */
  pushConcurrency: number;
  /**
   * The address the HTTP server binds (`CALSYNC_LISTEN_HOST`); default `0.0.0.0`, and
   * `127.0.0.1` in sandbox mode, which only allows loopback addresses.
   */
  listenHost: string;
}

/** A variable holds a value the server cannot use. The message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'invalid_config';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

/** Where a worker-only process serves `/healthz`, `/readyz` and `/metrics` by default. */
export const DEFAULT_WORKER_HTTP_PORT = 9464;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function parsePort(env: Env): number {
  const raw = read(env, 'PORT');
  if (raw === undefined) return 8787;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new ConfigError(
      'PORT',
      `must be a whole number from 0 (any free port) to 65535, got "${raw}"`,
    );
  }
  return port;
}

function parseMilliseconds(env: Env, name: string, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1) {
    throw new ConfigError(name, `must be a whole number of milliseconds above 0, got "${raw}"`);
  }
  return value;
}

function parseAllowedNetworks(env: Env): string[] {
  const name = 'CALSYNC_ALLOW_PRIVATE_NETWORKS';
  let allowed: string[];
  try {
    allowed = parseAllowList(read(env, name));
  } catch (error) {
    if (error instanceof InvalidAllowListError) throw new ConfigError(name, error.message);
    throw error;
  }
  // The older, webhook-only switch allows every network, as it always did.
  return parseFlag(env, 'CALSYNC_WEBHOOKS_ALLOW_PRIVATE', false) ? [...allowed, '*'] : allowed;
}

/** A TCP port; `0` turns the listener off (undefined). */
function parseOptionalPort(env: Env, name: string, fallback: number): number | undefined {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new ConfigError(name, `must be a whole number from 0 (off) to 65535, got "${raw}"`);
  }
  return port === 0 ? undefined : port;
}

function parseLogFormat(env: Env, isTty: boolean): 'json' | 'pretty' {
  const raw = read(env, 'CALSYNC_LOG_FORMAT');
  if (raw === undefined) return isTty ? 'pretty' : 'json';
  if (raw === 'json' || raw === 'pretty') return raw;
  throw new ConfigError('CALSYNC_LOG_FORMAT', `must be json or pretty, got "${raw}"`);
}

/** A whole number above 0 (`unit` names it in the error). */
function parseCount(env: Env, name: string, fallback: number, unit = ''): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || !Number.isSafeInteger(value)) {
    throw new ConfigError(name, `must be a whole number${unit} above 0, got "${raw}"`);
  }
  return value;
}

function parseFlag(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new ConfigError(name, `must be 1 or 0, got "${raw}"`);
}

function parseUnboundEnvelopes(env: Env): 'bind' | 'refuse' {
  const raw = read(env, 'CALSYNC_UNBOUND_ENVELOPES');
  if (raw === undefined) return 'bind';
  if (raw === 'bind' || raw === 'refuse') return raw;
  throw new ConfigError('CALSYNC_UNBOUND_ENVELOPES', `must be bind or refuse, got "${raw}"`);
}

function parseTrustedProxies(env: Env): string[] {
  const raw = read(env, 'CALSYNC_TRUSTED_PROXIES') ?? '';
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  try {
    TrustedProxies.parse(entries.join(','));
  } catch (error) {
    if (error instanceof InvalidTrustedProxyError) {
      throw new ConfigError('CALSYNC_TRUSTED_PROXIES', error.message);
    }
    throw error;
  }
  return entries;
}

function parseWebhookRateLimit(env: Env): { ratePerSecond: number; burst: number } {
  const name = 'CALSYNC_WEBHOOK_RATE_LIMIT';
  const raw = read(env, name);
  if (raw === undefined) return { ...DEFAULT_WEBHOOK_RATE_LIMIT };
  const match = /^(\d+)(?:,(\d+))?$/.exec(raw.replace(/\s/g, ''));
  const ratePerSecond = Number(match?.[1]);
  const burst = match?.[2] === undefined ? ratePerSecond * 5 : Number(match[2]);
  if (!match || ratePerSecond < 1 || burst < 1) {
    throw new ConfigError(name, `must be requests per second[,burst] above 0, got "${raw}"`);
  }
  return { ratePerSecond, burst };
}

function parseUrl(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL (${protocols.join(' or ')}), got something else`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${url.protocol}`);
  }
  return raw;
}

/** Comma-separated absolute http(s) URLs without a fragment, each compared exactly. */
function parseRedirectUris(env: Env): string[] {
  const name = 'CALSYNC_OAUTH_REDIRECT_URIS';
  const uris = (read(env, name) ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  for (const uri of uris) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(uri);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.hash !== '') {
      throw new ConfigError(
        name,
        `must be comma-separated http(s) URLs without a fragment, got "${uri}"`,
      );
    }
  }
  return uris;
}

/** Checks the shape only; the keys themselves are decoded by the keyring at start-up. */
function parseKeys(env: Env): string | undefined {
  const raw = read(env, 'CALSYNC_ENCRYPTION_KEYS');
  if (raw === undefined) return undefined;
  for (const part of raw.split(',').map((p) => p.trim())) {
    const colon = part.indexOf(':');
    const id = part.slice(0, Math.max(colon, 0));
    const key = Buffer.from(part.slice(colon + 1), 'base64');
    if (colon < 1 || !KEY_ID.test(id) || key.length !== 32) {
      throw new ConfigError(
        'CALSYNC_ENCRYPTION_KEYS',
        'must be comma-separated kid:base64key entries, each key 32 bytes of base64',
      );
    }
  }
  return raw;
}

/** All of a group of variables, or none of them. */
function group<K extends string>(
  env: Env,
  names: Record<K, string>,
): Record<K, string> | undefined {
  const entries = Object.entries(names) as [K, string][];
  const values = entries.map(([key, name]) => [key, name, read(env, name)] as const);
  const set = values.filter(([, , v]) => v !== undefined);
  if (set.length === 0) return undefined;
  const missing = values.find(([, , v]) => v === undefined);
  if (missing) {
    const given = set.map(([, name]) => name).join(', ');
    throw new ConfigError(missing[1], `must be set too when ${given} is set`);
  }
  return Object.fromEntries(values.map(([key, , v]) => [key, v])) as Record<K, string>;
}

/** A whole number from 1 to `max`. */
function parseBoundedCount(env: Env, name: string, fallback: number, max: number): number {
  const value = parseCount(env, name, fallback);
  if (value > max) {
    throw new ConfigError(
      name,
      `must be a whole number from 1 to ${max}, got "${read(env, name)}"`,
    );
  }
  return value;
}

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIPv4(host) && host.startsWith('127.'));
}

function parseListenHost(env: Env, sandbox: boolean): string {
  const name = 'CALSYNC_LISTEN_HOST';
  const host = read(env, name);
  if (host === undefined) return sandbox ? '127.0.0.1' : '0.0.0.0';
  if (isIP(host) === 0 && !HOST_NAME.test(host)) {
    throw new ConfigError(name, `must be an IP address or a host name, got "${host}"`);
  }
  if (sandbox && !isLoopback(host)) {
    // The sandbox auto-consents to OAuth and hands out tokens: it stays on this machine.
    throw new ConfigError(name, `must be a loopback address in sandbox mode, got "${host}"`);
  }
  return host;
}

function parseScaling(env: Env, sandbox: boolean): ScalingConfig {
  return {
    databasePoolMax: parseBoundedCount(env, 'CALSYNC_DATABASE_POOL_MAX', 8, 1000),
    queuePoolMax: parseBoundedCount(env, 'CALSYNC_QUEUE_POOL_MAX', 4, 1000),
    pullConcurrency: parseBoundedCount(env, 'CALSYNC_PULL_CONCURRENCY', 2, 256),
    pushConcurrency: parseBoundedCount(env, 'CALSYNC_PUSH_CONCURRENCY', 4, 256),
    listenHost: parseListenHost(env, sandbox),
  };
}

/**
 * Reads and validates the environment. Throws {@link ConfigError} naming the first bad variable.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(
  env: Env,
  cwd: string = process.cwd(),
  stdoutIsTty: boolean = process.stdout.isTTY === true,
): ServerConfig {
  const port = parsePort(env);
  const databaseUrl = parseUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const rawDataDir = read(env, 'CALSYNC_DATA_DIR') ?? '.calsync';
  const dataDir = isAbsolute(rawDataDir) ? rawDataDir : resolve(cwd, rawDataDir);
  const sandboxUrl = parseUrl(env, 'CALSYNC_SANDBOX_URL', ['http:', 'https:'])?.replace(/\/+$/, '');
  // A shared sandbox implies sandbox mode; CALSYNC_SANDBOX=0 with it is a contradiction.
  const sandbox = parseFlag(env, 'CALSYNC_SANDBOX', sandboxUrl !== undefined);
  if (sandboxUrl !== undefined && !sandbox) {
    throw new ConfigError('CALSYNC_SANDBOX', 'must not be 0 when CALSYNC_SANDBOX_URL is set');
  }
  let sandboxLatencyMs: SandboxLatencyOption | undefined;
  try {
    sandboxLatencyMs = latencyFromEnv(env);
  } catch {
    throw new ConfigError(
      'CALSYNC_SANDBOX_LATENCY_MS',
      'must be milliseconds (e.g. 50) or per provider (e.g. google=50,microsoft=80)',
    );
  }
  const configuredBaseUrl = parseUrl(env, 'CALSYNC_BASE_URL', ['http:', 'https:']);
  const baseUrl = (configuredBaseUrl ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  const encryptionKeys = parseKeys(env);
  const role = read(env, 'CALSYNC_ROLE') ?? 'all';
  if (role !== 'all' && role !== 'api' && role !== 'worker') {
    throw new ConfigError('CALSYNC_ROLE', `must be all, api or worker, got "${role}"`);
  }
  const logLevel = read(env, 'CALSYNC_LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('CALSYNC_LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const corsOrigins = (read(env, 'CALSYNC_CORS_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin) {
      throw new ConfigError(
        'CALSYNC_CORS_ORIGINS',
        `must be comma-separated origins like https://app.example.com, got "${origin}"`,
      );
    }
  }
  const google = group(env, { clientId: 'GOOGLE_CLIENT_ID', clientSecret: 'GOOGLE_CLIENT_SECRET' });
  const microsoftClient = group(env, {
    clientId: 'MICROSOFT_CLIENT_ID',
    clientSecret: 'MICROSOFT_CLIENT_SECRET',
  });
  const microsoftTenant = read(env, 'MICROSOFT_TENANT');
  if (microsoftTenant && !microsoftClient) {
    throw new ConfigError('MICROSOFT_CLIENT_ID', 'must be set too when MICROSOFT_TENANT is set');
  }
  if (microsoftTenant && !/^[A-Za-z0-9.-]{1,100}$/.test(microsoftTenant)) {
    throw new ConfigError(
      'MICROSOFT_TENANT',
      'must be common, organizations, consumers, a tenant id or domain',
    );
  }
  const zoom = group(env, {
    accountId: 'ZOOM_ACCOUNT_ID',
    clientId: 'ZOOM_CLIENT_ID',
    clientSecret: 'ZOOM_CLIENT_SECRET',
  });
  return {
    port,
    databaseUrl,
    dataDir,
    sandbox,
    sandboxUrl,
    sandboxLatencyMs,
    baseUrl,
    baseUrlFromPort: configuredBaseUrl === undefined,
    encryptionKeys,
    role,
    logLevel,
    corsOrigins,
    oauthRedirectUris: parseRedirectUris(env),
    webhooksAllowPrivate: parseFlag(env, 'CALSYNC_WEBHOOKS_ALLOW_PRIVATE', false),
    allowPrivateNetworks: parseAllowedNetworks(env),
    providerTimeoutMs: parseMilliseconds(env, 'CALSYNC_PROVIDER_TIMEOUT_MS', 30_000),
    unboundEnvelopes: parseUnboundEnvelopes(env),
    trustedProxies: parseTrustedProxies(env),
    webhookRateLimit: parseWebhookRateLimit(env),
    maxImportedEventsPerConnection: parseCount(
      env,
      'CALSYNC_MAX_IMPORTED_EVENTS_PER_CONNECTION',
      50_000,
    ),
    maxResponseBytes: parseCount(
      env,
      'CALSYNC_PROVIDER_MAX_RESPONSE_BYTES',
      DEFAULT_MAX_RESPONSE_BYTES,
      ' of bytes',
    ),
    scaling: parseScaling(env, sandbox),
    workerHttpPort: parseOptionalPort(env, 'CALSYNC_WORKER_HTTP_PORT', DEFAULT_WORKER_HTTP_PORT),
    shutdownTimeoutMs: parseMilliseconds(env, 'CALSYNC_SHUTDOWN_TIMEOUT_MS', 25_000),
    databaseWaitMs: parseMilliseconds(env, 'CALSYNC_DATABASE_WAIT_MS', 60_000),
    logFormat: parseLogFormat(env, stdoutIsTty),
    google,
    microsoft: microsoftClient && { ...microsoftClient, tenant: microsoftTenant ?? 'common' },
    zoom,
  };
}
