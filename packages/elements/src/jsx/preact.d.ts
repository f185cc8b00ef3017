/**
 * Types the Calsync tags in Preact's JSX: `import type {} from '@calsync/elements/jsx-preact';`
 * once (or list it in `compilerOptions.types`). Props are the element's attributes and
 * properties, and `oncalsync-*` handlers for its events.
 */
import type { JSX } from 'preact';
import type { CalsyncElementsJSX } from '../index.js';

type PreactCalsyncElements = {
  [Tag in keyof CalsyncElementsJSX]: JSX.HTMLAttributes<HTMLElementTagNameMap[Tag]> &
    CalsyncElementsJSX[Tag];
};

declare module 'preact' {
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends PreactCalsyncElements {}
  }
}
