/**
 * The host's page, bundled by esbuild: every Calsync element, one SDK client whose session token
 * comes from the host's own backend (`POST /session`), the Calsync server on another origin.
 */
import '@calsync/elements/define';
import { createCalsyncClient } from '@calsync/sdk';

const baseUrl = document.documentElement.dataset['calsyncUrl'] ?? '';

async function fetchSessionToken(): Promise<string> {
  const response = await fetch('/session', { method: 'POST' });
  if (!response.ok) throw new Error(`the host's session route answered ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  return token;
}

let token: Promise<string> | undefined;
const client = createCalsyncClient({
  baseUrl,
  getToken: ({ expired }) => {
    if (!token || expired) token = fetchSessionToken();
    return token;
  },
});

for (const element of document.querySelectorAll(
  'calsync-connect-button, calsync-sync-status, calsync-calendar-picker, calsync-conflict-resolver, calsync-availability',
)) {
  (element as HTMLElementTagNameMap['calsync-sync-status']).client = client;
}
// The sign-in window's callback page is served by the Calsync server.
document.querySelector('calsync-connect-button')?.setAttribute('callback-origin', baseUrl);

// Follow the account the user just connected.
document.addEventListener('calsync-connect', (event) => {
  for (const element of document.querySelectorAll(
    'calsync-sync-status, calsync-calendar-picker, calsync-conflict-resolver',
  )) {
    element.setAttribute('integration-id', event.detail.integration.id);
  }
});
