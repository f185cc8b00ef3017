import { Hono } from 'hono';
import type { EmulatorContext, ProviderEmulator, SandboxProvider } from './emulator.js';
import type { SandboxControlApi } from './control/api.js';
import { faultMiddleware } from './control/fault-middleware.js';
import { FaultStore } from './control/faults.js';
import { createInProcessControl } from './control/in-process.js';
import { controlRoutes } from './control/routes.js';
import { createCalDAVEmulator } from './caldav/index.js';
import type { CalDAVEmulatorSettings } from './caldav/index.js';
import { createGoogleEmulator } from './google/index.js';
import type { GoogleEmulatorOptions } from './google/index.js';
import { latencyFor } from './latency.js';
import { createMicrosoftEmulator } from './microsoft/index.js';
import type { MicrosoftEmulatorSettings } from './microsoft/index.js';
import type { SandboxLatencyOption } from './latency.js';
import { realSleep } from './shared/sleep.js';
import type { SleepFunction } from './shared/sleep.js';
import { createZoomEmulator } from './zoom/index.js';
import type { ZoomEmulatorOptions } from './zoom/index.js';

/** Options of `createSandbox`. */
export interface SandboxOptions {
  /**
   * Public origin of the process serving the sandbox (e.g. `http://127.0.0.1:8787`); `/sandbox`
   * is appended unless already there. Used for absolute URLs the emulators hand out.
   * Default `http://127.0.0.1:8787`.
   */
  publicBaseUrl?: string | (() => string);
  /** The clock every emulator uses (token and channel expiry, `updated` stamps). */
  now?: () => Date;
  /** Outbound HTTP (push notifications, subscription validation). */
  fetch?: typeof fetch;
  /** Simulated latency added to every provider request. */
  latencyMs?: SandboxLatencyOption;
  /** How latency is waited for; tests inject a recorder. */
  sleep?: SleepFunction;
  /** Google-specific knobs (rate limits, Meet timing, quirks). */
  google?: GoogleEmulatorOptions;
  /** Zoom-specific knobs (rate limits, credentials). */
  zoom?: ZoomEmulatorOptions;
  /** Microsoft Graph emulator settings. */
  microsoft?: Partial<MicrosoftEmulatorSettings>;
  /** CalDAV emulator settings. */
  caldav?: Partial<CalDAVEmulatorSettings>;
}

/** A sandbox: the Hono app to mount under `/sandbox`, its control API, and `close()`. */
export interface Sandbox {
  /** Routes relative to `/sandbox`: mount with `parent.route('/sandbox', sandbox.app)`. */
  readonly app: Hono;
  readonly control: SandboxControlApi;
  /** The providers this sandbox serves. */
  readonly providers: readonly SandboxProvider[];
  /** Absolute URL of one provider's emulator, e.g. `http://127.0.0.1:8787/sandbox/google`. */
  providerBaseUrl(provider: SandboxProvider): string;
  /** Resolves once every queued outbound delivery (push notifications) has been attempted. */
  idle(): Promise<void>;
  /** Stops timers (notification delivery and retries). */
  close(): void;
}

type EmulatorFactory = (ctx: EmulatorContext) => ProviderEmulator;

/**
 * Builds the sandbox: every emulator mounted under its provider name, wrapped in the shared
 * fault-injection and latency middleware, plus `/_control`.
 *
 * @example
 * const sandbox = createSandbox({ publicBaseUrl: 'http://127.0.0.1:8787' });
 * const app = new Hono().route('/sandbox', sandbox.app);
 */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const now = options.now ?? (() => new Date());
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const sleep = options.sleep ?? realSleep;
  const sandboxRoot = (): string => {
    const raw = options.publicBaseUrl;
    const origin = (typeof raw === 'function' ? raw() : (raw ?? 'http://127.0.0.1:8787')).replace(
      /\/+$/,
      '',
    );
    return origin.endsWith('/sandbox') ? origin : `${origin}/sandbox`;
  };
  const providerBaseUrl = (provider: SandboxProvider): string => `${sandboxRoot()}/${provider}`;

  const factories: [SandboxProvider, EmulatorFactory][] = [
    ['google', (ctx) => createGoogleEmulator(ctx, options.google)],
    ['microsoft', (ctx) => createMicrosoftEmulator(ctx, options.microsoft)],
    ['zoom', (ctx) => createZoomEmulator(ctx, options.zoom)],
    ['caldav', (ctx) => createCalDAVEmulator(ctx, options.caldav)],
  ];

  const faults = new FaultStore();
  const emulators = new Map<SandboxProvider, ProviderEmulator>();
  const app = new Hono();
  for (const [provider, factory] of factories) {
    const emulator = factory({
      providerBaseUrl: () => providerBaseUrl(provider),
      now,
      fetch: fetchFn,
    });
    emulators.set(provider, emulator);
    const wrapped = new Hono();
    wrapped.use(
      '*',
      faultMiddleware(provider, {
        faults,
        sleep,
        latencyMs: () => latencyFor(options.latencyMs, provider),
      }),
    );
    wrapped.route('/', emulator.app);
    app.route(`/${provider}`, wrapped);
  }
  const control = createInProcessControl(emulators, faults);
  app.route('/_control', controlRoutes(control));
  app.get('/', (c) =>
    c.json({
      sandbox: 'calsync',
      providers: Object.fromEntries([...emulators.keys()].map((p) => [p, providerBaseUrl(p)])),
      control: `${sandboxRoot()}/_control`,
    }),
  );

  return {
    app,
    control,
    providers: [...emulators.keys()],
    providerBaseUrl,
    async idle() {
      await Promise.all([...emulators.values()].map((emulator) => emulator.idle?.()));
    },
    close() {
      for (const emulator of emulators.values()) emulator.close();
    },
  };
}
