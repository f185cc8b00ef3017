import type { ServerType } from '@hono/node-server';

/** How often idle keep-alive connections are closed while requests drain. */
const IDLE_SWEEP_MS = 50;

/**
 * Closes an HTTP server gracefully: stops accepting connections at once, runs `beforeDrain`
 * (ending event streams, which would otherwise never finish), lets in-flight requests finish and
 * closes keep-alive connections as they fall idle; whatever is still open after `timeoutMs` is
 * cut. Resolves once the server is closed.
 *
 * @example
 * process.once('SIGTERM', () => closeServerGracefully(server, 25_000, () => closeStreams(sql)));
 */
export async function closeServerGracefully(
  server: ServerType,
  timeoutMs: number,
  beforeDrain: () => Promise<void> = async () => undefined,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const sweep = () => {
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  };
  sweep();
  const sweeper = setInterval(sweep, IDLE_SWEEP_MS);
  const deadline = setTimeout(() => {
    if ('closeAllConnections' in server) server.closeAllConnections();
  }, timeoutMs);
  try {
    await beforeDrain();
    await closed;
  } finally {
    clearInterval(sweeper);
    clearTimeout(deadline);
  }
}
