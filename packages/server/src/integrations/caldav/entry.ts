import { AuthError, type ProviderAdapter } from '@calsync/core';
import { createCalDAVAdapter, type CalDAVAdapterOptions } from '@calsync/caldav';
import type { AdapterFactoryInput, ProviderEntry } from '../../providers/registry.js';
import { calDAVCredentialsOf } from './credentials.js';

/**
 * A password does not get better by asking again: there is no token to refresh, so every
 * `AuthError` of a CalDAV server is permanent and the runtime marks the connection
 * `needs_reauth` at once instead of trying a refresh first.
 */
function permanentAuth<T>(call: () => Promise<T>): Promise<T> {
  return call().catch((error: unknown) => {
    if (error instanceof AuthError && !error.permanent) {
      throw new AuthError(error.message, {
        permanent: true,
        cause: error,
        ...(error.status === null ? {} : { status: error.status }),
      });
    }
    throw error;
  });
}

function withPermanentAuth(adapter: ProviderAdapter): ProviderAdapter {
  return {
    ...adapter,
    listCalendars: () => permanentAuth(() => adapter.listCalendars()),
    pullChanges: (request) => permanentAuth(() => adapter.pullChanges(request)),
    createEvent: (request) => permanentAuth(() => adapter.createEvent(request)),
    updateEvent: (request) => permanentAuth(() => adapter.updateEvent(request)),
    deleteEvent: (request) => permanentAuth(() => adapter.deleteEvent(request)),
    freeBusy: (request) => permanentAuth(() => adapter.freeBusy(request)),
  };
}

/**
 * The registry entry of CalDAV and iCloud: builds `@calsync/caldav`'s adapter from the
 * connection's stored user name, password, flavour, server URL and calendar home. No `refresh`:
 * passwords do not expire; a 401 later on means the password was revoked or changed.
 *
 * @example
 * registry.register('caldav', calDAVProviderEntry({ fullSyncScope: 'window' }));
 */
export function calDAVProviderEntry(options: CalDAVAdapterOptions = {}): ProviderEntry {
  return {
    createAdapter: ({ connection, credentials, context }: AdapterFactoryInput) =>
      withPermanentAuth(
        createCalDAVAdapter(context, calDAVCredentialsOf(connection, credentials), options),
      ),
  };
}
