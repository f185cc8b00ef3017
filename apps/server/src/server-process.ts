import { createLogger, EncryptionKeysMismatchError } from '@calsync/server';
import { ConfigError, loadConfig } from './config.js';
import { EncryptionKeysRequiredError } from './encryption-keys.js';
import { startCalsync } from './runtime.js';
import { printBanner } from './start-banner.js';

/** Exit code for a configuration the server cannot use (a bad variable, keys that do not fit). */
export const EXIT_BAD_CONFIG = 2;

/**
 * Runs the server as a process: reads the environment (exit 2 on a bad variable), starts what
 * the role asks for, prints the start banner (a JSON line, or the human banner on a terminal), and
 * stops in order on SIGINT or SIGTERM. Used by `node dist/main.js` and `calsync start`.
 *
 * @example
 * await runServerProcess(process.env);
 */
export async function runServerProcess(env: Record<string, string | undefined>): Promise<void> {
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
    logger.info({ signal, timeout_ms: config.shutdownTimeoutMs }, 'stopping');
    running.stop().then(
      () => {
        logger.info({ signal }, 'stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  printBanner(config, running);
}

/**
 * Reports a failed start on stderr in one line and exits: 2 when the encryption keys cannot
 * open the stored data (or are missing beside it), 1 otherwise.
 */
export function exitOnStartFailure(error: unknown): never {
  if (
    error instanceof EncryptionKeysRequiredError ||
    error instanceof EncryptionKeysMismatchError
  ) {
    console.error(`calsync: refusing to start: ${error.message}`);
    process.exit(EXIT_BAD_CONFIG);
  }
  console.error('calsync: failed to start:', error instanceof Error ? error.message : error);
  if (error instanceof Error && error.cause) console.error('  cause:', error.cause);
  process.exit(1);
}
