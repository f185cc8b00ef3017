import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { createFakeClient, FakeCalsyncError, sampleData } from '../../src/testing.js';
import { mount, NOW, recordEvents, settle } from './helpers.js';

describe('<calsync-calendar-picker>', () => {
  it('lists calendars to import and the writable ones that can receive bookings', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    await mount('calsync-calendar-picker', { client });
    await expect
      .element(page.getByRole('checkbox', { name: 'Import events from Team offsites' }))
      .toBeChecked();
    await expect
      .element(page.getByRole('checkbox', { name: 'Import events from Family' }))
      .not.toBeChecked();
    const destinations = page.getByRole('radiogroup', { name: 'Add new bookings to' });
    expect(destinations.getByRole('radio').all()).toHaveLength(3);
    await expect
      .element(destinations.getByRole('radio', { name: 'ann@example.com' }))
      .toBeChecked();
    await expect.element(page.getByText('Read only')).toBeVisible();
  });

  it('saves import and destination choices and fires an event for each', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const changes = recordEvents('calsync-calendar-change');
    const element = await mount('calsync-calendar-picker', { client });
    await page.getByRole('checkbox', { name: 'Import events from Family' }).click();
    await page.getByRole('radio', { name: 'Team offsites' }).click();
    await settle(element);
    expect(
      client.calls.filter((c) => c.method === 'integrations.updateCalendar').map((c) => c.args),
    ).toEqual([
      ['int-google-1', 'cal-family', { selected: true }],
      ['int-google-1', 'cal-team', { destination: true }],
    ]);
    expect(
      changes.map((e) => [
        e.detail.calendar.id,
        e.detail.calendar.selected,
        e.detail.calendar.destination,
      ]),
    ).toEqual([
      ['cal-family', true, false],
      ['cal-team', true, true],
    ]);
    await expect.element(page.getByRole('radio', { name: 'ann@example.com' })).not.toBeChecked();
  });

  it('undoes a change the server refused and says so', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    client.failNext('integrations.updateCalendar', new FakeCalsyncError('invalid_request'));
    const changes = recordEvents('calsync-calendar-change');
    const element = await mount('calsync-calendar-picker', { client });
    await page.getByRole('checkbox', { name: 'Import events from Family' }).click();
    await settle(element);
    await expect.element(page.getByRole('alert')).toHaveTextContent('Could not save that change');
    await expect
      .element(page.getByRole('checkbox', { name: 'Import events from Family' }))
      .not.toBeChecked();
    expect(changes).toHaveLength(0);
  });

  it('shows a saving state while the server answers', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const element = await mount('calsync-calendar-picker', { client });
    const release = client.hold();
    await page.getByRole('checkbox', { name: 'Import events from Family' }).click();
    await settle(element);
    expect(element.matches(':state(saving)')).toBe(true);
    release();
    await settle(element);
    expect(element.matches(':state(saving)')).toBe(false);
  });

  it('reloads when the connection changes', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const element = await mount('calsync-calendar-picker', { client });
    client.data.calendars['int-google-1']!.push({
      id: 'cal-new',
      name: 'Side project',
      role: 'other',
      accessRole: 'owner',
      selected: false,
      destination: false,
    });
    client.emit({ type: 'integration.updated', data: { id: 'int-google-1' } });
    await settle(element);
    await expect
      .element(page.getByRole('checkbox', { name: 'Import events from Side project' }))
      .toBeVisible();
  });
});
