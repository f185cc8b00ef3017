import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { startSandboxedCalsync, type SandboxedCalsync } from './calsync-process.js';

/** A host page on its own origin that loads the elements with one script tag. */
function hostPage(src: string, integrity: string, extra = ''): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Host</title>
    <script type="module" src="${src}" integrity="${integrity}" crossorigin="anonymous"></script>
    ${extra}
  </head>
  <body>
    <calsync-sync-status></calsync-sync-status>
  </body>
</html>`;
}

/** A plain HTTP server on 127.0.0.1 answering every GET with `html`: another origin. */
async function startHostOrigin(html: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Console errors and uncaught exceptions of a page. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

describe('the elements from one script tag, served by the calsync process', () => {
  let calsync: SandboxedCalsync;
  let browser: Browser;
  let host: { server: Server; origin: string };
  let page = '';

  beforeAll(async () => {
    calsync = await startSandboxedCalsync();
    browser = await launchChromium();
    host = await startHostOrigin(() => page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => host?.server.close(resolve));
    await calsync?.stop();
  });

  it('defines and upgrades <calsync-sync-status> on a page of another origin, with no console error', async () => {
    const elements = calsync.running.elements;
    expect(elements, 'the process serves the elements').toBeDefined();
    expect(new URL(elements!.url).origin).not.toBe(host.origin);
    page = hostPage(elements!.url, elements!.integrity);
    const tab = await browser.newPage();
    const errors = collectErrors(tab);
    await tab.goto(host.origin);
    await tab.waitForFunction(() => customElements.get('calsync-sync-status') !== undefined);
    const state = await tab.evaluate(async () => {
      const element = document.querySelector('calsync-sync-status') as HTMLElement & {
        updateComplete: Promise<boolean>;
      };
      await element.updateComplete;
      return {
        defined: customElements.get('calsync-sync-status') !== undefined,
        upgraded: element.constructor !== HTMLElement && element.shadowRoot !== null,
        rendered: (element.shadowRoot?.innerHTML.length ?? 0) > 0,
      };
    });
    expect(state).toEqual({ defined: true, upgraded: true, rendered: true });
    expect(errors).toEqual([]);
    await tab.close();
  });

  it('speaks German with the German catalog served beside it', async () => {
    const elements = calsync.running.elements!;
    const german = elements.url.replace(/calsync-elements\.js$/, 'locales/de.js');
    page = hostPage(
      elements.url,
      elements.integrity,
      `<script type="module" src="${german}" crossorigin="anonymous"></script>`,
    ).replace('<calsync-sync-status>', '<calsync-sync-status locale="de">');
    const tab = await browser.newPage();
    const errors = collectErrors(tab);
    await tab.goto(host.origin);
    await tab.waitForFunction(() => customElements.get('calsync-sync-status') !== undefined);
    // With no client the element waits for one; its loading state is labelled in the catalog's words.
    const label = await tab.evaluate(async () => {
      const element = document.querySelector('calsync-sync-status') as HTMLElement & {
        updateComplete: Promise<boolean>;
      };
      await element.updateComplete;
      return element.shadowRoot?.querySelector('[part="base"]')?.getAttribute('aria-label');
    });
    expect(label).toBe('Wird geladen…');
    expect(errors).toEqual([]);
    await tab.close();
  });

  it('is refused by the browser when the integrity does not match (the check is real)', async () => {
    const elements = calsync.running.elements!;
    page = hostPage(elements.url, `sha384-${'A'.repeat(64)}`);
    const tab = await browser.newPage();
    const errors = collectErrors(tab);
    await tab.goto(host.origin);
    await tab.waitForLoadState('load');
    expect(await tab.evaluate(() => customElements.get('calsync-sync-status') === undefined)).toBe(
      true,
    );
    expect(errors.join('\n')).toMatch(/integrity/i);
    await tab.close();
  });
});
