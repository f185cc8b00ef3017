/**
 * `import '@calsync/elements/conflict-resolver';` registers `<calsync-conflict-resolver>` alone (a page that shows only
 * this element ships only its code). Importing it has that one side effect.
 */
import { defineElement } from '../core/define-element.js';
import { CalsyncConflictResolver } from '../conflict-resolver/conflict-resolver.js';

defineElement('calsync-conflict-resolver', CalsyncConflictResolver);

export { CalsyncConflictResolver };
export { CalsyncErrorEvent, CalsyncResolveEvent } from '../core/events.js';
