import { createServer, request, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closeServerGracefully } from './graceful-close.js';

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** A server whose requests wait for `release()` before they are answered. */
async function slowServer() {
  const waiting: (() => void)[] = [];
  let arrived: () => void = () => undefined;
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  const server = createServer((_req, res) => {
    waiting.push(() => res.end('done'));
    arrived();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/' }, resolve);
    req.on('error', reject);
    req.end();
  });
  await arrival;
  return { server, port, response, release: () => waiting.splice(0).forEach((f) => f()) };
}

describe('closeServerGracefully', () => {
  it('refuses new connections at once and lets the request in flight finish', async () => {
    const { server, port, response, release } = await slowServer();
    const order: string[] = [];
    const closed = closeServerGracefully(server, 60_000, async () => {
      order.push('before drain');
    }).then(() => order.push('closed'));
    expect(await refused(port)).toBe(true);
    order.push('released');
    release();
    const res = await response;
    expect(res.statusCode).toBe(200);
    await closed;
    expect(order).toEqual(['before drain', 'released', 'closed']);
  });

  it('cuts what is still open once the timeout has passed', async () => {
    const { server, response } = await slowServer();
    await closeServerGracefully(server, 50);
    await expect(response).rejects.toThrow();
  });
});
