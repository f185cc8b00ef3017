import { connectCalDAV, type CalDAVAccount, type CalDAVConnectError } from '@calsync/caldav';
import { ProviderError } from '@calsync/core';
import type {
  AuthorisedAccount,
  CalDAVConnectFailure,
  CalDAVConnector,
} from '../../connect/connectors.js';
import { PUBLIC_ONLY, type AddressPolicy } from '../../net/address-policy.js';
import { UNREACHABLE_MESSAGE } from '../../net/errors.js';
import { createGuardedFetch } from '../../net/guarded-fetch.js';
import { DEFAULT_PROVIDER_TIMEOUT_MS } from '../../sync/runtime.js';
import { storedCalDAVCredentials } from './credentials.js';

/** Side effects of the CalDAV connect step. */
export interface CalDAVConnectorOptions {
  /**
   * Used as given (the caller guards it). Default: a guarded fetch (`createGuardedFetch`) with
   * `addressPolicy` and `timeoutMs`, so a user's server URL cannot reach private addresses.
   */
  readonly fetch?: typeof fetch;
  /** Which addresses the default fetch may reach. Default public addresses only. */
  readonly addressPolicy?: AddressPolicy;
  /**
   * The whole connect step — every discovery request together — in milliseconds, whichever
   * fetch is used; past it the user gets the "could not reach the server" answer. Default 30 000.
   */
  readonly timeoutMs?: number;
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

/** A failure to get any answer (no HTTP status): refused address, closed port, timeout. */
function unreachable(error: CalDAVConnectError): boolean {
  const cause = error.cause;
  return (
    cause instanceof ProviderError && cause.errorClass === 'transient' && cause.status === null
  );
}

function failureOf(error: CalDAVConnectError): CalDAVConnectFailure {
  if (error.code === 'caldav_auth_failed') {
    return {
      code: error.code,
      message: 'The CalDAV server rejected the user name or password.',
      hint: error.hint,
    };
  }
  // One message whatever the network said, so the answer cannot tell a closed port from a
  // filtered one or a refused address.
  const message = unreachable(error)
    ? `CalDAV discovery failed: ${UNREACHABLE_MESSAGE}`
    : error.message;
  return { code: error.code, message, hint: error.hint };
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
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  const fetchImpl =
    options.fetch ??
    createGuardedFetch({ policy: options.addressPolicy ?? PUBLIC_ONLY, timeoutMs });
  return {
    async connect(input) {
      // One deadline for the whole discovery: a server answering each request just in time
      // must not hold the API request for many timeouts in a row.
      const deadline = AbortSignal.timeout(timeoutMs);
      const bounded: typeof fetch = (resource, init) =>
        fetchImpl(resource, {
          ...init,
          signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline,
        });
      const serverUrl =
        input.serverUrl ?? (input.flavour === 'icloud' ? options.icloudServerUrl : undefined);
      const result = await connectCalDAV({
        flavour: input.flavour,
        username: input.username,
        password: input.password,
        ...(serverUrl ? { serverUrl } : {}),
        fetch: bounded,
        ...(options.now ? { now: options.now } : {}),
      });
      if (result.ok) return { ok: true, account: authorised(result.account, input.password) };
      return { ok: false, failure: failureOf(result.error) };
    },
  };
}
