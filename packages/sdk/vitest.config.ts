import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// The SDK's own tests need no server; the test against the real server is in test/sdk.
export default mergeConfig(sharedTestConfig(), defineConfig({}));
