import { createMicrosoftAdapter } from '../adapter.js';
import type { TokenIO } from './tokens.js';

/**
 * The account's email address from Graph `/me` (mail, else userPrincipalName), lower-cased.
 * Used right after the code exchange to name the connection.
 *
 * @example
 * const email = await readAccountEmail({ fetch, now }, tokens.accessToken);
 */
export function readAccountEmail(
  io: TokenIO & { readonly graphBaseUrl?: string },
  accessToken: string,
): Promise<string> {
  const adapter = createMicrosoftAdapter(
    { fetch: io.fetch, now: io.now, getAccessToken: async () => accessToken },
    io.graphBaseUrl ? { graphBaseUrl: io.graphBaseUrl } : {},
  );
  return adapter.accountEmail();
}
