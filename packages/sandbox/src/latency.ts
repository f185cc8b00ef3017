import type { SandboxProvider } from './emulator.js';
import { InvalidControlRequestError } from './errors.js';

/** Simulated latency: one figure for every provider, or per provider. */
export type SandboxLatencyOption = number | Partial<Record<SandboxProvider, number>>;

const PROVIDERS: readonly string[] = ['google', 'microsoft', 'zoom', 'caldav'];

/**
 * Reads `CALSYNC_SANDBOX_LATENCY_MS`: either one number (`"40"`) for every provider, or a list
 * (`"google=40,zoom=120"`). Unset or empty means no latency.
 *
 * @example
 * createSandbox({ latencyMs: latencyFromEnv() });
 */
export function latencyFromEnv(
  env: Record<string, string | undefined> = process.env,
): SandboxLatencyOption | undefined {
  const raw = env.CALSYNC_SANDBOX_LATENCY_MS?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  const perProvider: Partial<Record<SandboxProvider, number>> = {};
  for (const part of raw.split(',')) {
    const match = /^\s*([a-z]+)\s*=\s*(\d+)\s*$/.exec(part);
    if (match === null || !PROVIDERS.includes(match[1] ?? '')) {
      throw new InvalidControlRequestError(
        `CALSYNC_SANDBOX_LATENCY_MS must be a number or "provider=ms,...", got ${JSON.stringify(raw)}`,
      );
    }
    perProvider[match[1] as SandboxProvider] = Number(match[2]);
  }
  return perProvider;
}

/** The latency one provider gets under `option`. */
export function latencyFor(
  option: SandboxLatencyOption | undefined,
  provider: SandboxProvider,
): number {
  if (option === undefined) return 0;
  if (typeof option === 'number') return option;
  return option[provider] ?? 0;
}
