import { describe, expect, it } from 'vitest';
import { createSSEParser, type SSEMessage } from '../src/stream/sse-parser.js';

function parse(chunks: string[]) {
  const messages: SSEMessage[] = [];
  const retries: number[] = [];
  const parser = createSSEParser({
    onMessage: (m) => messages.push(m),
    onRetry: (ms) => retries.push(ms),
  });
  chunks.forEach((chunk) => parser.push(chunk));
  return { messages, retries };
}

describe('SSE parser', () => {
  it('dispatches on a blank line with data, id and event', () => {
    const { messages } = parse(['id: 7\nevent: change\ndata: {"seq":7}\n\n']);
    expect(messages).toEqual([{ event: 'change', data: '{"seq":7}', lastEventId: '7' }]);
  });

  it('joins multi-line data, defaults the event to message, strips one leading space', () => {
    const { messages } = parse(['data:  a\ndata:b\n\n']);
    expect(messages).toEqual([{ event: 'message', data: ' a\nb', lastEventId: undefined }]);
  });

  it('handles CRLF and CR line ends, also split across chunks', () => {
    const { messages } = parse(['data: 1\r', '\n\r', '\ndata: 2\r\r', 'data: 3\n', '\n']);
    expect(messages.map((m) => m.data)).toEqual(['1', '2', '3']);
  });

  it('handles any split of a stream byte by byte', () => {
    const stream = 'retry: 3000\n\n: heartbeat\n\nid: 1\ndata: {"a":1}\n\nid: 2\ndata: {"a":2}\n\n';
    const { messages, retries } = parse([...stream]);
    expect(messages.map((m) => [m.lastEventId, m.data])).toEqual([
      ['1', '{"a":1}'],
      ['2', '{"a":2}'],
    ]);
    expect(retries).toEqual([3000]);
  });

  it('ignores comments, unknown fields, bad retry values and events without data', () => {
    const { messages, retries } = parse([': hi\nfoo: bar\nretry: soon\nid: 5\n\ndata: x\n\n']);
    expect(retries).toEqual([]);
    // The id of a data-less event still counts for the next one.
    expect(messages).toEqual([{ event: 'message', data: 'x', lastEventId: '5' }]);
  });

  it('does not dispatch an unterminated event', () => {
    expect(parse(['data: half']).messages).toEqual([]);
  });
});
