/**
 * `import '@calsync/elements/provider';` registers `<calsync-provider>` alone, with
 * `configureCalsync` for pages that configure themselves in script. The elements inside a provider
 * use its client; import their own entries (`@calsync/elements/sync-status`, …) beside this one.
 * Importing it has that one side effect.
 */
import { defineElement } from '../core/define-element.js';
import { CalsyncProvider } from '../provider/provider.js';

defineElement('calsync-provider', CalsyncProvider);

export { CalsyncProvider };
export { configureCalsync } from '../core/page-client.js';
export type { CalsyncPageOptions } from '../core/page-client.js';
