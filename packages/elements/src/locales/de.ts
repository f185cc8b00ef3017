/**
 * The German catalog, as its own entry so that only pages that use it load it:
 * `import '@calsync/elements/locales/de';` registers it, after which `locale="de"` (or `de-AT`,
 * `de-CH`, or a page in `lang="de"`) speaks German. Like `define`, importing it has that one
 * side effect.
 */
import { registerCalsyncLocale } from '../core/locale-catalogs.js';
import { de } from './de-catalog.js';

registerCalsyncLocale('de', de);

export { de };
