/**
 * The smallest shapes of `react` and `preact` that the JSX augmentations build on. Neither
 * framework is a dependency of this package, so the type tests check the augmentations against
 * these: the names and generics match @types/react 19 and preact 10.
 */
declare module 'react' {
  interface HTMLAttributes<T> {
    id?: string;
    className?: string;
    onClick?: (event: MouseEvent & { currentTarget: T }) => void;
  }
  type DetailedHTMLProps<E, T> = E & { ref?: (instance: T | null) => void; key?: string };
  namespace JSX {
    interface IntrinsicElements {
      div: DetailedHTMLProps<HTMLAttributes<HTMLDivElement>, HTMLDivElement>;
    }
  }
}

declare module 'preact' {
  namespace JSX {
    interface HTMLAttributes<RefType extends EventTarget = EventTarget> {
      id?: string;
      class?: string;
      ref?: (instance: RefType | null) => void;
    }
    interface IntrinsicElements {
      div: HTMLAttributes<HTMLDivElement>;
    }
  }
}
