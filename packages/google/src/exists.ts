import { NotFoundError, type EventExistsRequest } from '@calsync/core';
import type { GoogleCalendarClient } from './client.js';

/**
 * `events.get`: the event exists unless Google answers 404/410 or holds it as `cancelled` (a
 * deleted event stays readable as a tombstone for a while).
 */
export async function eventExists(
  client: GoogleCalendarClient,
  request: EventExistsRequest,
): Promise<boolean> {
  try {
    const event = await client.call((api, options) =>
      api.events.get({ calendarId: request.calendarId, eventId: request.externalId }, options),
    );
    return event.status !== 'cancelled';
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}
