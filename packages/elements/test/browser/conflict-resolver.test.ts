import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { createFakeClient, FakeCalsyncError, sampleData } from '../../src/testing.js';
import { mount, NOW, recordEvents, settle, shadow } from './helpers.js';

const firstCard = () => page.getByRole('article', { name: 'Intro call with Priya' });

describe('<calsync-conflict-resolver>', () => {
  it('lists open conflicts with both versions side by side and the changed fields highlighted', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const element = await mount('calsync-conflict-resolver', { client });
    await expect
      .element(page.getByRole('heading', { name: '2 conflicts to review' }))
      .toBeVisible();
    const card = firstCard();
    await expect.element(card.getByRole('columnheader', { name: 'In this app' })).toBeVisible();
    await expect
      .element(card.getByRole('columnheader', { name: 'In your calendar' }))
      .toBeVisible();
    await expect
      .element(card.getByRole('cell', { name: 'Intro call — Priya (moved)' }))
      .toBeVisible();
    const changed = [
      ...shadow(element).querySelectorAll('article')[0]!.querySelectorAll('tr.changed th'),
    ];
    expect(changed.map((th) => th.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Title Changed on both sides',
      'Time Changed on both sides',
    ]);
    await expect.element(card.getByText('Detected 25 minutes ago')).toBeVisible();
    await expect.element(card.getByRole('button', { name: 'Apply' })).toBeDisabled();
  });

  it('keeps one side with a reason, applies through the client and fires one event', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const resolves = recordEvents('calsync-resolve');
    const element = await mount('calsync-conflict-resolver', { client });
    const card = firstCard();
    await card.getByRole('radio', { name: 'Keep the calendar’s version' }).click();
    await card.getByLabelText('Note (optional)').fill('Priya moved it herself');
    expect(resolves).toHaveLength(0);
    await card.getByRole('button', { name: 'Apply' }).click();
    await settle(element);
    expect(client.calls.find((c) => c.method === 'integrations.resolveConflict')?.args).toEqual([
      'int-google-1',
      'conf-1',
      { resolution: 'kept_external', reason: 'Priya moved it herself' },
    ]);
    expect(resolves.map((e) => e.detail)).toEqual([
      {
        integrationId: 'int-google-1',
        conflictId: 'conf-1',
        resolution: 'kept_external',
        reason: 'Priya moved it herself',
      },
    ]);
    await expect.element(firstCard()).not.toBeInTheDocument();
    await expect.element(page.getByRole('heading', { name: '1 conflict to review' })).toBeVisible();
    expect(shadow(element).activeElement?.textContent).toBe('Quarterly review');
  });

  it('merges field by field, sending the chosen value of each field', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    await mount('calsync-conflict-resolver', { client });
    const card = firstCard();
    await card.getByRole('radio', { name: 'Merge field by field' }).click();
    const keepCalendarTime = card.getByRole('radio', {
      name: 'Time: keep “Thu, Mar 5, 4:00 – 4:45 PM (Central European Standard Time)” (in your calendar)',
    });
    await expect.element(keepCalendarTime).toBeVisible();
    await expect
      .element(card.getByRole('radio', { name: /^Title: keep “Intro call with Priya”/ }))
      .toBeChecked();
    await keepCalendarTime.click();
    await card.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => client.calls.find((c) => c.method === 'integrations.resolveConflict')?.args[2])
      .toEqual({
        resolution: 'merged',
        merged: {
          title: 'Intro call with Priya',
          time: {
            kind: 'zoned',
            startsAtUTC: '2026-03-05T15:00:00Z',
            endsAtUTC: '2026-03-05T15:45:00Z',
            timeZone: 'Europe/Berlin',
          },
        },
      });
  });

  it('offers keep both, as a duplicate', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    await mount('calsync-conflict-resolver', { client });
    await firstCard()
      .getByRole('radio', { name: /Keep both/ })
      .click();
    await firstCard().getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => client.calls.find((c) => c.method === 'integrations.resolveConflict')?.args[2])
      .toEqual({ resolution: 'created_duplicate' });
  });

  it('is keyboard operable: the choices are radios reachable with Tab and arrows', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const element = await mount('calsync-conflict-resolver', { client });
    await firstCard().getByRole('radio', { name: 'Keep this app’s version' }).click();
    await userEvent.keyboard('{ArrowDown}');
    expect(
      (shadow(element).activeElement as HTMLInputElement).closest('label')?.textContent?.trim(),
    ).toBe('Keep the calendar’s version');
  });

  it('updates live when conflicts appear or are resolved elsewhere', async () => {
    const data = sampleData({ now: NOW });
    const client = createFakeClient(data);
    const resolves = recordEvents('calsync-resolve');
    const element = await mount('calsync-conflict-resolver', { client });
    client.data.conflicts['int-google-1']![0]!.status = 'resolved';
    client.emit({
      type: 'conflict.resolved',
      data: { id: 'conf-1', integrationId: 'int-google-1' },
    });
    await settle(element);
    await expect.element(page.getByRole('heading', { name: '1 conflict to review' })).toBeVisible();
    client.data.conflicts['int-google-1']![1]!.status = 'resolved';
    client.emit({
      type: 'conflict.resolved',
      data: { id: 'conf-2', integrationId: 'int-google-1' },
    });
    await settle(element);
    await expect.element(page.getByText('No conflicts. Everything is in sync.')).toBeVisible();
    expect(element.matches(':state(empty)')).toBe(true);
    expect(resolves).toHaveLength(0);
  });

  it('keeps the choice and says so when applying fails', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    client.failNext('integrations.resolveConflict', new FakeCalsyncError('internal_error'));
    await mount('calsync-conflict-resolver', { client });
    await firstCard().getByRole('radio', { name: 'Keep this app’s version' }).click();
    await firstCard().getByRole('button', { name: 'Apply' }).click();
    await expect.element(firstCard().getByRole('alert')).toHaveTextContent('Something went wrong');
    await expect
      .element(firstCard().getByRole('radio', { name: 'Keep this app’s version' }))
      .toBeChecked();
  });
});
