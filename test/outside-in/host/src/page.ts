/**
 * The host's page, bundled by esbuild: every Calsync element, configured once with an SDK client
 * whose session comes from the host's own backend (`POST /session`); the Calsync server runs on
 * another origin.
 */
import '@calsync/elements/define';
import { configureCalsync } from '@calsync/elements';
import { createCalsyncClient } from '@calsync/sdk';

const baseUrl = document.documentElement.dataset['calsyncUrl'] ?? '';

async function fetchSession(): Promise<{ token: string; expiresAt: string }> {
  const response = await fetch('/session', { method: 'POST' });
  if (!response.ok) throw new Error(`the host's session route answered ${response.status}`);
  return (await response.json()) as { token: string; expiresAt: string };
}

configureCalsync({ client: createCalsyncClient({ baseUrl, getToken: fetchSession }) });
