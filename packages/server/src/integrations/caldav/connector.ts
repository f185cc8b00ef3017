import { connectCalDAV, type CalDAVAccount } from '@calsync/caldav';
import type {
  AuthorisedAccount,
  CalDAVConnectFailure,
  CalDAVConnector,
} from '../../connect/connectors.js';
import { storedCalDAVCredentials } from './credentials.js';

/** Side effects of the CalDAV connect step. */
export interface CalDAVConnectorOptions {
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
  /** iCloud's entry point; the sandbox or a test replaces it. Default `https://caldav.icloud.com/`. */
  readonly icloudServerUrl?: string;
}

function authorised(account: CalDAVAccount, password: string): AuthorisedAccount {
  return {
    // Servers without a calendar-user-address-set (Radicale) and user names that are not email
    // addresses still need a stable account key: the user name is the login on that server.
    accountEmail: account.accountEmail ?? account.username,
    credentials: storedCalDAVCredentials(account, password),
    calendars: account.calendars,
    serverUrl: account.serverUrl,
  };
}

/**
 * The credential connect flow of iCloud and generic CalDAV servers over `connectCalDAV`: tests
 * the password, discovers principal, calendar home and calendars, and hands back what the
 * connection stores. A refused password is `caldav_auth_failed` with a hint (app-specific
 * passwords for iCloud); a server that is not a usable CalDAV server is `caldav_discovery_failed`.
 *
 * @example
 * const connectors = { caldav: createCalDAVConnector({ fetch }) };
 */
export function createCalDAVConnector(options: CalDAVConnectorOptions = {}): CalDAVConnector {
  return {
    async connect(input) {
      const serverUrl =
        input.serverUrl ?? (input.flavour === 'icloud' ? options.icloudServerUrl : undefined);
      const result = await connectCalDAV({
        flavour: input.flavour,
        username: input.username,
        password: input.password,
        ...(serverUrl ? { serverUrl } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.now ? { now: options.now } : {}),
      });
      if (result.ok) return { ok: true, account: authorised(result.account, input.password) };
      const failure: CalDAVConnectFailure = {
        code: result.error.code,
        message:
          result.error.code === 'caldav_auth_failed'
            ? 'The CalDAV server rejected the user name or password.'
            : result.error.message,
        hint: result.error.hint,
      };
      return { ok: false, failure };
    },
  };
}
