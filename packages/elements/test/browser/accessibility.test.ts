import { beforeAll, describe, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../../src/locales/de.js';
import { createFakeClient, FakeCalsyncError, sampleData } from '../../src/testing.js';
import { checkState } from './axe.js';
import { mount, NOW, settle } from './helpers.js';

const sample = () => sampleData({ now: NOW, timeZone: 'Europe/Berlin' });

beforeAll(async () => {
  await page.viewport(1100, 900);
});

/**
 * Every element in every state it can be in passes axe-core with no violations, and is
 * photographed into .screenshots/ for a look.
 */
describe('accessibility (axe-core)', () => {
  it('<calsync-connect-button>: disconnected, connected, needs reconnect, confirming', async () => {
    const disconnected = await mount('calsync-connect-button', { client: createFakeClient() });
    await checkState(disconnected, 'connect-button-disconnected');
    disconnected.remove();

    const connected = await mount('calsync-connect-button', { client: createFakeClient(sample()) });
    await checkState(connected, 'connect-button-connected');

    await page.getByRole('button', { name: 'Disconnect' }).click();
    await settle(connected);
    await checkState(connected, 'connect-button-confirm');
    connected.remove();

    const data = sample();
    data.integrations[0]!.syncStatus = 'needs_reauth';
    const reauth = await mount('calsync-connect-button', { client: createFakeClient(data) });
    await checkState(reauth, 'connect-button-needs-reauth');
  });

  it('<calsync-connect-button>: credential forms, with field errors and a server refusal', async () => {
    const icloud = await mount(
      'calsync-connect-button',
      { client: createFakeClient() },
      { provider: 'icloud' },
    );
    await page.getByRole('button', { name: 'Connect iCloud' }).click();
    await settle(icloud);
    await checkState(icloud, 'connect-button-icloud-form');
    await page.getByRole('button', { name: 'Connect iCloud' }).click();
    await settle(icloud);
    await checkState(icloud, 'connect-button-icloud-form-errors');
    icloud.remove();

    const client = createFakeClient();
    client.failNext('integrations.connect', new FakeCalsyncError('caldav_auth_failed'));
    const caldav = await mount('calsync-connect-button', { client }, { provider: 'caldav' });
    await page.getByRole('button', { name: 'Connect CalDAV' }).click();
    await page.getByLabelText('Server URL').fill('https://dav.example.com/');
    await page.getByLabelText('Username').fill('ann');
    await page.getByLabelText('Password').fill('secret');
    await page.getByRole('button', { name: 'Connect CalDAV' }).click();
    await settle(caldav);
    await checkState(caldav, 'connect-button-caldav-refused');
  });

  it('<calsync-sync-status>: every badge, the reason, progress and the open panel', async () => {
    const active = await mount('calsync-sync-status', { client: createFakeClient(sample()) });
    await checkState(active, 'sync-status-active');
    await page.getByRole('button', { name: 'Details' }).click();
    await settle(active);
    await checkState(active, 'sync-status-details-open');
    active.remove();

    const syncing = sample();
    syncing.integrations[0]!.lastSyncAt = null;
    syncing.syncStatus['int-google-1']!.lastSyncAt = null;
    syncing.syncStatus['int-google-1']!.progress = { phase: 'initial', done: 120, total: 480 };
    const initial = await mount('calsync-sync-status', { client: createFakeClient(syncing) });
    await checkState(initial, 'sync-status-syncing');
    initial.remove();

    const states = [
      ['paused', 'too_many_conflicts'],
      ['error', 'provider_rejected_credentials'],
      ['needs_reauth', 'token_refresh_failed'],
    ] as const;
    for (const [status, reason] of states) {
      const data = sample();
      Object.assign(data.integrations[0]!, { syncStatus: status, statusReason: reason });
      const element = await mount('calsync-sync-status', { client: createFakeClient(data) });
      await checkState(element, `sync-status-${status.replace('_', '-')}`);
      element.remove();
    }

    const none = await mount('calsync-sync-status', { client: createFakeClient() });
    await checkState(none, 'sync-status-no-connection');
  });

  it('<calsync-conflict-resolver>: conflicts, merging field by field, none left', async () => {
    const element = await mount('calsync-conflict-resolver', {
      client: createFakeClient(sample()),
    });
    await checkState(element, 'conflict-resolver-conflicts');
    await page.getByRole('radio', { name: 'Merge field by field' }).first().click();
    await settle(element);
    await checkState(element, 'conflict-resolver-merge');
    element.remove();

    const data = sample();
    data.conflicts = {};
    const empty = await mount('calsync-conflict-resolver', { client: createFakeClient(data) });
    await checkState(empty, 'conflict-resolver-empty');
  });

  it('<calsync-availability>: a week with busy blocks, and a cell focused from the keyboard', async () => {
    const element = await mount(
      'calsync-availability',
      { client: createFakeClient(sample()) },
      { 'time-zone': 'Europe/Berlin' },
    );
    await checkState(element, 'availability-week');
    element.shadowRoot!.querySelector<HTMLElement>('.cell[tabindex="0"]')!.focus();
    await userEvent.keyboard('{ArrowRight}{ArrowDown}');
    await settle(element);
    await checkState(element, 'availability-keyboard-focus');
  });

  it('<calsync-calendar-picker>: calendars, and a change the server refused', async () => {
    const client = createFakeClient(sample());
    const element = await mount('calsync-calendar-picker', { client });
    await checkState(element, 'calendar-picker');
    client.failNext('integrations.updateCalendar', new FakeCalsyncError('internal'));
    await page.getByRole('checkbox', { name: 'Import events from Family' }).click();
    await settle(element);
    await checkState(element, 'calendar-picker-save-failed');
  });

  it('in German, where the longer words must still fit', async () => {
    const tags = [
      'calsync-connect-button',
      'calsync-sync-status',
      'calsync-conflict-resolver',
      'calsync-availability',
      'calsync-calendar-picker',
    ] as const;
    for (const tag of tags) {
      const element = await mount(
        tag,
        { client: createFakeClient(sample()) },
        { locale: 'de', 'time-zone': 'Europe/Berlin' },
      );
      await checkState(element, `${tag.replace('calsync-', '')}-de`);
      element.remove();
    }
  });
});
