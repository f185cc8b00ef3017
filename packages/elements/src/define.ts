/**
 * Registers every Calsync element: `import '@calsync/elements/define';`. The one module of the
 * package with a side effect.
 */
import { defineCalsyncElements } from './registry.js';

defineCalsyncElements();

// Everything the package exports, so a page that imports nothing but `define` also gets every tag
// in `HTMLElementTagNameMap` and every event in `GlobalEventHandlersEventMap`.
export * from './index.js';
