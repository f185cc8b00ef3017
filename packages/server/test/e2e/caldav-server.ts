import {
  basicAuth,
  calDAVRemoteControl,
  createTestCalendar,
  startRadicale,
  startXandikos,
  type CalDAVRemoteControl,
  type TestCalDAVServer,
} from '@calsync/caldav/testing';

/** A real CalDAV server with one calendar and "another client" (a phone, a desktop app) on it. */
export interface CalDAVServerUnderTest {
  readonly kind: 'radicale' | 'xandikos';
  readonly server: TestCalDAVServer;
  readonly username: string;
  readonly password: string;
  /** Radicale checks passwords (htpasswd); Xandikos has no authentication at all. */
  readonly checksPasswords: boolean;
  readonly calendarUrl: string;
  readonly other: CalDAVRemoteControl;
  /** URLs of the calendar's object resources, read with PROPFIND. */
  resources(): Promise<string[]>;
  /** The stored text of one resource, or null when it is gone. */
  read(url: string): Promise<string | null>;
}

/**
 * Starts Radicale (htpasswd user `alice`) or Xandikos on a free port, with one event calendar.
 *
 * @example
 * const sut = await startCalDAVServer('radicale');
 * await sut.other.createExternal(content);
 * await sut.server.stop();
 */
export async function startCalDAVServer(
  kind: 'radicale' | 'xandikos',
): Promise<CalDAVServerUnderTest> {
  const server =
    kind === 'radicale'
      ? await startRadicale({ users: { alice: 'secret' } })
      : await startXandikos();
  const username = kind === 'radicale' ? 'alice' : 'user';
  // Long enough that a test finding it in stored ciphertext cannot match by chance.
  const password = kind === 'radicale' ? 'secret' : 'xandikos-takes-any-password';
  const calendarUrl =
    server.defaultCalendarUrl ?? (await createTestCalendar(server, { username, password }));
  const auth = basicAuth(username, password);
  const other = calDAVRemoteControl({ calendarUrl, username, password });
  return {
    kind,
    server,
    username,
    password,
    checksPasswords: kind === 'radicale',
    calendarUrl,
    other,
    async resources() {
      const response = await fetch(calendarUrl, {
        method: 'PROPFIND',
        headers: { authorization: auth, depth: '1', 'content-type': 'application/xml' },
        body: '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>',
      });
      const text = await response.text();
      const hrefs = [...text.matchAll(/<(?:\w+:)?href>([^<]+)<\/(?:\w+:)?href>/g)].map((m) =>
        new URL(m[1]!, calendarUrl).toString(),
      );
      return hrefs.filter((href) => href !== calendarUrl);
    },
    async read(url) {
      const { status, text } = await other.getRaw(url);
      return status === 200 ? text : null;
    },
  };
}
