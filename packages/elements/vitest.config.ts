import { playwright } from '@vitest/browser-playwright';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

/** Chromium without first-run work or background traffic: tests never touch the network. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Projects extend the shared settings, whose `include` lists merge in, hence the excludes.
 * Two projects in one run (one report): `unit` in Node for pure logic, `browser` in real headless
 * Chromium for the elements themselves.
 */
export default mergeConfig(
  sharedTestConfig(),
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            include: ['src/**/*.test.ts'],
            exclude: ['test/browser/**', '**/node_modules/**'],
            environment: 'node',
          },
        },
        {
          extends: true,
          test: {
            name: 'browser',
            include: ['test/browser/**/*.test.ts'],
            // A stub Calsync API on loopback, for the tests of clients, tokens and streams.
            globalSetup: ['test/server/global-setup.ts'],
            exclude: ['src/**', '**/node_modules/**'],
            browser: {
              enabled: true,
              headless: true,
              screenshotFailures: false,
              instances: [{ browser: 'chromium' }],
              provider: playwright({
                launchOptions: {
                  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
                  args: CHROMIUM_ARGS,
                },
              }),
            },
          },
        },
      ],
    },
  }),
);
