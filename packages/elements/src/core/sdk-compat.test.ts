import { createCalsyncClient } from '@calsync/sdk';
import { describe, expect, it } from 'vitest';
import type { CalsyncClientLike } from './client.js';

describe('the SDK client', () => {
  it('is what the elements take as `client` (checked by the compiler)', () => {
    const client: CalsyncClientLike = createCalsyncClient({
      baseUrl: 'https://calsync.example.com',
      token: 'cst_test',
    });
    expect(typeof client.stream.subscribe).toBe('function');
  });
});
