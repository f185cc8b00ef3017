import { CalsyncAvailability } from './availability/availability.js';
import { CalsyncCalendarPicker } from './calendar-picker/calendar-picker.js';
import { CalsyncConflictResolver } from './conflict-resolver/conflict-resolver.js';
import { CalsyncConnectButton } from './connect-button/connect-button.js';
import { CalsyncProvider } from './provider/provider.js';
import { CalsyncSyncStatus } from './sync-status/sync-status.js';

/** Tag name → class, for every Calsync element. */
export const calsyncElements = {
  'calsync-connect-button': CalsyncConnectButton,
  'calsync-sync-status': CalsyncSyncStatus,
  'calsync-conflict-resolver': CalsyncConflictResolver,
  'calsync-availability': CalsyncAvailability,
  'calsync-calendar-picker': CalsyncCalendarPicker,
  'calsync-provider': CalsyncProvider,
} as const satisfies Record<string, CustomElementConstructor>;

/**
 * Registers the Calsync elements under their tag names. Safe to call more than once, and next to
 * another copy of the package: a tag already defined is left alone.
 *
 * @example
 * import { defineCalsyncElements } from '@calsync/elements';
 * defineCalsyncElements();
 */
export function defineCalsyncElements(registry: CustomElementRegistry = customElements): void {
  for (const [tagName, elementClass] of Object.entries(calsyncElements)) {
    if (!registry.get(tagName)) registry.define(tagName, elementClass);
  }
}
