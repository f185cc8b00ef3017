import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../vitest.shared.js';

/** `npm run soak -w test`: the convergence soak (see convergence/soak.soak.ts). */
export default mergeConfig(
  sharedTestConfig(),
  defineConfig({
    test: {
      include: ['convergence/**/*.soak.ts'],
      globalSetup: ['@calsync/server/testing'],
    },
  }),
);
