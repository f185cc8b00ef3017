import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { setCalsyncLocale } from '../../src/core/locale-catalogs.js';
import '../../src/locales/de.js';
import { createFakeClient, sampleData } from '../../src/testing.js';
import { mount, NOW, settle, shadow } from './helpers.js';

const sample = () => createFakeClient(sampleData({ now: NOW, timeZone: 'Europe/Berlin' }));

afterEach(() => {
  setCalsyncLocale('');
  document.documentElement.removeAttribute('lang');
});

describe('locale="de"', () => {
  it('<calsync-connect-button> speaks German, connected or not', async () => {
    await mount('calsync-connect-button', { client: createFakeClient() }, { locale: 'de' });
    await expect
      .element(page.getByRole('button', { name: 'Google Kalender verbinden' }))
      .toBeVisible();
    await mount('calsync-connect-button', { client: sample() }, { locale: 'de' });
    await expect.element(page.getByText('Verbunden als ann@example.com')).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Trennen' })).toBeVisible();
  });

  it('<calsync-sync-status> shows status, relative time and actions in German', async () => {
    await mount('calsync-sync-status', { client: sample() }, { locale: 'de' });
    await expect.element(page.getByRole('status')).toHaveTextContent('Aktiv');
    await expect.element(page.getByText('Synchronisiert vor 4 Minuten')).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Jetzt synchronisieren' })).toBeVisible();
  });

  it('<calsync-conflict-resolver> counts conflicts with German plurals', async () => {
    await mount('calsync-conflict-resolver', { client: sample() }, { locale: 'de' });
    await expect
      .element(page.getByRole('heading', { name: '2 Konflikte zu prüfen' }))
      .toBeVisible();
    await expect
      .element(page.getByRole('columnheader', { name: 'In dieser App' }).first())
      .toBeVisible();
    await expect.element(page.getByText('Erkannt vor 25 Minuten').first()).toBeVisible();
    await expect
      .element(page.getByRole('radio', { name: 'Version des Kalenders behalten' }).first())
      .toBeVisible();
  });

  it('<calsync-availability> names days, times and the week in German', async () => {
    await mount(
      'calsync-availability',
      { client: sample() },
      { locale: 'de', 'time-zone': 'Europe/Berlin' },
    );
    await expect
      .element(page.getByRole('heading', { name: /^2\.\s*–\s*8\. März 2026$/ }))
      .toBeVisible();
    await expect
      .element(
        page.getByRole('gridcell', { name: /^Montag, 2\. März, 09:00\s*–\s*10:00.*, belegt$/ }),
      )
      .toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Vorherige Woche' })).toBeVisible();
    await expect
      .element(page.getByText('Zeiten in Mitteleuropäische Normalzeit').first())
      .toBeVisible();
  });

  it('<calsync-calendar-picker> labels its choices in German', async () => {
    await mount('calsync-calendar-picker', { client: sample() }, { locale: 'de' });
    await expect
      .element(page.getByRole('checkbox', { name: 'Termine aus Team offsites importieren' }))
      .toBeChecked();
    await expect
      .element(page.getByRole('radiogroup', { name: 'Neue Buchungen eintragen in' }))
      .toBeVisible();
    await expect.element(page.getByText('Nur lesen').first()).toBeVisible();
  });
});

describe('choosing the locale', () => {
  it('re-renders when the attribute changes, and goes back to English without it', async () => {
    const element = await mount('calsync-sync-status', { client: sample() });
    await expect.element(page.getByRole('button', { name: 'Sync now' })).toBeVisible();
    element.setAttribute('locale', 'de');
    await settle(element);
    await expect.element(page.getByRole('button', { name: 'Jetzt synchronisieren' })).toBeVisible();
    await expect.element(page.getByText('Synchronisiert vor 4 Minuten')).toBeVisible();
    element.removeAttribute('locale');
    await settle(element);
    await expect.element(page.getByRole('button', { name: 'Sync now' })).toBeVisible();
  });

  it('falls back by language subtag, and to English for a language without a catalog', async () => {
    const austrian = await mount('calsync-sync-status', { client: sample() }, { locale: 'de-AT' });
    await expect.element(page.getByRole('button', { name: 'Jetzt synchronisieren' })).toBeVisible();
    austrian.remove();
    const french = await mount(
      'calsync-availability',
      { client: sample() },
      { locale: 'fr', 'time-zone': 'Europe/Berlin' },
    );
    await expect.element(page.getByRole('button', { name: 'Sync now' })).toBeVisible();
    // Messages fall back to English; dates still follow the requested locale.
    expect(shadow(french).querySelector('#week-title')?.textContent).toMatch(/mars 2026/);
  });

  it('takes a page-wide default, then the page language; the attribute wins over both', async () => {
    document.documentElement.lang = 'de';
    const byLang = await mount('calsync-sync-status', { client: sample() });
    expect(shadow(byLang).querySelector('[part="sync-button"]')?.textContent?.trim()).toBe(
      'Jetzt synchronisieren',
    );
    document.documentElement.lang = 'en';
    setCalsyncLocale('de');
    const byDefault = await mount('calsync-sync-status', { client: sample() });
    const english = await mount('calsync-sync-status', { client: sample() }, { locale: 'en' });
    expect(shadow(byDefault).querySelector('[part="sync-button"]')?.textContent?.trim()).toBe(
      'Jetzt synchronisieren',
    );
    expect(shadow(english).querySelector('[part="sync-button"]')?.textContent?.trim()).toBe(
      'Sync now',
    );
  });

  it('lets explicit strings win over the catalog', async () => {
    await mount(
      'calsync-sync-status',
      { client: sample(), strings: { syncNow: 'Abgleichen' } },
      { locale: 'de' },
    );
    await expect.element(page.getByRole('button', { name: 'Abgleichen' })).toBeVisible();
    await expect.element(page.getByRole('status')).toHaveTextContent('Aktiv');
  });
});
