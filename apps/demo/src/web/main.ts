import { createCalsyncClient } from '@calsync/sdk';
import '@calsync/elements/define';
import type { CalsyncClientLike } from '@calsync/elements';
import { setUpBooking } from './booking.js';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const token = params.get('token');

async function showSetup(): Promise<void> {
  byId('setup').hidden = false;
  const state = byId('server-state');
  try {
    const response = await fetch('/readyz');
    state.textContent = response.ok
      ? 'The server is up.'
      : `The server answered ${response.status}; is the database ready?`;
  } catch {
    state.textContent = 'The server is not reachable.';
  }
}

function start(sessionToken: string): void {
  // The page talks to the Calsync server it is served from, as the user the token names.
  const client = createCalsyncClient({ baseUrl: location.origin, token: sessionToken });
  byId('app').hidden = false;
  byId('who').textContent = `Signed in as ${params.get('user') ?? 'the token’s user'}`;

  const elements = document.querySelectorAll<
    HTMLElement & { client: CalsyncClientLike | undefined }
  >(
    'calsync-connect-button, calsync-sync-status, calsync-calendar-picker, calsync-conflict-resolver, calsync-availability',
  );
  for (const element of elements) element.client = client;

  // Follow the account the user just connected (the elements also find it on their own).
  const followers = document.querySelectorAll(
    'calsync-sync-status, calsync-calendar-picker, calsync-conflict-resolver',
  );
  document.addEventListener('calsync-connect', (event) => {
    for (const element of followers) {
      element.setAttribute('integration-id', event.detail.integration.id);
    }
  });
  document.addEventListener('calsync-disconnect', () => {
    for (const element of followers) element.removeAttribute('integration-id');
  });

  const book = setUpBooking(client, {
    panel: byId('booking-panel'),
    form: byId<HTMLFormElement>('booking-form'),
    when: byId('booking-when'),
    cancel: byId<HTMLButtonElement>('booking-cancel'),
    toast: byId('toast'),
  });
  document.addEventListener('calsync-slot-select', (event) =>
    book(event.detail, event.detail.busy),
  );
}

/**
 * Without a token in the URL, asks the demo's own backend for one, the way a host page gets its
 * session token from its server; the setup help shows when there is no such backend.
 */
async function signIn(): Promise<void> {
  try {
    const response = await fetch('/demo/api/session', { method: 'POST' });
    if (!response.ok) throw new Error(`session: ${response.status}`);
    const session = (await response.json()) as { token: string; user_id: string };
    params.set('user', session.user_id);
    start(session.token);
  } catch {
    await showSetup();
  }
}

if (token) start(token);
else void signIn();
