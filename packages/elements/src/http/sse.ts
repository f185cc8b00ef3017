/** One server-sent event. */
export interface ServerSentEvent {
  id: string | undefined;
  data: string;
  /** Milliseconds the server asked clients to wait before reconnecting, when it said so. */
  retryMs: number | undefined;
}

/**
 * Splits a server-sent-events byte stream into events (the WHATWG event-stream format: `data`,
 * `id`, `retry`, comment lines, blank-line terminated). Comments and heartbeats yield nothing.
 *
 * @example
 * for await (const event of readServerSentEvents(response.body!)) handle(JSON.parse(event.data));
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let dataLines: string[] = [];
  let id: string | undefined;
  let retryMs: number | undefined;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (dataLines.length > 0) yield { id, data: dataLines.join('\n'), retryMs };
          dataLines = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const raw = colon < 0 ? '' : line.slice(colon + 1);
        const fieldValue = raw.startsWith(' ') ? raw.slice(1) : raw;
        if (field === 'data') dataLines.push(fieldValue);
        else if (field === 'id') id = fieldValue;
        else if (field === 'retry' && /^\d+$/.test(fieldValue)) retryMs = Number(fieldValue);
      }
    }
  } finally {
    reader.releaseLock();
  }
}
