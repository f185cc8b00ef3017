import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig(),
  defineConfig({
    test: {
      include: ['**/*.test.ts'],
      exclude: ['bench/**', 'node_modules/**'],
      globalSetup: ['@calsync/server/testing'],
    },
  }),
);
