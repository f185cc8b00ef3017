import type { CalendarProvider, RemoteCalendar } from '@calsync/core';
import type { StoredCredentials } from '../providers/credentials.js';

/** A provider account just authorised: what gets stored as a connection. */
export interface AuthorisedAccount {
  accountEmail: string;
  credentials: StoredCredentials;
  /** Calendars the connect step already discovered (CalDAV); OAuth providers list them later. */
  calendars?: readonly RemoteCalendar[];
  /** CalDAV: the server the account lives on. */
  serverUrl?: string | null;
}

/**
 * The OAuth side of a provider (Google, Microsoft): the consent URL and the code exchange.
 * The server keeps state and the PKCE verifier; the connector only speaks the provider's protocol.
 */
export interface OAuthConnector {
  readonly provider: Extract<CalendarProvider, 'google' | 'microsoft'>;
  authorizationUrl(input: {
    state: string;
    codeChallenge: string;
    redirectUri: string;
    loginHint?: string;
  }): string;
  /** Exchanges the code; throws core's `AuthError` (permanent) for a bad or used code. */
  exchangeCode(input: {
    code: string;
    codeVerifier: string;
    redirectUri: string;
  }): Promise<AuthorisedAccount>;
}

/** Why a CalDAV sign-in failed, in the API's terms. */
export interface CalDAVConnectFailure {
  code: 'caldav_auth_failed' | 'caldav_discovery_failed';
  message: string;
  hint?: string;
}

/** The credential side of CalDAV/iCloud: test the credentials and discover the calendars. */
export interface CalDAVConnector {
  connect(input: {
    flavour: 'icloud' | 'generic';
    serverUrl: string | null;
    username: string;
    password: string;
  }): Promise<
    { ok: true; account: AuthorisedAccount } | { ok: false; failure: CalDAVConnectFailure }
  >;
}

/** The connect flows this server offers; a missing one means the provider is not configured. */
export interface Connectors {
  google?: OAuthConnector;
  microsoft?: OAuthConnector;
  caldav?: CalDAVConnector;
}
