/** One dispatched server-sent event. */
export interface SSEMessage {
  /** The `event:` field; `message` when absent. */
  event: string;
  data: string;
  /** The last event id seen so far (the stream's `Last-Event-ID`), if any. */
  lastEventId: string | undefined;
}

/** What the parser reports besides messages. */
export interface SSEParserHandlers {
  onMessage(message: SSEMessage): void;
  /** The server's `retry:` reconnection time. */
  onRetry?(delayMs: number): void;
}

/** Feeds text chunks (split anywhere) through the SSE parser. */
export interface SSEParser {
  push(chunk: string): void;
}

/**
 * An incremental parser of the `text/event-stream` format (WHATWG HTML, "server-sent events"):
 * CRLF, LF or CR line ends, comments, multi-line `data`, `id` (kept across events), `retry`.
 *
 * @example
 * const parser = createSSEParser({ onMessage: (m) => handle(JSON.parse(m.data)) });
 * parser.push('id: 7\ndata: {"seq":7}\n\n');
 */
export function createSSEParser(handlers: SSEParserHandlers): SSEParser {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let lastEventId: string | undefined;

  const line = (text: string): void => {
    if (text === '') {
      if (data.length) {
        handlers.onMessage({ event: event || 'message', data: data.join('\n'), lastEventId });
      }
      data = [];
      event = '';
      return;
    }
    const colon = text.indexOf(':');
    if (colon === 0) return; // a comment, e.g. a heartbeat
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) handlers.onRetry?.(Number(value));
  };

  return {
    push(chunk) {
      buffer += chunk;
      // A CR at the very end may be the first half of a CRLF: keep it for the next chunk.
      const lines = buffer.split(/\r\n|\r(?!$)|\n/);
      buffer = lines.pop() ?? '';
      lines.forEach(line);
    },
  };
}
