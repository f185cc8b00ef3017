/**
 * `import '@calsync/elements/availability';` registers `<calsync-availability>` alone (a page that shows only
 * this element ships only its code). Importing it has that one side effect.
 */
import { defineElement } from '../core/define-element.js';
import { CalsyncAvailability } from '../availability/availability.js';

defineElement('calsync-availability', CalsyncAvailability);

export { CalsyncAvailability };
export {
  CalsyncErrorEvent,
  CalsyncSlotSelectEvent,
  CalsyncSyncEvent,
  CalsyncWeekChangeEvent,
} from '../core/events.js';
