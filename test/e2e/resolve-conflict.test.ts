import { mintDemoSession } from '@calsync/demo';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { startSandboxedCalsync, type SandboxedCalsync } from './calsync-process.js';
import {
  apiAs,
  connectGoogleByRedirects,
  createGoogleAccount,
  editGoogleEvent,
  eventually,
} from './sandbox-flows.js';

const STEP_TIMEOUT_MS = 30_000;

interface Appointment {
  id: string;
  title: string;
  links: { provider_event_id: string; state: string }[];
}

describe('demo page: a real conflict appears live and is resolved in the page', () => {
  let calsync: SandboxedCalsync;
  let browser: Browser;

  beforeAll(async () => {
    calsync = await startSandboxedCalsync();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await calsync?.stop();
  });

  it('shows both versions, keeps the calendar’s, and the server applies it', async () => {
    const account = await createGoogleAccount(calsync.baseUrl, 'bo@example.com');
    const session = await mintDemoSession({
      baseUrl: calsync.baseUrl,
      secretKey: calsync.secretKey,
      userId: 'e2e-conflicts',
    });
    const api = apiAs(calsync.baseUrl, session.token);
    const integrationId = await connectGoogleByRedirects(
      calsync.baseUrl,
      session.token,
      account.email,
    );

    // A booking made in the host product reaches Google.
    const created = await api<Appointment>('POST', '/api/v1/appointments', {
      host_ref: 'booking-1',
      title: 'Intro call with Priya',
      start: '2030-03-05T14:00:00+01:00',
      end: '2030-03-05T14:30:00+01:00',
      time_zone: 'Europe/Berlin',
      location: 'Zoom',
    });
    const eventId = await eventually(async () => {
      const appointment = await api<Appointment>('GET', `/api/v1/appointments/${created.id}`);
      const link = appointment.links.find((l) => l.state === 'synced');
      return link?.provider_event_id;
    }, 'the booking to reach Google');

    // The page is open, with nothing to resolve yet.
    const page = await browser.newPage();
    await page.goto(session.pageUrl, { waitUntil: 'load' });
    const resolver = page.locator('calsync-conflict-resolver');
    await resolver
      .getByText('No conflicts. Everything is in sync.')
      .waitFor({ timeout: STEP_TIMEOUT_MS });

    // Both sides rename it differently; the next pull finds the conflict.
    await editGoogleEvent(calsync.baseUrl, account, eventId, { summary: 'Intro — Priya (moved)' });
    await api('PUT', `/api/v1/appointments/${created.id}`, {
      title: 'Intro call with Priya Patel',
      start: '2030-03-05T14:00:00+01:00',
      end: '2030-03-05T14:30:00+01:00',
      time_zone: 'Europe/Berlin',
      location: 'Zoom',
    });
    await api('POST', `/api/v1/calendar-integrations/${integrationId}/sync`, {});

    // It appears without a reload (the change stream), with both versions side by side.
    const card = resolver.getByRole('article', { name: 'Intro call with Priya Patel' });
    await card.waitFor({ timeout: STEP_TIMEOUT_MS });
    await card.getByRole('cell', { name: 'Intro — Priya (moved)' }).waitFor();
    await card.getByText('Changed on both sides').waitFor();

    await card.getByRole('radio', { name: 'Keep the calendar’s version' }).click();
    await card.getByLabel('Note (optional)').fill('Priya renamed it herself');
    await card.getByRole('button', { name: 'Apply' }).click();
    await resolver
      .getByText('No conflicts. Everything is in sync.')
      .waitFor({ timeout: STEP_TIMEOUT_MS });

    const { data: conflicts } = await api<{ data: { status: string; resolution: string }[] }>(
      'GET',
      `/api/v1/calendar-integrations/${integrationId}/conflicts`,
    );
    expect(conflicts).toEqual([
      expect.objectContaining({ status: 'resolved', resolution: 'kept_external' }),
    ]);
    const after = await api<Appointment>('GET', `/api/v1/appointments/${created.id}`);
    expect(after.title).toBe('Intro — Priya (moved)');
  }, 180_000);
});
