import { defineConfig } from 'vitest/config';

/** `npm run bench`: every `bench/*.bench.ts` prints its figures; none asserts on time. */
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    reporters: ['verbose'],
  },
});
