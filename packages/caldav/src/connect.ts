import { AuthError, ProviderError } from '@calsync/core';
import { type CalDAVCalendar, fetchCalendars } from './calendars.js';
import { DAVTransport } from './dav/transport.js';
import { hrefsOf } from './dav/multistatus.js';
import { PRINCIPAL_PROPS, propfindBody } from './dav/xml.js';
import { CalDAVAuthFailedError, type CalDAVConnectError, CalDAVDiscoveryError } from './errors.js';
import { CALDAV_FLAVOURS, type CalDAVFlavour } from './facts.js';

/** Input of {@link connectCalDAV}. */
export interface ConnectCalDAVOptions {
  /** `icloud` uses Apple's entry point; `generic` (default) needs `serverUrl`. */
  readonly flavour?: CalDAVFlavour;
  /** Any URL on the server: its root, the principal, or the calendar home. */
  readonly serverUrl?: string;
  readonly username: string;
  /** For iCloud an app-specific password. */
  readonly password: string;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
}

/** What a successful connect found; store it with the password as the connection's credentials. */
export interface CalDAVAccount {
  readonly flavour: CalDAVFlavour;
  readonly serverUrl: string;
  readonly principalUrl: string;
  readonly homeUrl: string;
  readonly username: string;
  /** The first `mailto:` of `calendar-user-address-set`, else the user name when it is an email. */
  readonly accountEmail: string | null;
  readonly calendars: readonly CalDAVCalendar[];
}

/** Outcome of {@link connectCalDAV}: expected failures are values. */
export type ConnectCalDAVResult =
  | { readonly ok: true; readonly account: CalDAVAccount }
  | { readonly ok: false; readonly error: CalDAVConnectError };

/**
 * Tests the credentials and discovers principal, calendar home and event calendars (RFC 6764
 * well-known URL, RFC 5397 principal, RFC 4791 home). Nothing is stored; a 401 comes back as
 * {@link CalDAVAuthFailedError} with the hint to show the user.
 *
 * @example
 * const result = await connectCalDAV({ flavour: 'icloud', username: 'ann@icloud.com', password: 'abcd-efgh-ijkl-mnop' });
 * if (result.ok) saveConnection(result.account); else reply(422, result.error.code, result.error.hint);
 */
export async function connectCalDAV(options: ConnectCalDAVOptions): Promise<ConnectCalDAVResult> {
  const flavour = options.flavour ?? 'generic';
  const serverUrl = withSlash(options.serverUrl ?? CALDAV_FLAVOURS[flavour].defaultServerUrl ?? '');
  if (!/^https?:\/\//i.test(serverUrl)) {
    return {
      ok: false,
      error: new CalDAVDiscoveryError('a CalDAV server URL (http or https) is required'),
    };
  }
  const transport = new DAVTransport({
    fetch: options.fetch ?? globalThis.fetch,
    username: options.username,
    password: options.password,
    now: options.now ?? (() => new Date()),
  });
  try {
    const principal = await discoverPrincipal(transport, serverUrl);
    const homeUrl = principal.homeUrl ?? principal.url;
    const calendars = await fetchCalendars(transport, homeUrl);
    const email =
      principal.emails[0] ??
      (options.username.includes('@') ? options.username.toLowerCase() : null);
    return {
      ok: true,
      account: {
        flavour,
        serverUrl,
        principalUrl: principal.url,
        homeUrl,
        username: options.username,
        accountEmail: email,
        calendars,
      },
    };
  } catch (error) {
    if (error instanceof AuthError)
      return {
        ok: false,
        error: new CalDAVAuthFailedError(flavour, { cause: error, status: 401 }),
      };
    if (error instanceof ProviderError) {
      return {
        ok: false,
        error: new CalDAVDiscoveryError(`CalDAV discovery failed: ${error.message}`, {
          cause: error,
        }),
      };
    }
    throw error;
  }
}

interface Principal {
  readonly url: string;
  readonly homeUrl: string | null;
  readonly emails: string[];
}

/** Resolves the principal from the given URL, then from `/.well-known/caldav`. */
export async function discoverPrincipal(
  transport: DAVTransport,
  serverUrl: string,
): Promise<Principal> {
  const candidates = [serverUrl, new URL('/.well-known/caldav', serverUrl).toString()];
  let lastError: unknown = null;
  for (const candidate of candidates) {
    try {
      const answer = await transport.multistatus(
        'PROPFIND',
        candidate,
        propfindBody(PRINCIPAL_PROPS),
        { depth: '0' },
      );
      const entry = answer.entries[0];
      const principalHref = entry ? hrefsOf(entry.props.currentUserPrincipal)[0] : undefined;
      if (!entry || !principalHref) continue;
      const principalUrl = new URL(principalHref, entry.url).toString();
      const details =
        principalUrl === entry.url
          ? entry
          : (
              await transport.multistatus('PROPFIND', principalUrl, propfindBody(PRINCIPAL_PROPS), {
                depth: '0',
              })
            ).entries[0];
      const home = details ? hrefsOf(details.props.calendarHomeSet)[0] : undefined;
      const emails = details
        ? hrefsOf(details.props.calendarUserAddressSet)
            .filter((h) => /^mailto:/i.test(h))
            .map((h) => h.replace(/^mailto:/i, '').toLowerCase())
        : [];
      return {
        url: principalUrl,
        homeUrl: home ? withSlash(new URL(home, principalUrl).toString()) : null,
        emails,
      };
    } catch (error) {
      if (error instanceof AuthError) throw error;
      lastError = error;
    }
  }
  if (lastError) throw lastError;
  throw new CalDAVDiscoveryError(`no current-user-principal at ${serverUrl}`);
}

function withSlash(url: string): string {
  return url === '' || url.endsWith('/') ? url : `${url}/`;
}
