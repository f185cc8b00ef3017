import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const key = `k1:${randomBytes(32).toString('base64')}`;

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      port: 8787,
      databaseUrl: undefined,
      dataDir: '/srv/app/.calsync',
      sandbox: false,
      sandboxUrl: undefined,
      baseUrl: 'http://127.0.0.1:8787',
      encryptionKeys: undefined,
      role: 'all',
      providerTimeoutMs: 30_000,
      unboundEnvelopes: 'bind',
      trustedProxies: [],
      webhookRateLimit: { ratePerSecond: 100, burst: 500 },
      maxImportedEventsPerConnection: 50_000,
      allowPrivateNetworks: [],
      maxResponseBytes: 50 * 1024 * 1024,
      google: undefined,
      microsoft: undefined,
      zoom: undefined,
    });
  });

  it('reads every variable of the table', () => {
    const config = loadConfig({
      PORT: '9000',
      DATABASE_URL: 'postgres://u:p@db:5432/calsync',
      CALSYNC_DATA_DIR: '/var/lib/calsync',
      CALSYNC_SANDBOX: '1',
      CALSYNC_BASE_URL: 'https://cal.example.com/',
      CALSYNC_ENCRYPTION_KEYS: key,
      CALSYNC_ROLE: 'worker',
      GOOGLE_CLIENT_ID: 'gid',
      GOOGLE_CLIENT_SECRET: 'gsecret',
      MICROSOFT_CLIENT_ID: 'mid',
      MICROSOFT_CLIENT_SECRET: 'msecret',
      MICROSOFT_TENANT: 'organizations',
      ZOOM_ACCOUNT_ID: 'za',
      ZOOM_CLIENT_ID: 'zid',
      ZOOM_CLIENT_SECRET: 'zsecret',
      CALSYNC_SANDBOX_LATENCY_MS: 'google=20,microsoft=40',
      CALSYNC_CORS_ORIGINS: 'https://app.example.com, http://localhost:3000',
      CALSYNC_PROVIDER_TIMEOUT_MS: '15000',
      CALSYNC_UNBOUND_ENVELOPES: 'refuse',
      CALSYNC_TRUSTED_PROXIES: '10.0.0.0/8, ::1',
      CALSYNC_WEBHOOK_RATE_LIMIT: '20,60',
      CALSYNC_OAUTH_REDIRECT_URIS:
        'https://app.example.com/calendar/done, http://localhost:3000/cb',
      CALSYNC_MAX_IMPORTED_EVENTS_PER_CONNECTION: '2000',
      CALSYNC_ALLOW_PRIVATE_NETWORKS: '10.20.0.0/16, 192.168.1.20,fd00::/8',
      CALSYNC_PROVIDER_MAX_RESPONSE_BYTES: '1048576',
    });
    expect(config).toMatchObject({
      port: 9000,
      databaseUrl: 'postgres://u:p@db:5432/calsync',
      dataDir: '/var/lib/calsync',
      sandbox: true,
      sandboxLatencyMs: { google: 20, microsoft: 40 },
      corsOrigins: ['https://app.example.com', 'http://localhost:3000'],
      oauthRedirectUris: ['https://app.example.com/calendar/done', 'http://localhost:3000/cb'],
      baseUrl: 'https://cal.example.com',
      encryptionKeys: key,
      role: 'worker',
      providerTimeoutMs: 15_000,
      unboundEnvelopes: 'refuse',
      trustedProxies: ['10.0.0.0/8', '::1'],
      webhookRateLimit: { ratePerSecond: 20, burst: 60 },
      maxImportedEventsPerConnection: 2000,
      allowPrivateNetworks: ['10.20.0.0/16', '192.168.1.20', 'fd00::/8'],
      maxResponseBytes: 1_048_576,
      google: { clientId: 'gid', clientSecret: 'gsecret' },
      microsoft: { clientId: 'mid', clientSecret: 'msecret', tenant: 'organizations' },
      zoom: { accountId: 'za', clientId: 'zid', clientSecret: 'zsecret' },
    });
    expect(
      loadConfig({ MICROSOFT_CLIENT_ID: 'a', MICROSOFT_CLIENT_SECRET: 'b' }).microsoft?.tenant,
    ).toBe('common');
    expect(loadConfig({ CALSYNC_WEBHOOK_RATE_LIMIT: '30' }).webhookRateLimit).toEqual({
      ratePerSecond: 30,
      burst: 150,
    });
  });

  it('keeps CALSYNC_WEBHOOKS_ALLOW_PRIVATE=1 working as an alias of allowing every network', () => {
    expect(loadConfig({ CALSYNC_WEBHOOKS_ALLOW_PRIVATE: '1' }).allowPrivateNetworks).toEqual(['*']);
    expect(
      loadConfig({ CALSYNC_WEBHOOKS_ALLOW_PRIVATE: '0', CALSYNC_ALLOW_PRIVATE_NETWORKS: '*' })
        .allowPrivateNetworks,
    ).toEqual(['*']);
  });

  it('uses a shared sandbox at CALSYNC_SANDBOX_URL, which implies sandbox mode', () => {
    expect(loadConfig({ CALSYNC_SANDBOX_URL: 'http://127.0.0.1:9100/sandbox/' })).toMatchObject({
      sandbox: true,
      sandboxUrl: 'http://127.0.0.1:9100/sandbox',
    });
    expect(
      loadConfig({ CALSYNC_SANDBOX: '1', CALSYNC_SANDBOX_URL: 'https://sandbox.test/sandbox' }),
    ).toMatchObject({ sandbox: true, sandboxUrl: 'https://sandbox.test/sandbox' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ CALSYNC_SANDBOX: 'yes' }, 'CALSYNC_SANDBOX'],
    [{ CALSYNC_SANDBOX_URL: 'ftp://x' }, 'CALSYNC_SANDBOX_URL'],
    [{ CALSYNC_SANDBOX_URL: 'not a url' }, 'CALSYNC_SANDBOX_URL'],
    [
      { CALSYNC_SANDBOX: '0', CALSYNC_SANDBOX_URL: 'http://127.0.0.1:1/sandbox' },
      'CALSYNC_SANDBOX',
    ],
    [{ CALSYNC_BASE_URL: 'ftp://x' }, 'CALSYNC_BASE_URL'],
    [{ CALSYNC_ENCRYPTION_KEYS: 'k1:short' }, 'CALSYNC_ENCRYPTION_KEYS'],
    [{ CALSYNC_ENCRYPTION_KEYS: 'nocolon' }, 'CALSYNC_ENCRYPTION_KEYS'],
    [{ CALSYNC_ROLE: 'boss' }, 'CALSYNC_ROLE'],
    [{ CALSYNC_LOG_LEVEL: 'loud' }, 'CALSYNC_LOG_LEVEL'],
    [{ CALSYNC_PROVIDER_TIMEOUT_MS: '0' }, 'CALSYNC_PROVIDER_TIMEOUT_MS'],
    [{ CALSYNC_PROVIDER_TIMEOUT_MS: '2s' }, 'CALSYNC_PROVIDER_TIMEOUT_MS'],
    [
      { CALSYNC_MAX_IMPORTED_EVENTS_PER_CONNECTION: '0' },
      'CALSYNC_MAX_IMPORTED_EVENTS_PER_CONNECTION',
    ],
    [
      { CALSYNC_MAX_IMPORTED_EVENTS_PER_CONNECTION: '50k' },
      'CALSYNC_MAX_IMPORTED_EVENTS_PER_CONNECTION',
    ],
    [{ CALSYNC_ALLOW_PRIVATE_NETWORKS: 'intranet.example' }, 'CALSYNC_ALLOW_PRIVATE_NETWORKS'],
    [{ CALSYNC_ALLOW_PRIVATE_NETWORKS: '10.0.0.0/40' }, 'CALSYNC_ALLOW_PRIVATE_NETWORKS'],
    [{ CALSYNC_PROVIDER_MAX_RESPONSE_BYTES: '0' }, 'CALSYNC_PROVIDER_MAX_RESPONSE_BYTES'],
    [{ CALSYNC_PROVIDER_MAX_RESPONSE_BYTES: '50MB' }, 'CALSYNC_PROVIDER_MAX_RESPONSE_BYTES'],
    [{ GOOGLE_CLIENT_ID: 'x' }, 'GOOGLE_CLIENT_SECRET'],
    [{ MICROSOFT_CLIENT_SECRET: 'x' }, 'MICROSOFT_CLIENT_ID'],
    [{ MICROSOFT_TENANT: 'contoso' }, 'MICROSOFT_CLIENT_ID'],
    [{ ZOOM_ACCOUNT_ID: 'a', ZOOM_CLIENT_ID: 'b' }, 'ZOOM_CLIENT_SECRET'],
    [{ CALSYNC_SANDBOX_LATENCY_MS: 'fast' }, 'CALSYNC_SANDBOX_LATENCY_MS'],
    [{ CALSYNC_CORS_ORIGINS: 'https://a.example/path' }, 'CALSYNC_CORS_ORIGINS'],
    [{ CALSYNC_UNBOUND_ENVELOPES: 'accept' }, 'CALSYNC_UNBOUND_ENVELOPES'],
    [{ CALSYNC_TRUSTED_PROXIES: 'proxy.example' }, 'CALSYNC_TRUSTED_PROXIES'],
    [{ CALSYNC_TRUSTED_PROXIES: '10.0.0.0/40' }, 'CALSYNC_TRUSTED_PROXIES'],
    [{ CALSYNC_WEBHOOK_RATE_LIMIT: '0' }, 'CALSYNC_WEBHOOK_RATE_LIMIT'],
    [{ CALSYNC_WEBHOOK_RATE_LIMIT: 'fast' }, 'CALSYNC_WEBHOOK_RATE_LIMIT'],
    [{ CALSYNC_WEBHOOK_RATE_LIMIT: '10,0' }, 'CALSYNC_WEBHOOK_RATE_LIMIT'],
    [{ CALSYNC_OAUTH_REDIRECT_URIS: 'javascript:alert(1)' }, 'CALSYNC_OAUTH_REDIRECT_URIS'],
    [{ CALSYNC_OAUTH_REDIRECT_URIS: 'https://a.example/cb#x' }, 'CALSYNC_OAUTH_REDIRECT_URIS'],
    [{ CALSYNC_OAUTH_REDIRECT_URIS: '/relative/cb' }, 'CALSYNC_OAUTH_REDIRECT_URIS'],
    [{ CALSYNC_DATABASE_POOL_MAX: '0' }, 'CALSYNC_DATABASE_POOL_MAX'],
    [{ CALSYNC_DATABASE_POOL_MAX: '1001' }, 'CALSYNC_DATABASE_POOL_MAX'],
    [{ CALSYNC_QUEUE_POOL_MAX: 'many' }, 'CALSYNC_QUEUE_POOL_MAX'],
    [{ CALSYNC_PULL_CONCURRENCY: '-1' }, 'CALSYNC_PULL_CONCURRENCY'],
    [{ CALSYNC_PUSH_CONCURRENCY: '2.5' }, 'CALSYNC_PUSH_CONCURRENCY'],
    [{ CALSYNC_PUSH_CONCURRENCY: '257' }, 'CALSYNC_PUSH_CONCURRENCY'],
    [{ CALSYNC_LISTEN_HOST: 'http://0.0.0.0' }, 'CALSYNC_LISTEN_HOST'],
    [{ CALSYNC_LISTEN_HOST: 'bad host' }, 'CALSYNC_LISTEN_HOST'],
    [{ CALSYNC_SANDBOX: '1', CALSYNC_LISTEN_HOST: '0.0.0.0' }, 'CALSYNC_LISTEN_HOST'],
  ])('names the variable in error for %j', (env, variable) => {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message.startsWith(`${variable}: `)).toBe(true);
  });

  describe('scaling knobs', () => {
    it('defaults so that six processes fit in a default Postgres', () => {
      const { scaling } = loadConfig({});
      expect(scaling).toEqual({
        databasePoolMax: 8,
        queuePoolMax: 4,
        pullConcurrency: 2,
        pushConcurrency: 4,
        listenHost: '0.0.0.0',
      });
      // Own pool + queue pool + the two LISTEN connections (queue wake-ups, webhook dispatch),
      // six processes, under max_connections 100 less the 3 reserved for superusers.
      const perProcess = scaling.databasePoolMax + scaling.queuePoolMax + 2;
      expect(6 * perProcess).toBeLessThanOrEqual(97);
    });

    it('reads each knob', () => {
      expect(
        loadConfig({
          CALSYNC_DATABASE_POOL_MAX: '20',
          CALSYNC_QUEUE_POOL_MAX: '6',
          CALSYNC_PULL_CONCURRENCY: '8',
          CALSYNC_PUSH_CONCURRENCY: '16',
          CALSYNC_LISTEN_HOST: '::',
        }).scaling,
      ).toEqual({
        databasePoolMax: 20,
        queuePoolMax: 6,
        pullConcurrency: 8,
        pushConcurrency: 16,
        listenHost: '::',
      });
      expect(loadConfig({ CALSYNC_LISTEN_HOST: 'calsync.internal' }).scaling.listenHost).toBe(
        'calsync.internal',
      );
    });

    it('listens on loopback in sandbox mode, and only there', () => {
      expect(loadConfig({ CALSYNC_SANDBOX: '1' }).scaling.listenHost).toBe('127.0.0.1');
      expect(
        loadConfig({ CALSYNC_SANDBOX: '1', CALSYNC_LISTEN_HOST: '127.0.0.2' }).scaling.listenHost,
      ).toBe('127.0.0.2');
    });
  });

  describe('operations variables', () => {
    it('defaults: worker port 9464, 25 s to stop, 60 s to wait for the database, JSON off a terminal', () => {
      expect(loadConfig({}, '/srv/app', false)).toMatchObject({
        workerHttpPort: 9464,
        shutdownTimeoutMs: 25_000,
        databaseWaitMs: 60_000,
        logFormat: 'json',
      });
      expect(loadConfig({}, '/srv/app', true).logFormat).toBe('pretty');
    });

    it('reads them, and 0 turns the worker listener off', () => {
      const config = loadConfig(
        {
          CALSYNC_WORKER_HTTP_PORT: '9100',
          CALSYNC_SHUTDOWN_TIMEOUT_MS: '5000',
          CALSYNC_DATABASE_WAIT_MS: '1500',
          CALSYNC_LOG_FORMAT: 'pretty',
        },
        '/srv/app',
        false,
      );
      expect(config).toMatchObject({
        workerHttpPort: 9100,
        shutdownTimeoutMs: 5000,
        databaseWaitMs: 1500,
        logFormat: 'pretty',
      });
      expect(loadConfig({ CALSYNC_WORKER_HTTP_PORT: '0' }).workerHttpPort).toBeUndefined();
      expect(loadConfig({ CALSYNC_LOG_FORMAT: 'json' }, '/srv/app', true).logFormat).toBe('json');
    });

    it.each([
      ['CALSYNC_WORKER_HTTP_PORT', '70000'],
      ['CALSYNC_WORKER_HTTP_PORT', 'metrics'],
      ['CALSYNC_SHUTDOWN_TIMEOUT_MS', '0'],
      ['CALSYNC_SHUTDOWN_TIMEOUT_MS', '10s'],
      ['CALSYNC_DATABASE_WAIT_MS', '-1'],
      ['CALSYNC_LOG_FORMAT', 'text'],
    ])('refuses %s=%s naming the variable', (name, value) => {
      expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}: `));
    });
  });
});
