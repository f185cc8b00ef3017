import type { EmulatorContext } from '../emulator.js';
import type { StoredAccount, StoredCalendar, StoredObject } from './state.js';

/** Behaviour switches of the CalDAV emulator. */
export interface CalDAVEmulatorSettings {
  /** Status for an invalid or expired sync token: Radicale 403, current Xandikos 412, Debian Xandikos 500, RFC-style 409. */
  invalidSyncTokenStatus: 403 | 409 | 412 | 500;
  /** Status of a PUT that replaces an object: Radicale 201, Xandikos 204. */
  updateStatus: 201 | 204;
}

/** Defaults modelled on Radicale 3.1.8 except the update status. */
export function defaultCalDAVSettings(): CalDAVEmulatorSettings {
  return { invalidSyncTokenStatus: 403, updateStatus: 204 };
}

/** What every CalDAV handler needs. */
export interface CalDAVDeps {
  ctx: EmulatorContext;
  settings: CalDAVEmulatorSettings;
  accounts: Map<string, StoredAccount>;
}

/** A resource a request path names. */
export type DavResource =
  | { kind: 'root' }
  | { kind: 'principal'; account: StoredAccount }
  | { kind: 'home'; account: StoredAccount }
  | { kind: 'calendar'; account: StoredAccount; calendar: StoredCalendar }
  | { kind: 'object'; account: StoredAccount; calendar: StoredCalendar; object: StoredObject }
  | { kind: 'new-object'; account: StoredAccount; calendar: StoredCalendar; name: string }
  | { kind: 'new-calendar'; account: StoredAccount; id: string }
  | { kind: 'unknown' };

/** The path part of the mount (e.g. `/sandbox/caldav`), without a trailing slash. */
export function mountPath(deps: CalDAVDeps): string {
  return new URL(deps.ctx.providerBaseUrl()).pathname.replace(/\/$/, '');
}

/** Absolute-path hrefs of each resource. */
export const hrefs = {
  root: (deps: CalDAVDeps): string => `${mountPath(deps)}/`,
  principal: (deps: CalDAVDeps, account: StoredAccount): string =>
    `${mountPath(deps)}/dav/principals/${encodeURIComponent(account.email)}/`,
  home: (deps: CalDAVDeps, account: StoredAccount): string =>
    `${mountPath(deps)}/dav/calendars/${encodeURIComponent(account.email)}/`,
  calendar: (deps: CalDAVDeps, account: StoredAccount, calendar: StoredCalendar): string =>
    `${hrefs.home(deps, account)}${encodeURIComponent(calendar.id)}/`,
  object: (
    deps: CalDAVDeps,
    account: StoredAccount,
    calendar: StoredCalendar,
    name: string,
  ): string => `${hrefs.calendar(deps, account, calendar)}${encodeURIComponent(name)}`,
};

/** Resolves a request path (absolute, including the mount) to a resource. */
export function resolvePath(deps: CalDAVDeps, path: string): DavResource {
  const mount = mountPath(deps);
  const relative = path.startsWith(mount) ? path.slice(mount.length) : path;
  if (relative === '' || relative === '/' || relative === '/dav' || relative === '/dav/')
    return { kind: 'root' };
  const segments = relative.split('/').filter(Boolean).map(decodeURIComponent);
  const [dav, area, email, calendarId, name, ...rest] = segments;
  if (dav !== 'dav' || !email || rest.length > 0) return { kind: 'unknown' };
  const account = deps.accounts.get(email.toLowerCase());
  if (!account) return { kind: 'unknown' };
  if (area === 'principals')
    return calendarId === undefined ? { kind: 'principal', account } : { kind: 'unknown' };
  if (area !== 'calendars') return { kind: 'unknown' };
  if (calendarId === undefined) return { kind: 'home', account };
  const calendar = account.calendars.get(calendarId);
  if (!calendar)
    return name === undefined
      ? { kind: 'new-calendar', account, id: calendarId }
      : { kind: 'unknown' };
  if (name === undefined) return { kind: 'calendar', account, calendar };
  const object = calendar.objects.get(name);
  return object
    ? { kind: 'object', account, calendar, object }
    : { kind: 'new-object', account, calendar, name };
}
