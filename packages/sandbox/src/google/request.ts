import type { Context } from 'hono';
import { authError, GoogleApiError, notFound } from './errors.js';
import type { GoogleRuntime } from './runtime.js';
import type { GoogleAccount, GoogleCalendar } from './types.js';

/** The account the request's bearer token acts for; 401 `authError` otherwise. */
export function accountOf(rt: GoogleRuntime, c: Context): GoogleAccount {
  const header = c.req.header('authorization') ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  const grant = token === undefined ? undefined : rt.tokens.accountOf(token);
  const account = grant === undefined ? undefined : rt.state.accounts.get(grant.email);
  if (account === undefined) throw authError();
  return account;
}

/** The calendar named in the path (`primary` allowed), owned by the account; 404 otherwise. */
export function calendarOf(
  rt: GoogleRuntime,
  account: GoogleAccount,
  calendarId: string,
): GoogleCalendar {
  const calendar = rt.state.calendarFor(account.email, calendarId);
  if (calendar === undefined) throw notFound();
  return calendar;
}

/** The JSON body, or 400 `parseError`. */
export async function jsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GoogleApiError(400, 'parseError', 'Parse Error');
  }
}

/** The query string with repeated parameters kept. */
export function searchParams(c: Context): URLSearchParams {
  const url = c.req.url;
  const at = url.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : url.slice(at + 1));
}
