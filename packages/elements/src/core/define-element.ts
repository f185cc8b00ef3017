/**
 * Registers one element under its tag name, unless the tag is already defined (by an earlier
 * call, or by another copy of the package on the page).
 *
 * @example
 * defineElement('calsync-sync-status', CalsyncSyncStatus);
 */
export function defineElement(
  tagName: string,
  elementClass: CustomElementConstructor,
  registry: CustomElementRegistry = customElements,
): void {
  if (!registry.get(tagName)) registry.define(tagName, elementClass);
}
