/**
 * Registers every Calsync element: `import '@calsync/elements/define';`. The one module of the
 * package with a side effect.
 */
import { defineCalsyncElements } from './registry.js';

defineCalsyncElements();
