import { mintDemoSession } from '@calsync/demo';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { startSandboxedCalsync, type SandboxedCalsync } from './calsync-process.js';

/** Generous, for a cold machine: the flow runs real jobs, a real popup and the sandbox's OAuth. */
const STEP_TIMEOUT_MS = 30_000;

describe('demo page: connect a Google account end to end', () => {
  let calsync: SandboxedCalsync;
  let browser: Browser;
  let page: Page;
  let token: string;

  beforeAll(async () => {
    calsync = await startSandboxedCalsync();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await calsync?.stop();
  });

  it('connects through the button, reaches active, and lists the account’s calendars', async () => {
    // The sandbox's Google signs in as its first account; give it one.
    const account = await fetch(`${calsync.baseUrl}/sandbox/_control/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'google', email: 'ana@example.com' }),
    });
    expect(account.status).toBe(200);
    const { calendars } = (await account.json()) as { calendars: { name: string }[] };

    // What a host backend does: a session token for its signed-in user.
    const session = await mintDemoSession({
      baseUrl: calsync.baseUrl,
      secretKey: calsync.secretKey,
      userId: 'e2e-coach',
    });
    token = session.token;
    page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    // The page runs under its Content-Security-Policy: a blocked script or style would show here.
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
        pageErrors.push(message.text());
    });
    const loaded = await page.goto(session.pageUrl, { waitUntil: 'load' });
    const headers = loaded!.headers();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');

    const google = page.locator('calsync-connect-button[provider="google"]');
    const popupOpened = page.waitForEvent('popup');
    await google.getByRole('button', { name: 'Connect Google Calendar' }).click();
    const popup = await popupOpened;
    // The popup goes to the provider's consent, then to Calsync's callback page, which reports to
    // this page and closes itself.
    if (!popup.isClosed()) await popup.waitForEvent('close', { timeout: STEP_TIMEOUT_MS });
    await google.getByText('Connected as ana@example.com').waitFor({ timeout: STEP_TIMEOUT_MS });

    const status = page.locator('calsync-sync-status');
    await status
      .locator('[part="badge"][data-status="active"]')
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect(status.getByRole('status').textContent()).resolves.toContain('Active');
    await status.getByText(/^Synced /).waitFor({ timeout: STEP_TIMEOUT_MS });

    const picker = page.locator('calsync-calendar-picker');
    for (const calendar of calendars) {
      await picker
        .getByRole('checkbox', { name: `Import events from ${calendar.name}` })
        .waitFor({ timeout: STEP_TIMEOUT_MS });
    }
    await expect(
      picker.getByRole('radiogroup', { name: 'Add new bookings to' }).getByRole('radio').count(),
    ).resolves.toBeGreaterThan(0);

    // The server agrees with what the page shows.
    const listed = await fetch(`${calsync.baseUrl}/api/v1/calendar-integrations`, {
      headers: { authorization: `Bearer ${session.token}` },
    });
    const { data } = (await listed.json()) as {
      data: {
        provider: string;
        account_email: string;
        sync_status: string;
        last_sync_at: string;
      }[];
    };
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      provider: 'google',
      account_email: 'ana@example.com',
      sync_status: 'active',
    });
    expect(data[0]!.last_sync_at).not.toBeNull();
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('a sign-in finished in another browser attaches nothing; the browser that started it still can', async () => {
    const email = 'victim@example.com';
    const account = await fetch(`${calsync.baseUrl}/sandbox/_control/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'google', email }),
    });
    expect(account.status).toBe(200);
    const attacker = await mintDemoSession({
      baseUrl: calsync.baseUrl,
      secretKey: calsync.secretKey,
      userId: 'e2e-attacker',
    });
    const bearer = { authorization: `Bearer ${attacker.token}` };
    const authorized = await fetch(
      `${calsync.baseUrl}/api/v1/calendar-integrations/google/authorize`,
      {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/json' },
        body: JSON.stringify({ login_hint: email }),
      },
    );
    const { authorization_url } = (await authorized.json()) as { authorization_url: string };
    // The attacker's browser opens the start URL and keeps the provider's URL it is sent to.
    const attackerContext = await browser.newContext();
    const start = await attackerContext.request.get(authorization_url, { maxRedirects: 0 });
    expect(start.status()).toBe(302);
    const consentUrl = start.headers()['location']!;
    const integrations = async () => {
      const listed = await fetch(`${calsync.baseUrl}/api/v1/calendar-integrations`, {
        headers: bearer,
      });
      return ((await listed.json()) as { data: { account_email: string }[] }).data;
    };

    // The victim is talked into opening it: consent, then the callback in the victim's browser.
    const victimContext = await browser.newContext();
    const victimPage = await victimContext.newPage();
    const refused = await victimPage.goto(consentUrl, { waitUntil: 'load' });
    expect(refused!.status()).toBe(403);
    await victimPage
      .getByText('This sign-in was started in another browser or window.')
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await integrations()).toEqual([]);

    // The state was not spent: in the browser that started it, the sign-in completes.
    const ownPage = await attackerContext.newPage();
    const completed = await ownPage.goto(consentUrl, { waitUntil: 'load' });
    expect(completed!.status()).toBe(200);
    await ownPage.getByText('Your calendar is connected.').waitFor({ timeout: STEP_TIMEOUT_MS });
    expect((await integrations()).map((i) => i.account_email)).toEqual([email]);
    await victimContext.close();
    await attackerContext.close();
  }, 120_000);

  it('follows a change made elsewhere live, over the change stream', async () => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const listed = await fetch(`${calsync.baseUrl}/api/v1/calendar-integrations`, { headers });
    const [integration] = ((await listed.json()) as { data: { id: string }[] }).data;
    // Another tab (or the host's backend) pauses the connection; nothing reloads this page.
    const paused = await fetch(
      `${calsync.baseUrl}/api/v1/calendar-integrations/${integration!.id}`,
      {
        method: 'PUT',
        headers,
        body: JSON.stringify({ sync_enabled: false }),
      },
    );
    expect(paused.status).toBe(200);
    const status = page.locator('calsync-sync-status');
    await status
      .locator('[part="badge"][data-status="paused"]')
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await expect(status.getByRole('button', { name: 'Sync now' }).isDisabled()).resolves.toBe(true);
  }, 60_000);
});
