import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { createFakeClient, FakeCalsyncError } from '../../src/testing.js';
import { sampleData } from '../../src/testing/sample-data.js';
import { mount, NOW, recordEvents, settle, shadow } from './helpers.js';

/** A real window to stand in for the sign-in popup: an iframe's, so messages can name it as source. */
function fakePopup() {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const popup = frame.contentWindow!;
  const opened: string[] = [];
  return {
    popup,
    opened,
    openWindow: (url: string) => {
      opened.push(url);
      return popup;
    },
    post(data: unknown, origin: string, source: Window = popup) {
      window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
    },
    remove: () => frame.remove(),
  };
}

describe('<calsync-connect-button>', () => {
  it('offers to connect when no account of the provider is connected', async () => {
    const client = createFakeClient();
    const element = await mount('calsync-connect-button', { client });
    await expect
      .element(page.getByRole('button', { name: 'Connect Google Calendar' }))
      .toBeVisible();
    expect(element.matches(':state(connected)')).toBe(false);
  });

  it('shows the connected account, with its custom state', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const element = await mount('calsync-connect-button', { client });
    await expect.element(page.getByText('Connected as ann@example.com')).toBeVisible();
    expect(element.matches(':state(connected)')).toBe(true);
    await expect.element(page.getByRole('button', { name: 'Disconnect' })).toBeVisible();
  });

  it('runs the OAuth window flow and accepts only the right origin, window and state', async () => {
    const client = createFakeClient();
    const popup = fakePopup();
    const connects = recordEvents('calsync-connect');
    const element = await mount('calsync-connect-button', {
      client,
      openWindow: popup.openWindow,
      callbackOrigin: 'https://calsync.example.com',
    });
    await page.getByRole('button', { name: 'Connect Google Calendar' }).click();
    await settle(element);
    expect(popup.opened).toEqual(['about:blank']);
    expect(client.calls.some((c) => c.method === 'integrations.authorize')).toBe(true);
    expect(element.matches(':state(connecting)')).toBe(true);
    await expect.element(page.getByRole('button', { name: 'Connecting…' })).toBeDisabled();

    // The server's callback page created the connection and reports it.
    client.data.integrations.push({
      id: 'int-new',
      provider: 'google',
      accountEmail: 'new@example.com',
      syncStatus: 'active',
      statusReason: null,
      lastSyncAt: null,
    });
    const ok = {
      type: 'calsync:oauth',
      status: 'connected',
      provider: 'google',
      state: 'state-1',
      integrationId: 'int-new',
    };
    popup.post(ok, 'https://evil.example.com');
    popup.post({ ...ok, state: 'forged' }, 'https://calsync.example.com');
    popup.post(ok, 'https://calsync.example.com', window);
    await settle(element);
    expect(connects).toHaveLength(0);
    expect(element.matches(':state(connecting)')).toBe(true);

    popup.post(ok, 'https://calsync.example.com');
    await settle(element);
    await expect.element(page.getByText('Connected as new@example.com')).toBeVisible();
    expect(connects).toHaveLength(1);
    expect(connects[0]!.detail.integration.id).toBe('int-new');
    expect(connects[0]!.bubbles && connects[0]!.composed).toBe(true);
    popup.remove();
  });

  /** Clicks connect, lets the callback page post `message`, and returns what the page shows. */
  async function connectAndReceive(message: Record<string, string>) {
    const popup = fakePopup();
    const errors = recordEvents('calsync-error');
    const element = await mount('calsync-connect-button', {
      client: createFakeClient(),
      openWindow: popup.openWindow,
      callbackOrigin: 'https://calsync.example.com',
    });
    await page.getByRole('button', { name: 'Connect Google Calendar' }).click();
    await settle(element);
    popup.post(
      { type: 'calsync:oauth', state: 'state-1', ...message },
      'https://calsync.example.com',
    );
    await settle(element);
    return { errors, popup };
  }

  it('shows why the provider refused', async () => {
    const { errors, popup } = await connectAndReceive({ status: 'error', error: 'access_denied' });
    await expect.element(page.getByRole('alert')).toHaveTextContent('Access was not granted');
    expect(errors.map((e) => e.detail.code)).toEqual(['access_denied']);
    await expect
      .element(page.getByRole('button', { name: 'Connect Google Calendar' }))
      .toBeEnabled();
    popup.remove();
  });

  it("shows the callback page's fixed sentence when the sign-in came back to another browser", async () => {
    const { errors, popup } = await connectAndReceive({
      status: 'error',
      provider: 'google',
      error: 'browser_mismatch',
      message: 'This sign-in was started in another browser or window.',
    });
    await expect
      .element(page.getByRole('alert'))
      .toHaveTextContent('This sign-in was started in another browser or window.');
    expect(errors.map((e) => e.detail.code)).toEqual(['browser_mismatch']);
    popup.remove();
  });

  it('says so when the browser blocks the window', async () => {
    const client = createFakeClient();
    await mount('calsync-connect-button', { client, openWindow: () => null });
    await page.getByRole('button', { name: 'Connect Google Calendar' }).click();
    await expect.element(page.getByRole('alert')).toHaveTextContent('was blocked');
    expect(client.calls.some((c) => c.method === 'integrations.authorize')).toBe(false);
  });

  it('disconnects only after confirmation, with focus on Cancel first', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const disconnects = recordEvents('calsync-disconnect');
    const element = await mount('calsync-connect-button', { client });
    await page.getByRole('button', { name: 'Disconnect' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Disconnect Google Calendar?' });
    await expect.element(dialog).toBeVisible();
    expect(shadow(element).activeElement?.textContent?.trim()).toBe('Cancel');
    await userEvent.keyboard('{Escape}');
    await expect.element(dialog).not.toBeInTheDocument();
    expect(disconnects).toHaveLength(0);

    await page.getByRole('button', { name: 'Disconnect' }).click();
    await dialog.getByRole('button', { name: 'Disconnect' }).click();
    await settle(element);
    await expect
      .element(page.getByRole('button', { name: 'Connect Google Calendar' }))
      .toBeVisible();
    expect(disconnects.map((e) => e.detail)).toEqual([
      { integrationId: 'int-google-1', provider: 'google' },
    ]);
    expect(client.data.integrations[0]!.syncStatus).toBe('disconnected');
  });

  it('validates the iCloud form and explains app-specific passwords', async () => {
    const client = createFakeClient();
    const connects = recordEvents('calsync-connect');
    const element = await mount('calsync-connect-button', { client }, { provider: 'icloud' });
    await page.getByRole('button', { name: 'Connect iCloud' }).click();
    const appleId = page.getByLabelText('Apple ID');
    await expect.poll(() => shadow(element).activeElement?.id).toBe('username');
    await expect.element(page.getByText('Apple requires an app-specific password')).toBeVisible();

    await appleId.fill('ann@icloud.com');
    await page.getByLabelText('App-specific password').fill('my-apple-id-password');
    await page.getByRole('button', { name: 'Connect iCloud' }).click();
    const password = page.getByLabelText('App-specific password');
    await expect.element(password).toHaveAttribute('aria-invalid', 'true');
    await expect.poll(() => shadow(element).activeElement?.id).toBe('password');
    await expect
      .element(password)
      .toHaveAccessibleDescription(/App-specific passwords look like abcd-efgh-ijkl-mnop/);
    expect(client.calls.some((c) => c.method === 'integrations.connect')).toBe(false);

    await password.fill('abcd-efgh-ijkl-mnop');
    await page.getByRole('button', { name: 'Connect iCloud' }).click();
    await expect.element(page.getByText('Connected as ann@icloud.com')).toBeVisible();
    expect(connects).toHaveLength(1);
    expect(client.calls.find((c) => c.method === 'integrations.connect')?.args[0]).toEqual({
      provider: 'icloud',
      username: 'ann@icloud.com',
      password: '•••',
    });
  });

  it('shows the server refusing CalDAV credentials', async () => {
    const client = createFakeClient();
    client.failNext('integrations.connect', new FakeCalsyncError('caldav_auth_failed'));
    await mount('calsync-connect-button', { client }, { provider: 'caldav' });
    await page.getByRole('button', { name: 'Connect CalDAV' }).click();
    await page.getByLabelText('Server URL').fill('https://dav.example.com/');
    await page.getByLabelText('Username').fill('ann');
    await page.getByLabelText('Password').fill('secret');
    await page.getByRole('button', { name: 'Connect CalDAV' }).click();
    await expect.element(page.getByRole('alert')).toHaveTextContent('The server refused');
    await expect.element(page.getByLabelText('Server URL')).toHaveValue('https://dav.example.com/');
  });

  it('follows status changes from the stream without firing events', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const connects = recordEvents('calsync-connect');
    const element = await mount('calsync-connect-button', { client });
    client.data.integrations[0]!.syncStatus = 'needs_reauth';
    client.emit({ type: 'integration.updated', data: { id: 'int-google-1' } });
    await settle(element);
    expect(element.matches(':state(needs-reauth)')).toBe(true);
    await expect.element(page.getByRole('button', { name: 'Reconnect' })).toBeVisible();
    expect(connects).toHaveLength(0);
  });
});
