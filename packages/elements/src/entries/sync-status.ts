/**
 * `import '@calsync/elements/sync-status';` registers `<calsync-sync-status>` alone (a page that shows only
 * this element ships only its code). Importing it has that one side effect.
 */
import { defineElement } from '../core/define-element.js';
import { CalsyncSyncStatus } from '../sync-status/sync-status.js';

defineElement('calsync-sync-status', CalsyncSyncStatus);

export { CalsyncSyncStatus };
export type { BadgeStatus } from '../sync-status/sync-status.js';
export { CalsyncErrorEvent, CalsyncReconnectEvent, CalsyncSyncEvent } from '../core/events.js';
