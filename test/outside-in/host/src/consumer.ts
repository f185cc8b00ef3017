/**
 * A strict host's use of the SDK and the elements, checked against the packed packages: what
 * compiles here must compile for any host, and every `@ts-expect-error` proves a type is precise.
 */
import {
  CalsyncError,
  createCalsyncClient,
  type Appointment,
  type CalsyncClient,
  type Integration,
} from '@calsync/sdk';
import { configureCalsync, type CalsyncClientLike } from '@calsync/elements';

/** The host's backend: a session token for its signed-in user, minted with the secret key. */
export async function mintSessionToken(secretKey: string, userId: string): Promise<string> {
  const admin = createCalsyncClient({ baseUrl: 'https://calsync.example.com', token: secretKey });
  const session = await admin.sessions.create({ userId, ttlSeconds: 600 });
  // @ts-expect-error -- a session has a token and an expiry, nothing like a password
  void session.password;
  // @ts-expect-error -- which user the session is for is required
  await admin.sessions.create({ ttlSeconds: 600 });
  return session.token;
}

/** The host's page: lists connections, books and renames an appointment. */
export async function bookAndRename(calsync: CalsyncClient): Promise<Appointment> {
  const { data, nextCursor } = await calsync.integrations.list();
  const providers: string[] = data.map((integration: Integration) => integration.provider);
  const cursor: string | null | undefined = nextCursor;
  void [providers, cursor];
  // @ts-expect-error -- not a provider Calsync knows
  await calsync.integrations.authorize('myspace');

  const appointment = await calsync.appointments.create({
    hostRef: 'booking_42',
    userId: 'user_123',
    title: 'Intro call',
    start: '2026-03-08T09:00:00-05:00',
    end: '2026-03-08T09:30:00-05:00',
    timeZone: 'America/New_York',
  });
  // @ts-expect-error -- an appointment needs its start
  await calsync.appointments.create({ hostRef: 'b', title: 'No start', end: appointment.end });

  // An update names only what changes.
  const renamed = await calsync.appointments.update(appointment.id, { title: 'Renamed' });
  // @ts-expect-error -- a title is text
  await calsync.appointments.update(appointment.id, { title: 42 });
  // @ts-expect-error -- an appointment has no such field
  void renamed.organizerPhone;
  return renamed;
}

/** Errors carry the API's stable code. */
export function describeFailure(error: unknown): string {
  return error instanceof CalsyncError ? `${error.status} ${error.code}` : String(error);
}

/** The elements take the SDK's client as it is. */
export function wireElements(calsync: CalsyncClient): void {
  const asElementsClient: CalsyncClientLike = calsync;
  const button = document.createElement('calsync-connect-button');
  button.client = asElementsClient;
  button.provider = 'google';
  // @ts-expect-error -- not a provider the button knows
  button.provider = 'myspace';
  // @ts-expect-error -- a client must be able to call the API, a URL is not enough
  button.client = { baseUrl: 'https://calsync.example.com' };
  const status = document.querySelector('calsync-sync-status');
  if (status) status.client = calsync;
  document.addEventListener('calsync-connect', (event) => {
    const integrationId: string = event.detail.integration.id;
    status?.setAttribute('integration-id', integrationId);
  });
  document.body.append(button);
}

/** The page configured once: the server and where the session comes from. */
export function configurePage(): CalsyncClientLike {
  // @ts-expect-error -- a base URL alone is not enough: a token, a session route or a client
  configureCalsync({ baseUrl: 'https://calsync.example.com' });
  return configureCalsync({
    baseUrl: 'https://calsync.example.com',
    sessionUrl: '/calsync/session',
  });
}
