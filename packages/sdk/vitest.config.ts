import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig(),
  defineConfig({
    // The integration test runs the real server: this provides its Postgres (an embedded one
    // when CALSYNC_TEST_DATABASE_URL is unset).
    test: { globalSetup: ['@calsync/server/testing'] },
  }),
);
