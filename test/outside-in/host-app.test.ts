import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../e2e/browser.js';
import { startSandboxedCalsync, type SandboxedCalsync } from '../e2e/calsync-process.js';
import { createGoogleAccount } from '../e2e/sandbox-flows.js';
import { createHostProject, runIn, type HostProject } from './host-project.js';
import { startHostServer, type HostServer } from './host-server.js';

/** Generous, for a cold machine: the flow runs real jobs, a real popup and the sandbox's OAuth. */
const STEP_TIMEOUT_MS = 30_000;

describe('a host project that installs the packed SDK and elements', () => {
  let host: HostProject;

  beforeAll(async () => {
    host = await createHostProject();
  }, 300_000);

  afterAll(async () => {
    await host?.remove();
  });

  it('type-checks a strict consumer with bundler resolution, React JSX included', async () => {
    const tsc = await runIn(host.dir, 'node_modules/.bin/tsc', ['-p', 'tsconfig.json']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  }, 120_000);

  it('type-checks CommonJS and ES module consumers with Node’s own resolution', async () => {
    const tsc = await runIn(host.dir, 'node_modules/.bin/tsc', ['-p', 'tsconfig.node16.json']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  }, 120_000);

  describe('against a real Calsync server on another origin', () => {
    let calsync: SandboxedCalsync;
    let backend: HostServer;
    let browser: Browser;

    beforeAll(async () => {
      const bundle = await runIn(host.dir, 'node_modules/.bin/esbuild', [
        'src/page.ts',
        '--bundle',
        '--format=esm',
        '--minify',
        '--log-level=warning',
        '--outfile=public/page.js',
      ]);
      if (bundle.code !== 0 || bundle.stderr !== '')
        throw new Error(`esbuild: ${bundle.stderr || bundle.code}`);
      backend = await startHostServer(host.dir);
      calsync = await startSandboxedCalsync({ CALSYNC_CORS_ORIGINS: backend.url });
      backend.configure(calsync.baseUrl, calsync.secretKey);
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await backend?.stop();
      await calsync?.stop();
    });

    it('loads the SDK with import and with require, and mints a session with each', async () => {
      const env = { CALSYNC_URL: calsync.baseUrl, CALSYNC_SECRET_KEY: calsync.secretKey };
      const esm = await runIn(host.dir, 'node', ['load-esm.mjs'], env);
      const cjs = await runIn(host.dir, 'node', ['load-cjs.cjs'], env);
      expect(esm.stderr).toBe('');
      expect(cjs.stderr).toBe('');
      const imported = JSON.parse(esm.stdout) as Loaded;
      const required = JSON.parse(cjs.stdout) as Loaded;
      expect(imported.resolved).toMatch(/node_modules\/@calsync\/sdk\/dist\/index\.js$/);
      expect(required.resolved).toMatch(/node_modules\/@calsync\/sdk\/dist\/index\.cjs$/);
      expect(imported.exports).toEqual(
        expect.arrayContaining(['CalsyncError', 'createCalsyncClient']),
      );
      expect(required.exports).toEqual(imported.exports);
      expect([imported.tokenPrefix, required.tokenPrefix]).toEqual(['cst_', 'cst_']);
    }, 60_000);

    it('connects a Google calendar from the bundled page, and every element leaves loading', async () => {
      const account = await createGoogleAccount(calsync.baseUrl, 'host-user@example.com');
      const page: Page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      page.on('console', (message) => {
        if (message.type() === 'error') pageErrors.push(message.text());
      });
      await page.goto(backend.url, { waitUntil: 'load' });

      const google = page.locator('calsync-connect-button[provider="google"]');
      const connect = google.getByRole('button', { name: 'Connect Google Calendar' });
      await connect.waitFor({ timeout: STEP_TIMEOUT_MS });
      const popupOpened = page.waitForEvent('popup');
      await connect.click();
      const popup = await popupOpened;
      if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: STEP_TIMEOUT_MS });
      await google.getByText(`Connected as ${account.email}`).waitFor({ timeout: STEP_TIMEOUT_MS });

      await page
        .locator('calsync-sync-status [part="badge"][data-status="active"]')
        .waitFor({ timeout: STEP_TIMEOUT_MS });
      const picker = page.locator('calsync-calendar-picker');
      for (const calendar of account.calendars) {
        await picker
          .getByRole('checkbox', { name: `Import events from ${calendar.name}` })
          .waitFor({ timeout: STEP_TIMEOUT_MS });
      }
      await page
        .locator('calsync-conflict-resolver')
        .getByText('No conflicts. Everything is in sync.')
        .waitFor({ timeout: STEP_TIMEOUT_MS });
      await page.waitForFunction(
        () => {
          const grid = document.querySelector('calsync-availability');
          return (
            grid !== null &&
            !grid.matches(':state(loading)') &&
            grid.shadowRoot?.querySelector('.cell') !== null
          );
        },
        undefined,
        { timeout: STEP_TIMEOUT_MS },
      );
      const stillLoading = await page.evaluate(() =>
        [...document.querySelectorAll('body > *')]
          .filter((element) => element.localName.startsWith('calsync-'))
          .filter((element) => element.shadowRoot?.querySelector('[aria-busy="true"]'))
          .map((element) => element.localName),
      );
      expect(stillLoading).toEqual([]);
      expect(pageErrors).toEqual([]);
      expect(backend.errors()).toBe('');
      await page.close();
    }, 180_000);
  });
});

/** What `load-esm.mjs` and `load-cjs.cjs` print. */
interface Loaded {
  resolved: string;
  exports: string[];
  tokenPrefix: string;
}
