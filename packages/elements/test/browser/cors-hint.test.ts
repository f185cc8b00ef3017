/**
 * The console explains a page origin the Calsync server does not allow: the stub answers under
 * `/closed/…` without CORS headers, as a server whose CALSYNC_CORS_ORIGINS lacks this page.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import { mount } from './helpers.js';
import { STUB_URL } from './stub.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a page origin the server does not allow', () => {
  it('is named once on the console, with the setting to change; a server that is down is not', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // Nothing listens on port 1: no response, and the probe gets none either.
    await mount(
      'calsync-connect-button',
      {},
      { 'base-url': 'http://127.0.0.1:1', 'session-token': 'cst_x' },
    );
    const closed = `${STUB_URL}/closed`;
    await mount('calsync-connect-button', {}, { 'base-url': closed, 'session-token': 'cst_x' });
    await mount(
      'calsync-connect-button',
      { provider: 'outlook' },
      { 'base-url': closed, 'session-token': 'cst_x' },
    );
    await expect.poll(() => warn.mock.calls.length).toBe(1);
    expect(warn.mock.calls[0]![0]).toBe(
      `Calsync: ${location.origin} is not an allowed origin of ${closed}; add it to the Calsync ` +
        `server's CORS origins (CALSYNC_CORS_ORIGINS, comma-separated) and restart it.`,
    );
    // The buttons still offer to connect (and fail again) rather than hang.
    await expect.element(page.getByRole('button', { name: 'Connect Outlook' })).toBeVisible();
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
