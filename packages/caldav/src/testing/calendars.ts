import type { TestCalDAVServer } from './servers.js';

let calendarCounter = 0;

/**
 * Creates a fresh, empty calendar with MKCALENDAR and returns its URL
 * (`/<user>/<name>/` on Radicale, `/user/calendars/<name>/` on Xandikos).
 *
 * @example
 * const calendarUrl = await createTestCalendar(radicale, { username: 'alice', password: 'secret' });
 */
export async function createTestCalendar(
  server: TestCalDAVServer,
  options: { username: string; password: string; name?: string; fetch?: typeof fetch },
): Promise<string> {
  calendarCounter++;
  const name = options.name ?? `cal-${process.pid}-${calendarCounter}`;
  const path =
    server.kind === 'radicale' ? `${options.username}/${name}/` : `user/calendars/${name}/`;
  const url = new URL(path, server.serverUrl).toString();
  const body =
    '<?xml version="1.0" encoding="utf-8"?><c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">' +
    `<d:set><d:prop><d:displayname>${name}</d:displayname><c:supported-calendar-component-set><c:comp name="VEVENT"/></c:supported-calendar-component-set></d:prop></d:set></c:mkcalendar>`;
  const response = await (options.fetch ?? fetch)(url, {
    method: 'MKCALENDAR',
    headers: {
      authorization: basicAuth(options.username, options.password),
      'content-type': 'application/xml',
    },
    body,
  });
  if (response.status !== 201)
    throw new Error(`MKCALENDAR ${url} answered ${response.status}: ${await response.text()}`);
  return url;
}

/** `Basic …` header value. */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
