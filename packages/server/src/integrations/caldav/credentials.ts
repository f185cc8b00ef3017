import type { CalDAVAccount, CalDAVCredentials, CalDAVFlavour } from '@calsync/caldav';
import type { StoredCredentials } from '../../providers/credentials.js';
import type { ConnectionRow } from '../../store/connections.js';

/** The credential envelope is missing the user name or password; the user must reconnect. */
export class CalDAVCredentialsMissingError extends Error {
  override readonly name = 'CalDAVCredentialsMissingError';
  readonly code = 'caldav_credentials_missing';
}

/**
 * What a CalDAV connection keeps in its encrypted envelope: the user name and password (an
 * app-specific password for iCloud) plus, in `extra`, the flavour, the server URL and the
 * calendar home found by discovery, so later sessions skip discovery.
 *
 * @example
 * const stored = storedCalDAVCredentials(result.account, password);
 */
export function storedCalDAVCredentials(
  account: CalDAVAccount,
  password: string,
): StoredCredentials {
  return {
    username: account.username,
    password,
    extra: { flavour: account.flavour, serverUrl: account.serverUrl, homeUrl: account.homeUrl },
  };
}

function flavourOf(value: string | undefined | null): CalDAVFlavour | null {
  return value === 'icloud' || value === 'generic' ? value : null;
}

/**
 * Reads the adapter's credentials back from a connection: the envelope's `extra` first, the
 * connection row (`caldav_flavour`, `server_url`) for anything it lacks. Throws
 * {@link CalDAVCredentialsMissingError} when the user name or password is gone.
 *
 * @example
 * const credentials = calDAVCredentialsOf(connection, openCredentials(keyring, envelope));
 */
export function calDAVCredentialsOf(
  connection: Pick<ConnectionRow, 'id' | 'caldav_flavour' | 'server_url'>,
  stored: StoredCredentials,
): CalDAVCredentials {
  if (!stored.username || stored.password === undefined) {
    throw new CalDAVCredentialsMissingError(`connection ${connection.id} has no CalDAV password`);
  }
  const flavour = flavourOf(stored.extra?.flavour) ?? flavourOf(connection.caldav_flavour);
  const serverUrl = stored.extra?.serverUrl ?? connection.server_url ?? undefined;
  return {
    flavour: flavour ?? 'generic',
    username: stored.username,
    password: stored.password,
    homeUrl: stored.extra?.homeUrl ?? null,
    ...(serverUrl ? { serverUrl } : {}),
  };
}
