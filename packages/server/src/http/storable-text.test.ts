import { describe, expect, it } from 'vitest';
import { findUnstorableText, unstorableTextReason } from './storable-text.js';

describe('text Postgres can store', () => {
  it('accepts any well-formed text, astral characters included', () => {
    expect(unstorableTextReason('Zoë — 会議 🎉')).toBeUndefined();
    expect(findUnstorableText({ a: ['x', { b: '🎉' }], n: 1, z: null })).toEqual([]);
  });

  it('names NUL characters and unpaired surrogates, in values and field names', () => {
    expect(
      findUnstorableText({
        title: 'a\u0000b',
        attendees: [{ name: 'x\ud800' }],
        ['k\udc00']: true,
      }).sort((a, b) => a.path.localeCompare(b.path)),
    ).toEqual([
      { path: 'attendees.0.name', message: 'contains an unpaired UTF-16 surrogate' },
      { path: 'k\udc00', message: 'field name contains an unpaired UTF-16 surrogate' },
      { path: 'title', message: 'contains a NUL character (\\u0000)' },
    ]);
  });

  it('walks nesting far deeper than the call stack allows', () => {
    const depth = 200_000;
    const deep = JSON.parse(`${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}`) as unknown;
    const [found] = findUnstorableText(deep);
    expect(found?.message).toBe('contains a NUL character (\\u0000)');
    expect(found?.path.split('.')).toHaveLength(depth);
  });
});
