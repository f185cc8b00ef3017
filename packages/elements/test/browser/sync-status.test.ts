import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { createFakeClient, FakeCalsyncError, sampleData } from '../../src/testing.js';
import { mount, NOW, recordEvents, settle, shadow } from './helpers.js';

const badge = (element: HTMLElement) =>
  shadow(element).querySelector('[part="badge"]')?.getAttribute('data-status');

describe('<calsync-sync-status>', () => {
  it('shows the account, an active badge and when it last synced', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const element = await mount(
      'calsync-sync-status',
      { client },
      { 'integration-id': 'int-google-1' },
    );
    await expect.element(page.getByRole('status')).toHaveTextContent('Active');
    await expect.element(page.getByText('Synced 4 minutes ago')).toBeVisible();
    await expect.element(page.getByText('ann@example.com')).toBeVisible();
    expect(element.matches(':state(active)')).toBe(true);
  });

  it('finds the first connection when no integration id is given, and says when there is none', async () => {
    const none = await mount('calsync-sync-status', { client: createFakeClient() });
    await expect.element(page.getByText('No calendar connected yet.')).toBeVisible();
    none.remove();
    const element = await mount('calsync-sync-status', {
      client: createFakeClient(sampleData({ now: NOW })),
    });
    expect(badge(element)).toBe('active');
  });

  it('Sync now: shows syncing until the stream reports the end, then active', async () => {
    const client = createFakeClient(sampleData({ now: NOW }), { now: () => NOW });
    const syncs = recordEvents('calsync-sync');
    const element = await mount('calsync-sync-status', { client });
    await page.getByRole('button', { name: 'Sync now' }).click();
    await settle(element);
    expect(badge(element)).toBe('syncing');
    expect(element.matches(':state(syncing)')).toBe(true);
    await expect.element(page.getByRole('progressbar')).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Syncing…' })).toBeDisabled();
    expect(syncs.map((e) => e.detail)).toEqual([{ integrationId: 'int-google-1' }]);

    client.completeSync('int-google-1');
    await settle(element);
    expect(badge(element)).toBe('active');
    await expect.element(page.getByText('Synced now')).toBeVisible();
  });

  it('shows a new connection as syncing until its initial sync has run', async () => {
    const data = sampleData({ now: NOW });
    data.integrations[0]!.lastSyncAt = null;
    data.syncStatus['int-google-1']!.lastSyncAt = null;
    const client = createFakeClient(data, { now: () => NOW });
    const element = await mount('calsync-sync-status', { client });
    expect(badge(element)).toBe('syncing');
    await expect.element(page.getByText('Not synced yet')).toBeVisible();
    client.completeSync('int-google-1');
    await settle(element);
    expect(badge(element)).toBe('active');
  });

  it('shows initial-sync progress as a determinate bar', async () => {
    const data = sampleData({ now: NOW });
    data.syncStatus['int-google-1']!.progress = { phase: 'initial', done: 120, total: 480 };
    const element = await mount('calsync-sync-status', { client: createFakeClient(data) });
    expect(badge(element)).toBe('syncing');
    await expect.element(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '25');
    await expect.element(page.getByText('120 of 480 events')).toBeVisible();
  });

  it('turns to needs re-auth live, offers Reconnect, and lets the host take over', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const events = recordEvents('calsync-sync');
    const element = await mount('calsync-sync-status', { client });
    Object.assign(client.data.integrations[0]!, {
      syncStatus: 'needs_reauth',
      statusReason: 'token_refresh_failed',
    });
    client.emit({
      type: 'integration.updated',
      data: { id: 'int-google-1', syncStatus: 'needs_reauth' },
    });
    await settle(element);
    expect(element.matches(':state(needs-reauth)')).toBe(true);
    await expect
      .element(page.getByText('Access expired. Reconnect to resume syncing.'))
      .toBeVisible();
    expect(events).toHaveLength(0);

    const reconnects: Event[] = [];
    element.addEventListener('calsync-reconnect', (e) => {
      reconnects.push(e);
      e.preventDefault();
    });
    await page.getByRole('button', { name: 'Reconnect' }).click();
    expect(reconnects).toHaveLength(1);
    expect(client.calls.some((c) => c.method === 'integrations.authorize')).toBe(false);
  });

  it('runs the sign-in window for Reconnect when the host lets it', async () => {
    const data = sampleData({ now: NOW });
    Object.assign(data.integrations[0]!, { syncStatus: 'needs_reauth' });
    const client = createFakeClient(data);
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const popup = frame.contentWindow!;
    const reconnects = recordEvents('calsync-reconnect');
    const element = await mount('calsync-sync-status', {
      client,
      openWindow: () => popup,
      callbackOrigin: 'https://calsync.example.com',
    });
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await settle(element);
    expect(reconnects.map((e) => e.detail)).toEqual([
      { integrationId: 'int-google-1', provider: 'google' },
    ]);
    expect(client.calls.find((c) => c.method === 'integrations.authorize')?.args[0]).toBe('google');
    client.data.integrations[0]!.syncStatus = 'active';
    window.dispatchEvent(
      new MessageEvent('message', {
        data: {
          type: 'calsync:oauth',
          status: 'connected',
          state: 'state-1',
          integrationId: 'int-google-1',
        },
        origin: 'https://calsync.example.com',
        source: popup,
      }),
    );
    await settle(element);
    expect(badge(element)).toBe('active');
    frame.remove();
  });

  it("expects Reconnect's callback page on the origin of the client's server URL", async () => {
    const data = sampleData({ now: NOW });
    Object.assign(data.integrations[0]!, { syncStatus: 'needs_reauth' });
    const client = Object.assign(createFakeClient(data), {
      baseUrl: 'https://calsync.example.com/base',
    });
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const popup = frame.contentWindow!;
    const element = await mount('calsync-sync-status', { client, openWindow: () => popup });
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await settle(element);
    client.data.integrations[0]!.syncStatus = 'active';
    window.dispatchEvent(
      new MessageEvent('message', {
        data: { type: 'calsync:oauth', status: 'connected', state: 'state-1' },
        origin: 'https://calsync.example.com',
        source: popup,
      }),
    );
    await settle(element);
    expect(badge(element)).toBe('active');
    frame.remove();
  });

  it('ignores changes about other connections', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const element = await mount(
      'calsync-sync-status',
      { client },
      { 'integration-id': 'int-google-1' },
    );
    const before = client.calls.length;
    client.emit({ type: 'sync.failed', data: { integrationId: 'someone-else' } });
    await settle(element);
    expect(client.calls.length).toBe(before);
    client.emit({ type: 'sync.failed', data: { integration_id: 'int-google-1' } });
    await settle(element);
    expect(client.calls.length).toBeGreaterThan(before);
  });

  it('opens a details panel with recent activity and failures', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const element = await mount('calsync-sync-status', { client });
    const details = page.getByRole('button', { name: 'Details' });
    await expect.element(details).toHaveAttribute('aria-expanded', 'false');
    await details.click();
    await expect.element(details).toHaveAttribute('aria-expanded', 'true');
    const panel = page.getByRole('region', { name: 'Details' });
    await expect.element(panel).toHaveTextContent('Recent activity');
    await expect.element(panel).toHaveTextContent('Google asked us to slow down');
    expect(element.open).toBe(true);
    expect(element.matches(':state(open)')).toBe(true);
  });

  it('reports a refused Sync now', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    client.failNext('integrations.sync', new FakeCalsyncError('rate_limited', 'Slow down.'));
    const errors = recordEvents('calsync-error');
    const syncs = recordEvents('calsync-sync');
    await mount('calsync-sync-status', { client });
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => errors.map((e) => e.detail.code)).toEqual(['rate_limited']);
    expect(syncs).toHaveLength(0);
  });

  it('shows the paused reason and does not offer Sync now', async () => {
    const data = sampleData({ now: NOW });
    Object.assign(data.integrations[0]!, {
      syncStatus: 'paused',
      statusReason: 'too_many_conflicts',
    });
    const element = await mount('calsync-sync-status', { client: createFakeClient(data) });
    expect(element.matches(':state(paused)')).toBe(true);
    await expect.element(page.getByText(/too many unresolved conflicts/)).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Sync now' })).toBeDisabled();
  });
});
