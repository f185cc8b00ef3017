import { Hono } from 'hono';
import type { EmulatorContext, ProviderEmulator } from '../emulator.js';
import { UnknownSandboxAccountError } from '../emulator.js';

/** Knobs of the Zoom emulator. */
export interface ZoomEmulatorOptions {
  /** Placeholder. */
  readonly limits?: undefined;
}

/** The Zoom emulator, mounted at `/sandbox/zoom`. */
export function createZoomEmulator(
  _ctx: EmulatorContext,
  _options: ZoomEmulatorOptions = {},
): ProviderEmulator {
  const users = new Set<string>();
  return {
    provider: 'zoom',
    app: new Hono(),
    createAccount(email) {
      users.add(email);
      return { email, access_token: 'todo', calendars: [] };
    },
    expire(email) {
      if (!users.has(email)) throw new UnknownSandboxAccountError('zoom', email);
    },
    reset() {
      users.clear();
    },
    close() {},
  };
}
