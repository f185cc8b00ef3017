import { createLogger } from '@calsync/server';
import { ConfigError, loadConfig } from './config.js';
import { startCalsync } from './runtime.js';

/** Exit code for a configuration the server cannot use. */
export const EXIT_BAD_CONFIG = 2;

/**
 * Runs the server as a process: reads the environment (exit 2 on a bad variable), starts what
 * the role asks for, prints the start banner, and stops in order on SIGINT or SIGTERM. Used by
 * `node dist/main.js` and `calsync start`.
 *
 * @example
 * await runServerProcess(process.env, (text) => console.log(text));
 */
export async function runServerProcess(
  env: Record<string, string | undefined>,
  /** Where the start banner goes (stdout). */
  print: (text: string) => void,
): Promise<void> {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`calsync: invalid configuration: ${error.message}`);
      process.exit(EXIT_BAD_CONFIG);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  const running = await startCalsync(config, logger);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  const lines = [`Calsync is running (role: ${config.role}).`];
  if (running.apiUrl) lines.push(`  API:      ${running.apiUrl}`, `  Demo:     ${running.demoUrl}`);
  if (running.elements) {
    lines.push(
      `  Elements: <script type="module" src="${running.elements.url}"`,
      `            integrity="${running.elements.integrity}" crossorigin="anonymous"></script>`,
    );
  }
  if (config.sandbox && running.apiUrl) {
    lines.push(`  Sandbox:  ${running.baseUrl}/sandbox (emulated Google, Microsoft, Zoom, CalDAV)`);
  }
  if (running.devTenant) {
    lines.push(
      `  Dev tenant ${running.devTenant.tenant_id}${running.devTenant.created ? ' (new)' : ''}:` +
        ` secret key ${running.devTenant.secret_key} (also in ${config.dataDir}/dev-tenant.json)`,
    );
  }
  for (const note of running.notes) lines.push(`  ${note}`);
  lines.push('Press Ctrl+C to stop.');
  print(lines.join('\n'));
}

/** Reports a failed start on stderr and exits 1. */
export function exitOnStartFailure(error: unknown): never {
  console.error('calsync: failed to start:', error instanceof Error ? error.message : error);
  if (error instanceof Error && error.cause) console.error('  cause:', error.cause);
  process.exit(1);
}
