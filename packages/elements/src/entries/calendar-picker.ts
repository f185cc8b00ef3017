/**
 * `import '@calsync/elements/calendar-picker';` registers `<calsync-calendar-picker>` alone (a page that shows only
 * this element ships only its code). Importing it has that one side effect.
 */
import { defineElement } from '../core/define-element.js';
import { CalsyncCalendarPicker } from '../calendar-picker/calendar-picker.js';

defineElement('calsync-calendar-picker', CalsyncCalendarPicker);

export { CalsyncCalendarPicker };
export { CalsyncCalendarChangeEvent, CalsyncErrorEvent } from '../core/events.js';
