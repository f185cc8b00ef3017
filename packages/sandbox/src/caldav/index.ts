import { Hono } from 'hono';
import type { Context } from 'hono';
import type {
  EmulatorContext,
  ExpiryTarget,
  ProviderEmulator,
  SandboxAccount,
} from '../emulator.js';
import { UnknownSandboxAccountError } from '../emulator.js';
import type { CalDAVDeps, CalDAVEmulatorSettings } from './context.js';
import { defaultCalDAVSettings, resolvePath } from './context.js';
import { deleteResource, getObject, makeCalendar, putObject } from './objects.js';
import { propfind } from './propfind.js';
import { report } from './report.js';
import { plain } from './responses.js';
import type { StoredAccount } from './state.js';
import { newCalendar, newEpoch, randomId } from './state.js';
import type { XmlElement } from './xml.js';
import { parseXml, XmlParseError } from './xml.js';

export type { CalDAVEmulatorSettings } from './context.js';

/** The CalDAV emulator and its behaviour switches. */
export interface CalDAVEmulator extends ProviderEmulator {
  readonly provider: 'caldav';
  readonly settings: CalDAVEmulatorSettings;
}

const DAV_HEADER = '1, 2, 3, calendar-access, sync-collection, extended-mkcol';
const ALLOW = 'OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, REPORT, MKCALENDAR';

function authenticate(
  deps: CalDAVDeps,
  authorization: string | undefined,
): StoredAccount | undefined {
  const encoded = /^Basic\s+(.+)$/i.exec(authorization ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const account = deps.accounts.get(decoded.slice(0, separator).toLowerCase());
  if (!account || account.passwordRevoked || account.password !== decoded.slice(separator + 1))
    return undefined;
  return account;
}

async function readXmlBody(c: Context): Promise<XmlElement | null> {
  const text = await c.req.text();
  return text.trim() === '' ? null : parseXml(text);
}

/**
 * Creates the CalDAV emulator (RFC 4791 + RFC 6578 subset). Mount `app` under `/sandbox/caldav`.
 * Log in with Basic auth: the account's email and its access_token.
 *
 * @example
 * const caldav = createCalDAVEmulator({ providerBaseUrl: () => base + '/sandbox/caldav', now: () => new Date(), fetch });
 * root.route('/sandbox/caldav', caldav.app);
 */
export function createCalDAVEmulator(
  ctx: EmulatorContext,
  overrides: Partial<CalDAVEmulatorSettings> = {},
): CalDAVEmulator {
  const settings = { ...defaultCalDAVSettings(), ...overrides };
  const deps: CalDAVDeps = { ctx, settings, accounts: new Map() };
  const app = new Hono();

  app.all('/.well-known/caldav', (c) => c.redirect(`${ctx.providerBaseUrl()}/dav/`, 301));

  app.all('*', async (c) => {
    const method = c.req.method.toUpperCase();
    if (method === 'OPTIONS') return plain(200, '', { DAV: DAV_HEADER, Allow: ALLOW });
    const caller = authenticate(deps, c.req.header('authorization'));
    if (!caller)
      return plain(401, 'Unauthorized', {
        'WWW-Authenticate': 'Basic realm="Calsync sandbox CalDAV"',
      });
    const resource = resolvePath(deps, new URL(c.req.url).pathname);
    if ('account' in resource && resource.account !== caller) return plain(403, 'Forbidden');
    try {
      switch (method) {
        case 'PROPFIND':
          return propfind(deps, caller, resource, await readXmlBody(c), c.req.header('depth'));
        case 'REPORT':
          return report(deps, caller, resource, await readXmlBody(c));
        case 'GET':
        case 'HEAD':
          return getObject(resource);
        case 'PUT':
          return putObject(deps, resource, await c.req.text(), {
            ifMatch: c.req.header('if-match'),
            ifNoneMatch: c.req.header('if-none-match'),
          });
        case 'DELETE':
          return deleteResource(resource, c.req.header('if-match'));
        case 'MKCALENDAR':
          return makeCalendar(resource, await readXmlBody(c));
        default:
          return plain(405, 'Method Not Allowed', { Allow: ALLOW });
      }
    } catch (error) {
      if (error instanceof XmlParseError) return plain(400, `Bad Request: ${error.message}`);
      throw error;
    }
  });

  const requireAccount = (email: string): StoredAccount => {
    const account = deps.accounts.get(email.toLowerCase());
    if (!account) throw new UnknownSandboxAccountError('caldav', email);
    return account;
  };

  return {
    provider: 'caldav',
    app,
    settings,
    createAccount(email: string): SandboxAccount {
      const key = email.toLowerCase();
      let account = deps.accounts.get(key);
      if (!account) {
        account = {
          email: key,
          password: randomId(),
          passwordRevoked: false,
          calendars: new Map(),
        };
        account.calendars.set('default', newCalendar('default', 'Calendar'));
        deps.accounts.set(key, account);
      }
      if (account.passwordRevoked) {
        account.password = randomId();
        account.passwordRevoked = false;
      }
      return {
        email: account.email,
        access_token: account.password,
        calendars: [...account.calendars.values()].map((calendar) => ({
          id: calendar.id,
          name: calendar.displayName,
          primary: calendar.id === 'default',
        })),
      };
    },
    expire(email: string, what: ExpiryTarget): void {
      const account = requireAccount(email);
      if (what === 'access_token') account.passwordRevoked = true;
      if (what === 'sync_tokens') {
        for (const calendar of account.calendars.values()) calendar.epoch = newEpoch();
      }
      // CalDAV has no refresh tokens: 'refresh_token' changes nothing.
    },
    reset(): void {
      deps.accounts.clear();
    },
    close(): void {
      // No timers.
    },
  };
}
