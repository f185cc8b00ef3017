/**
 * `import '@calsync/elements/connect-button';` registers `<calsync-connect-button>` alone (a page that shows only
 * this element ships only its code). Importing it has that one side effect.
 */
import { defineElement } from '../core/define-element.js';
import { CalsyncConnectButton } from '../connect-button/connect-button.js';

defineElement('calsync-connect-button', CalsyncConnectButton);

export { CalsyncConnectButton };
export { CalsyncConnectEvent, CalsyncDisconnectEvent, CalsyncErrorEvent } from '../core/events.js';
