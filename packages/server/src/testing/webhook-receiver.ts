import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../webhooks/signing.js';

/** A message a {@link WebhookReceiver} accepted, with its verification outcome. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  verified: boolean;
}

/** A local HTTP endpoint that verifies signatures and answers what it is told. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The statuses of the next answers, in order; then 204. */
  answer(...statuses: number[]): void;
  /** The secret signatures are checked with. */
  secret: string;
  /** Resolves once `count` messages have arrived. */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a receiver on 127.0.0.1 with an ephemeral port, checking every message against `secret`
 * at `nowSeconds()` as a host would.
 */
export async function startWebhookReceiver(nowSeconds: () => number): Promise<WebhookReceiver> {
  const statuses: number[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    secret: '',
    answer: (...next) => statuses.push(...next),
    waitFor: (count) =>
      receiver.received.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = true;
      try {
        verifyWebhook(receiver.secret, req.headers, body, nowSeconds());
      } catch {
        verified = false;
      }
      receiver.received.push({ headers: req.headers, body, verified });
      res.statusCode = verified ? (statuses.shift() ?? 204) : 401;
      res.end();
      for (const waiter of waiters.filter((w) => receiver.received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
