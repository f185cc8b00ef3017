import { describe, expect, it } from 'vitest';
import { catalogFor, registerCalsyncLocale } from '../core/locale-catalogs.js';
import type { CalsyncStrings } from '../core/strings.js';
import { de } from './de-catalog.js';
import { en } from './en.js';

/** Every key of a catalog, with nested tables (`status.active`) spelled out. */
function keysOf(catalog: CalsyncStrings): string[] {
  return Object.entries(catalog)
    .flatMap(([key, value]) =>
      typeof value === 'object' ? Object.keys(value).map((inner) => `${key}.${inner}`) : [key],
    )
    .sort();
}

describe('locale catalogs', () => {
  it('German has every string English has, nested tables included', () => {
    expect(keysOf(de)).toEqual(keysOf(en));
    for (const key of Object.keys(en) as (keyof CalsyncStrings)[]) {
      expect(typeof de[key], key).toBe(typeof en[key]);
    }
  });

  it('pluralises counts with the rules of each language', () => {
    expect(en.conflictsTitle(1)).toBe('1 conflict to review');
    expect(en.conflictsTitle(3)).toBe('3 conflicts to review');
    expect(de.conflictsTitle(1)).toBe('1 Konflikt zu prüfen');
    expect(de.conflictsTitle(2)).toBe('2 Konflikte zu prüfen');
    expect(en.syncProgress(1, null)).toBe('1 event so far');
    expect(de.syncProgress(1, null)).toBe('Bisher 1 Termin');
    expect(de.syncProgress(0, null)).toBe('Bisher 0 Termine');
    expect(de.syncProgress(1, 1)).toBe('1 von 1 Termin');
    expect(de.syncProgress(1200, 12500)).toBe('1.200 von 12.500 Terminen');
    expect(en.syncProgress(1200, 12500)).toBe('1,200 of 12,500 events');
  });

  it('falls back by language subtag, then to English', () => {
    registerCalsyncLocale('de', de);
    expect(catalogFor('de')).toBe(de);
    expect(catalogFor('de-AT')).toBe(de);
    expect(catalogFor('DE-ch')).toBe(de);
    expect(catalogFor('fr')).toBe(en);
    expect(catalogFor('not a tag')).toBe(en);
    expect(catalogFor(undefined)).toBe(en);
  });

  it('prefers a regional catalog to its language', () => {
    const swiss: CalsyncStrings = { ...de, syncNow: 'Jetzt abgleichen' };
    registerCalsyncLocale('de-CH', swiss);
    expect(catalogFor('de-CH')).toBe(swiss);
    expect(catalogFor('de-AT')).toBe(de);
  });

  it('refuses a tag that is not a locale', () => {
    expect(() => registerCalsyncLocale('x_y!', de)).toThrow(RangeError);
  });
});
