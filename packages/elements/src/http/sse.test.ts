import { describe, expect, it } from 'vitest';
import { readServerSentEvents, type ServerSentEvent } from './sse.js';

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of readServerSentEvents(body)) events.push(event);
  return events;
}

describe('readServerSentEvents', () => {
  it('reads ids, data and the retry hint, across chunk boundaries', async () => {
    const events = await collect(
      streamOf(
        'retry: 3000\n\nid: 7\nda',
        'ta: {"seq":7}\n\n: heartbeat\n\nid: 8\r\ndata: a\r\n',
        'data: b\r\n\r\n',
      ),
    );
    expect(events).toEqual([
      { id: '7', data: '{"seq":7}', retryMs: 3000 },
      { id: '8', data: 'a\nb', retryMs: 3000 },
    ]);
  });

  it('ignores comments and an unterminated last event', async () => {
    expect(await collect(streamOf(': hello\n\ndata: partial'))).toEqual([]);
  });
});
