// An ES module host on Node's own resolution (`"type": "module"`, `node16`).
import { createCalsyncClient } from '@calsync/sdk';
import type { CalsyncClientLike } from '@calsync/elements';

export const calsync: CalsyncClientLike = createCalsyncClient({
  baseUrl: 'https://calsync.example.com',
  getToken: async () => 'cst_test',
});

// @ts-expect-error -- a base URL is required
createCalsyncClient({ token: 'sk_test' });
