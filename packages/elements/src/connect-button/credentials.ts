import type { CalsyncStrings } from '../core/strings.js';

/** What the user typed into the iCloud / CalDAV form. */
export interface CredentialInput {
  serverUrl: string;
  username: string;
  password: string;
}

/** Per-field messages; an empty object means the form can be sent. */
export type CredentialErrors = Partial<Record<keyof CredentialInput, string>>;

/** Apple's app-specific passwords: four groups of four letters. */
const APP_SPECIFIC_PASSWORD = /^[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https anywhere; plain http only on this machine (a local Radicale, for instance). */
function isAcceptableServerUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
  } catch {
    return false;
  }
}

/**
 * Checks the credential form before anything is sent. iCloud needs the Apple ID's email and an
 * app-specific password; a generic CalDAV server needs its URL.
 *
 * @example
 * validateCredentials('icloud', { serverUrl: '', username: 'me@icloud.com', password: 'hunter2' }, strings)
 * // { password: 'App-specific passwords look like abcd-efgh-ijkl-mnop.' }
 */
export function validateCredentials(
  provider: 'icloud' | 'caldav',
  input: CredentialInput,
  strings: CalsyncStrings,
): CredentialErrors {
  const errors: CredentialErrors = {};
  const icloud = provider === 'icloud';
  if (!icloud) {
    if (!input.serverUrl.trim()) errors.serverUrl = strings.required(strings.serverUrl);
    else if (!isAcceptableServerUrl(input.serverUrl.trim())) errors.serverUrl = strings.invalidUrl;
  }
  const usernameLabel = icloud ? strings.usernameICloud : strings.username;
  if (!input.username.trim()) errors.username = strings.required(usernameLabel);
  else if (icloud && !EMAIL.test(input.username.trim())) errors.username = strings.invalidEmail;
  const passwordLabel = icloud ? strings.passwordICloud : strings.password;
  if (!input.password) errors.password = strings.required(passwordLabel);
  else if (icloud && !APP_SPECIFIC_PASSWORD.test(input.password.trim())) {
    errors.password = strings.invalidAppPassword;
  }
  return errors;
}
