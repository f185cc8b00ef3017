/**
 * Types the Calsync tags in React 19's JSX: `import type {} from '@calsync/elements/jsx-react';`
 * once (or list it in `compilerOptions.types`). Props are the element's attributes and
 * properties, and `oncalsync-*` handlers for its events.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { CalsyncElementsJSX } from '../index.js';

type ReactCalsyncElements = {
  [Tag in keyof CalsyncElementsJSX]: DetailedHTMLProps<
    HTMLAttributes<HTMLElementTagNameMap[Tag]>,
    HTMLElementTagNameMap[Tag]
  > &
    CalsyncElementsJSX[Tag];
};

declare module 'react' {
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends ReactCalsyncElements {}
  }
}
