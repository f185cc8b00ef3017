import type { CalsyncClientLike } from './client.js';

/** What an element reads of a `<calsync-provider>`: typed structurally, it may not be defined yet. */
interface ProviderLike {
  readonly providedClient?: CalsyncClientLike | undefined;
}

function hostOf(node: Element): Element | null {
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/**
 * The client of the nearest `<calsync-provider>` around `element`, looking through shadow roots
 * to their hosts; `undefined` when there is none, or it is not defined (upgraded) yet, or not
 * configured.
 *
 * @example
 * const client = providedClient(button);
 */
export function providedClient(element: Element): CalsyncClientLike | undefined {
  let node: Element | null = element.parentElement ?? hostOf(element);
  while (node) {
    const provider = node.closest('calsync-provider') as ProviderLike | null;
    if (provider) return provider.providedClient;
    node = hostOf(node);
  }
  return undefined;
}
