import { pino, type Logger as PinoLogger, type LoggerOptions } from 'pino';

/** The server's logger (pino). */
export type Logger = PinoLogger;

/** Paths that never reach a log line: tokens, passwords, keys and Authorization headers. */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'secret',
  '*.secret',
  'secret_key',
  '*.secret_key',
  'client_secret',
  '*.client_secret',
  'credentials',
  '*.credentials',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
];

/**
 * JSON logs, one object a line, with an ISO 8601 `time`, the level as a name (`"level":"info"`)
 * and secrets redacted.
 *
 * @example
 * const logger = createLogger({ level: 'info' });
 * logger.info({ connection_id }, 'pull finished');
 */
export function createLogger(
  options: { level?: string; destination?: NodeJS.WritableStream } = {},
): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: 'calsync' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
