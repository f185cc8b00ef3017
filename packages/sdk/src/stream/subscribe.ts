import { backoffDelayMs, sleep } from '../http/backoff.js';
import { toCamelCase } from '../http/case.js';
import { CalsyncError } from '../http/errors.js';
import type { Transport } from '../http/transport.js';
import type { ChangeEvent, ChangeType } from '../resources/changes.js';
import { createSSEParser } from './sse-parser.js';

/** How a subscription connects, resumes and reports. */
export interface SubscribeOptions {
  /** Start after this `seq` (e.g. the last one you saved); default: from now on. */
  after?: number;
  /** Deliver only these types; default: all. */
  types?: readonly ChangeType[];
  /** Ends the subscription, like calling the returned function. */
  signal?: AbortSignal;
  /** Called when a connection is established (again). */
  onOpen?: () => void;
  /**
   * Called when a connection fails or drops. `willRetry` is false for errors that reconnecting
   * cannot fix (401 after a token refresh, 403, 404): the subscription has then ended.
   */
  onError?: (error: CalsyncError, state: { willRetry: boolean }) => void;
  /** Longest wait between reconnects; default 30 000. */
  maxDelayMs?: number;
}

/** Ends a subscription. */
export type Unsubscribe = () => void;

/** `calsync.stream`: live changes over server-sent events. */
export interface StreamAPI {
  /**
   * Delivers every change as it happens. Reconnects after drops with exponential backoff and
   * jitter, resuming after the last event received (`Last-Event-ID`), so nothing is missed or
   * repeated. Works with a bearer token in browsers and Node (it streams over `fetch`).
   *
   * @example
   * const unsubscribe = calsync.stream.subscribe((event) => {
   *   if (event.type === 'integration.updated') refresh(event.data.id);
   * });
   * // later
   * unsubscribe();
   */
  subscribe(handler: (event: ChangeEvent) => void, options?: SubscribeOptions): Unsubscribe;
}

/** Statuses where a reconnect cannot help. */
const isFatal = (error: CalsyncError): boolean =>
  error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;

/** A dropped stream (it ended, or the network broke mid-read) as an error to report. */
const dropped = (cause?: unknown): CalsyncError =>
  new CalsyncError({
    code: 'network_error',
    message: 'The change stream was interrupted',
    status: 0,
    requestId: null,
    cause,
  });

/**
 * Binds the stream namespace to a transport.
 *
 * @example
 * const stream = streamAPI(createTransport(options));
 */
export function streamAPI(transport: Transport): StreamAPI {
  return {
    subscribe(handler, options = {}) {
      const controller = new AbortController();
      const { signal } = controller;
      const stop = (): void => controller.abort();
      options.signal?.addEventListener('abort', stop);
      if (options.signal?.aborted) stop();
      let lastEventId = options.after === undefined ? undefined : String(options.after);
      let baseDelayMs = 1000;
      const parser = createSSEParser({
        onRetry: (delayMs) => (baseDelayMs = delayMs),
        onMessage: (message) => {
          lastEventId = message.lastEventId;
          const event = toCamelCase(JSON.parse(message.data)) as ChangeEvent;
          if (options.types && !options.types.includes(event.type)) return;
          try {
            handler(event);
          } catch (error) {
            // A throwing handler must not break the stream: report it as uncaught, like DOM events.
            setTimeout(() => {
              throw error;
            });
          }
        },
      });

      const run = async (): Promise<void> => {
        let failures = 0;
        while (!signal.aborted) {
          let error: CalsyncError;
          try {
            const response = await transport.send({
              method: 'GET',
              path: '/stream',
              headers: {
                accept: 'text/event-stream',
                ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }),
              },
              signal,
            });
            failures = 0;
            options.onOpen?.();
            const reader = response.body!.getReader();
            const decoder = new TextDecoder();
            for (;;) {
              const { done, value } = await reader.read();
              if (done) break;
              parser.push(decoder.decode(value, { stream: true }));
            }
            error = dropped();
          } catch (caught) {
            if (signal.aborted) return;
            error = caught instanceof CalsyncError ? caught : dropped(caught);
          }
          const willRetry = !isFatal(error);
          options.onError?.(error, { willRetry });
          if (!willRetry) return;
          await sleep(
            backoffDelayMs(failures++, { baseDelayMs, maxDelayMs: options.maxDelayMs ?? 30_000 }),
            signal,
          );
        }
      };
      void run();
      return () => {
        options.signal?.removeEventListener('abort', stop);
        stop();
      };
    },
  };
}
