import { en } from '../locales/en.js';
import { notifyStringsChange, type CalsyncStrings } from './strings.js';

/** Catalogs by lower-case locale tag (`en`, `de`, `pt-br`). */
const catalogs = new Map<string, CalsyncStrings>([['en', en]]);
let pageLocale = '';

/** `tag` in canonical form (`de-AT`), or `undefined` when it is not a valid BCP 47 tag. */
export function canonicalLocale(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/**
 * Adds (or replaces) the catalog of a locale, and re-renders every element. Elements whose locale
 * is `tag`, or a region of its language (`de-AT`, `de-CH` for `de`), then speak it.
 *
 * @example
 * import { registerCalsyncLocale, en } from '@calsync/elements';
 * registerCalsyncLocale('fr', { ...en, syncNow: 'Synchroniser', ... });
 */
export function registerCalsyncLocale(tag: string, strings: CalsyncStrings): void {
  const canonical = canonicalLocale(tag);
  if (!canonical) throw new RangeError(`Not a valid locale tag: ${JSON.stringify(tag)}`);
  catalogs.set(canonical.toLowerCase(), strings);
  notifyStringsChange();
}

/**
 * The catalog for `tag`: its own, else its language's (`de-AT` → `de`), else English.
 *
 * @example
 * catalogFor('de-AT') // the `de` catalog, once registered
 * catalogFor('fr')    // `en` unless a French catalog was registered
 */
export function catalogFor(tag: string | undefined): CalsyncStrings {
  const canonical = canonicalLocale(tag)?.toLowerCase();
  if (!canonical) return en;
  const parts = canonical.split('-');
  for (let length = parts.length; length > 0; length--) {
    const catalog = catalogs.get(parts.slice(0, length).join('-'));
    if (catalog) return catalog;
  }
  return en;
}

/**
 * Sets the locale of every element without a `locale` attribute (before the page's `lang`), and
 * re-renders them. An empty string goes back to the page's `lang`.
 *
 * @example
 * import '@calsync/elements/locales/de';
 * setCalsyncLocale('de');
 */
export function setCalsyncLocale(tag: string): void {
  pageLocale = tag;
  notifyStringsChange();
}

/** The locale set with {@link setCalsyncLocale}, or `''`. */
export function calsyncLocale(): string {
  return pageLocale;
}
