import { createTestCalendar } from '@calsync/caldav/testing';
import { createApiKey, createTenant } from '@calsync/server';
import {
  calDAVCalendar,
  googleCalendar,
  microsoftCalendar,
  PROVIDERS,
  type ExternalCalendar,
  type Provider,
} from './external-calendars.js';
import type { AccountEmails } from './faults.js';
import type { ConvergenceStack } from './stack.js';
import { followSignIn } from '@calsync/server/testing';

/** A JSON call to the API with the scenario tenant's secret key. */
export type ApiCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** A fresh tenant and user connected to Google, Microsoft and a Radicale calendar. */
export interface ScenarioUser {
  readonly userId: string;
  readonly api: ApiCall;
  readonly integrations: Record<Provider, string>;
  readonly calendars: Record<Provider, ExternalCalendar>;
  readonly emails: AccountEmails;
}

/** The API answered with an error status. */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  readonly code = 'api_call_failed';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function apiCall(baseUrl: string, secretKey: string): ApiCall {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${secretKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new ApiCallError(
        response.status,
        `${method} ${path} → ${response.status}: ${text.slice(0, 300)}`,
      );
    }
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/**
 * Authorize → Calsync's start URL (its cookie kept) → the sandbox's auto-consent → Calsync's
 * callback page, as the sign-in window would.
 */
async function connectByOAuth(
  api: ApiCall,
  provider: 'google' | 'outlook',
  userId: string,
  email: string,
): Promise<void> {
  const { authorization_url } = await api<{ authorization_url: string }>(
    'POST',
    `/calendar-integrations/${provider}/authorize`,
    { user_id: userId, login_hint: email },
  );
  const callback = await followSignIn(authorization_url);
  const page = await callback.text();
  if (!callback.ok)
    throw new Error(`the ${provider} callback answered ${callback.status}: ${page}`);
}

/**
 * Creates the scenario's tenant (straight in the database, as `calsync tenants create` does),
 * sandbox accounts, a Radicale calendar, and connects all three.
 */
export async function createScenarioUser(
  stack: ConvergenceStack,
  tag: string,
): Promise<ScenarioUser> {
  const tenant = await createTenant(stack.db.sql, `convergence ${tag}`);
  const { secret_key } = await createApiKey(stack.db.sql, tenant.id);
  const api = apiCall(stack.baseUrl, secret_key);
  const userId = `user-${tag}`;
  const emails = { google: `g-${tag}@example.com`, microsoft: `m-${tag}@example.com` };
  const control = stack.sandbox.sandbox.control;
  const google = await googleCalendar(stack.sandbox.url, control, emails.google);
  const microsoft = await microsoftCalendar(stack.sandbox.url, control, emails.microsoft);
  const username = `c-${tag}`;
  const calendarUrl = await createTestCalendar(stack.radicale, { username, password: 'any' });
  const caldav = calDAVCalendar(calendarUrl, username);

  await connectByOAuth(api, 'google', userId, emails.google);
  await connectByOAuth(api, 'outlook', userId, emails.microsoft);
  await api('POST', '/calendar-integrations', {
    provider: 'caldav',
    user_id: userId,
    server_url: stack.radicale.serverUrl,
    username,
    password: 'any',
  });
  const { data } = await api<{ data: { id: string; provider: string }[] }>(
    'GET',
    `/calendar-integrations?user_id=${encodeURIComponent(userId)}`,
  );
  const integrations = {} as Record<Provider, string>;
  for (const provider of PROVIDERS) {
    const wire = provider === 'microsoft' ? 'outlook' : provider;
    const found = data.find((i) => i.provider === wire || i.provider === provider);
    if (!found) throw new Error(`no ${provider} connection for ${userId}: ${JSON.stringify(data)}`);
    integrations[provider] = found.id;
  }
  return { userId, api, integrations, calendars: { google, microsoft, caldav }, emails };
}
