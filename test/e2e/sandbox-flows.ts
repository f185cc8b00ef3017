/** Steps against a running Calsync with the sandbox, done the way a host backend or user would. */

import { followSignIn } from '@calsync/server/testing';

/** Calls `probe` until it returns something, or throws after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A tiny JSON client for one bearer token. */
export function apiAs(baseUrl: string, token: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** A sandbox Google account: its email, primary calendar and a token acting as that person. */
export interface SandboxGoogleAccount {
  email: string;
  accessToken: string;
  calendars: { id: string; name: string; primary: boolean }[];
}

/** Creates a sandbox Google account. */
export async function createGoogleAccount(
  baseUrl: string,
  email: string,
): Promise<SandboxGoogleAccount> {
  const response = await fetch(`${baseUrl}/sandbox/_control/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ provider: 'google', email }),
  });
  if (!response.ok) throw new Error(`creating the sandbox account: ${response.status}`);
  const body = (await response.json()) as {
    email: string;
    access_token: string;
    calendars: SandboxGoogleAccount['calendars'];
  };
  return { email: body.email, accessToken: body.access_token, calendars: body.calendars };
}

/**
 * Connects the user's Google account without a browser: authorize, then follow Calsync's start
 * URL (keeping its cookie), the sandbox's auto-consent and Calsync's callback, as the sign-in
 * window would. Returns the integration id.
 */
export async function connectGoogleByRedirects(
  baseUrl: string,
  sessionToken: string,
  email: string,
): Promise<string> {
  const api = apiAs(baseUrl, sessionToken);
  const { authorization_url } = await api<{ authorization_url: string }>(
    'POST',
    '/api/v1/calendar-integrations/google/authorize',
    { login_hint: email },
  );
  const callback = await followSignIn(authorization_url);
  if (!callback.ok) throw new Error(`the OAuth callback answered ${callback.status}`);
  const { data } = await api<{ data: { id: string; provider: string }[] }>(
    'GET',
    '/api/v1/calendar-integrations',
  );
  const google = data.find((integration) => integration.provider === 'google');
  if (!google) throw new Error('no Google integration after the callback');
  return google.id;
}

/** Edits an event in the sandbox's Google Calendar as its owner would in Google's own UI. */
export async function editGoogleEvent(
  baseUrl: string,
  account: SandboxGoogleAccount,
  eventId: string,
  patch: Record<string, unknown>,
): Promise<void> {
  const calendar = encodeURIComponent(account.email);
  const response = await fetch(
    `${baseUrl}/sandbox/google/calendar/v3/calendars/${calendar}/events/${eventId}`,
    {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${account.accessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(patch),
    },
  );
  if (!response.ok) throw new Error(`editing the Google event: ${response.status}`);
}
