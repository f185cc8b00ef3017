import { describe, expect, it } from 'vitest';
import { defaultStrings } from '../core/strings.js';
import { validateCredentials } from './credentials.js';

const ok = { serverUrl: '', username: 'ann@icloud.com', password: 'abcd-efgh-ijkl-mnop' };

describe('validateCredentials', () => {
  it('accepts an Apple ID with an app-specific password', () => {
    expect(validateCredentials('icloud', ok, defaultStrings)).toEqual({});
  });
  it('asks iCloud users for an app-specific password, not their Apple ID password', () => {
    expect(validateCredentials('icloud', { ...ok, password: 'hunter2' }, defaultStrings)).toEqual({
      password: defaultStrings.invalidAppPassword,
    });
  });
  it('wants an email as the Apple ID', () => {
    expect(validateCredentials('icloud', { ...ok, username: 'ann' }, defaultStrings)).toEqual({
      username: defaultStrings.invalidEmail,
    });
  });
  it('names every missing field', () => {
    const errors = validateCredentials(
      'caldav',
      { serverUrl: '', username: ' ', password: '' },
      defaultStrings,
    );
    expect(errors).toEqual({
      serverUrl: 'Server URL is required.',
      username: 'Username is required.',
      password: 'Password is required.',
    });
  });
  it('needs https for a CalDAV server, except on this machine', () => {
    const input = { serverUrl: 'http://dav.example.com/', username: 'ann', password: 'x' };
    expect(validateCredentials('caldav', input, defaultStrings).serverUrl).toBe(
      defaultStrings.invalidUrl,
    );
    for (const serverUrl of ['https://dav.example.com/', 'http://127.0.0.1:5232/']) {
      expect(validateCredentials('caldav', { ...input, serverUrl }, defaultStrings)).toEqual({});
    }
    expect(
      validateCredentials('caldav', { ...input, serverUrl: 'not a url' }, defaultStrings).serverUrl,
    ).toBe(defaultStrings.invalidUrl);
  });
});
