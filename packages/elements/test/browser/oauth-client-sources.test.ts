/**
 * The OAuth window against a real server (the stub on another origin): its callback page posts
 * the result to the element's page, however the element got its client.
 */
import { createCalsyncClient } from '@calsync/sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { configureCalsync, resetCalsyncConfiguration } from '../../src/core/page-client.js';
import { recordEvents, settle } from './helpers.js';
import { resetStub, silenceCallbacks, stubRequests, STUB_URL } from './stub.js';

const placed: Element[] = [];

beforeEach(async () => {
  resetCalsyncConfiguration();
  await resetStub();
});

afterEach(() => {
  for (const element of placed.splice(0)) element.remove();
  vi.restoreAllMocks();
});

/** A real window for the sign-in: an iframe's, which the callback page posts to as its parent. */
function framePopup() {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  placed.push(frame);
  return { frame, openWindow: () => frame.contentWindow };
}

type Source = 'client property' | 'attributes' | 'provider' | 'configureCalsync';

/** A Google connect button that reaches the stub through `source`. */
async function connectButton(source: Source, extra: Record<string, string> = {}) {
  const popup = framePopup();
  const button = document.createElement('calsync-connect-button');
  button.openWindow = popup.openWindow;
  for (const [name, value] of Object.entries(extra)) button.setAttribute(name, value);
  let container: Element = button;
  if (source === 'client property') {
    button.client = createCalsyncClient({ baseUrl: STUB_URL, token: 'cst_oauth' });
  } else if (source === 'attributes') {
    button.setAttribute('base-url', STUB_URL);
    button.setAttribute('session-token', 'cst_oauth');
  } else if (source === 'provider') {
    container = document.createElement('calsync-provider');
    container.setAttribute('base-url', STUB_URL);
    container.setAttribute('session-url', `${STUB_URL}/session`);
    container.append(button);
  } else {
    configureCalsync({ baseUrl: STUB_URL, getToken: () => 'cst_oauth' });
  }
  document.body.append(container);
  placed.push(container);
  await settle(button);
  await expect.element(page.getByRole('button', { name: 'Connect Google Calendar' })).toBeEnabled();
  return { button, popup };
}

/** Resolves once the sign-in window has loaded the callback page. */
async function callbackLoaded(): Promise<void> {
  await expect
    .poll(async () => (await stubRequests()).some((r) => r.path === '/oauth/callback'))
    .toBe(true);
}

const connected = () => page.getByText('Connected as google@example.com');

describe('the OAuth window, however the element got its client', () => {
  for (const source of ['client property', 'attributes', 'provider', 'configureCalsync'] as const) {
    it(`accepts the callback page's message with a client from the ${source}`, async () => {
      const connects = recordEvents('calsync-connect');
      await connectButton(source);
      await page.getByRole('button', { name: 'Connect Google Calendar' }).click();
      await expect.element(connected()).toBeVisible();
      expect(connects.map((e) => e.detail.integration.id)).toEqual(['int-1']);
    });
  }

  it('counts a window closed after the connection was made as connected', async () => {
    await silenceCallbacks({ connect: true });
    const connects = recordEvents('calsync-connect');
    const { popup } = await connectButton('client property');
    await page.getByRole('button', { name: 'Connect Google Calendar' }).click();
    await callbackLoaded();
    popup.frame.remove();
    await expect.element(connected()).toBeVisible();
    expect(connects.map((e) => e.detail.integration.id)).toEqual(['int-1']);
  });

  it('says the window was closed when no connection was made', async () => {
    await silenceCallbacks({ connect: false });
    const connects = recordEvents('calsync-connect');
    const { popup } = await connectButton('attributes');
    await page.getByRole('button', { name: 'Connect Google Calendar' }).click();
    await callbackLoaded();
    popup.frame.remove();
    await expect
      .element(page.getByRole('alert'))
      .toHaveTextContent('The sign-in window was closed before finishing.');
    expect(connects).toEqual([]);
  });

  it('warns once, naming both origins, when the callback page posts from another origin', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stubOrigin = new URL(STUB_URL).origin;
    const { button, popup } = await connectButton('client property', {
      'callback-origin': 'https://calsync.example.com',
    });
    await page.getByRole('button', { name: 'Connect Google Calendar' }).click();
    await expect.poll(() => warn.mock.calls.length).toBe(1);
    const message = String(warn.mock.calls[0]![0]);
    expect(message).toContain(stubOrigin);
    expect(message).toContain('https://calsync.example.com');
    expect(message).toContain('callback-origin');
    // The message was refused; the connection it reported is found once the window closes.
    expect(button.matches(':state(connecting)')).toBe(true);
    popup.frame.remove();
    await expect.element(connected()).toBeVisible();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
