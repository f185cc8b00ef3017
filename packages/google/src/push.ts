import {
  type CreateEventRequest,
  type DeleteEventRequest,
  type EventContent,
  NonRetryableProviderError,
  NotFoundError,
  type RemoteEvent,
  type UpdateEventRequest,
  type WriteResult,
  originalStartToGoogle,
} from '@calsync/core';
import type { calendar_v3 } from '@googleapis/calendar';
import type { GoogleCalendarClient } from './client.js';
import { APPOINTMENT_ID_PROPERTY } from './endpoints.js';
import { googleEventIdFor, meetRequestIdFor } from './ids.js';
import { MalformedItem, googleEventToRemote, originalStartOf } from './mapping/inbound.js';
import { type GoogleVisibility, contentToGoogleEvent } from './mapping/outbound.js';

type GoogleEvent = calendar_v3.Schema$Event;

/** Settings every write shares. */
export interface PushSettings {
  /** Who Google e-mails about the change; Calsync's default is `all` (attendees expect it). */
  readonly sendUpdates: 'all' | 'externalOnly' | 'none';
  readonly floatingZone: string;
  readonly visibility: GoogleVisibility | null;
}

function remoteOf(event: GoogleEvent, calendarId: string, settings: PushSettings): RemoteEvent {
  try {
    return googleEventToRemote(event, calendarId, settings.floatingZone);
  } catch (error) {
    if (!(error instanceof MalformedItem)) throw error;
    throw new NonRetryableProviderError(
      `Google Calendar returned an unreadable event: ${error.message}`,
      {
        cause: error,
      },
    );
  }
}

function ifMatch(etag: string | null): { headers?: Record<string, string> } {
  return etag === null ? {} : { headers: { 'If-Match': etag } };
}

/**
 * `events.insert` with a client-chosen id derived from the idempotency key. A 409 means the id
 * exists — usually our own earlier attempt whose response was lost — so the event is fetched
 * and returned with `reused: true`. If that event was deleted since (Google never frees an id),
 * it is revived by PATCH with the content, as Google's docs advise.
 */
export async function createEvent(
  client: GoogleCalendarClient,
  request: CreateEventRequest,
  settings: PushSettings,
): Promise<WriteResult> {
  if (request.series !== null) return createOverride(client, request, settings);
  const eventId = googleEventIdFor(request.idempotencyKey);
  const body: GoogleEvent = {
    id: eventId,
    ...contentToGoogleEvent(request.content, {
      mode: 'insert',
      floatingZone: settings.floatingZone,
      appointmentId: request.appointmentId,
      meetRequestId: meetRequestIdFor(eventId),
      visibility: settings.visibility,
    }),
  };
  try {
    const created = await client.call((api, options) =>
      api.events.insert(
        {
          calendarId: request.calendarId,
          conferenceDataVersion: 1,
          sendUpdates: settings.sendUpdates,
          requestBody: body,
        },
        options,
      ),
    );
    // Inserted as cancelled (a delete making sure of a create that may have gone through
    // before a crash): Google answers with a bare tombstone.
    if (created.status === 'cancelled') {
      return { event: cancelledRemote(request, created, null), reused: false };
    }
    return { event: remoteOf(created, request.calendarId, settings), reused: false };
  } catch (error) {
    if (!(error instanceof NonRetryableProviderError && error.status === 409)) throw error;
    return reuseExisting(client, request, eventId, settings, error);
  }
}

async function reuseExisting(
  client: GoogleCalendarClient,
  request: CreateEventRequest,
  eventId: string,
  settings: PushSettings,
  conflict: NonRetryableProviderError,
): Promise<WriteResult> {
  const existing = await client.call((api, options) =>
    api.events.get({ calendarId: request.calendarId, eventId }, options),
  );
  const stamp = existing.extendedProperties?.private?.[APPOINTMENT_ID_PROPERTY];
  if (stamp !== undefined && stamp !== request.appointmentId) {
    throw new NonRetryableProviderError(
      `Google Calendar: event id ${eventId} belongs to appointment ${stamp}, not ${request.appointmentId}`,
      { status: 409, providerCode: 'duplicate', cause: conflict },
    );
  }
  if (existing.status !== 'cancelled') {
    return { event: remoteOf(existing, request.calendarId, settings), reused: true };
  }
  // Deleted already, and a cancelled event is what is asked for (a delete whose create may have
  // gone through before a crash finds it so): nothing to revive.
  if (request.content.status === 'cancelled') {
    return { event: cancelledRemote(request, existing, null), reused: true };
  }
  const revived = await patchEvent(client, {
    calendarId: request.calendarId,
    eventId,
    etag: existing.etag ?? null,
    body: contentToGoogleEvent(request.content, {
      mode: 'patch',
      floatingZone: settings.floatingZone,
      appointmentId: request.appointmentId,
      meetRequestId: meetRequestIdFor(eventId, existing.etag ?? ''),
      visibility: null,
    }),
    settings,
    content: request.content,
  });
  return { event: revived, reused: true };
}

/**
 * An override of one instance: find the instance by its original start, then PATCH it. An
 * instance someone else already moved is returned as it is (`reused`, not stamped with the
 * appointment): the caller reconciles it with the override instead of writing over it.
 */
async function createOverride(
  client: GoogleCalendarClient,
  request: CreateEventRequest,
  settings: PushSettings,
): Promise<WriteResult> {
  const series = request.series!;
  const slot = originalStartToGoogle(series.originalStart, settings.floatingZone);
  const originalStart = slot.date ?? new Date(Date.parse(slot.dateTime ?? '')).toISOString();
  const instances = await client.call((api, options) =>
    api.events.instances(
      {
        calendarId: request.calendarId,
        eventId: series.externalId,
        originalStart,
        showDeleted: true,
        maxResults: 1,
      },
      options,
    ),
  );
  const instance = instances.items?.[0];
  if (!instance?.id && request.content.status === 'cancelled') {
    // No such instance (an exception date of the series took it): cancelled already. Named as
    // Google names instances (series id + original start), as a pull would name it.
    const suffix = (slot.date ?? originalStart).replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const gone: GoogleEvent = { id: `${series.externalId}_${suffix}`, status: 'cancelled' };
    return { event: cancelledRemote(request, gone, series), reused: true };
  }
  if (!instance?.id) {
    throw new NotFoundError(
      `Google Calendar: series ${series.externalId} has no instance at ${originalStart}`,
    );
  }
  const stamped =
    instance.extendedProperties?.private?.[APPOINTMENT_ID_PROPERTY] === request.appointmentId;
  if (!stamped && instance.status !== 'cancelled' && movedInCalendar(instance)) {
    // Someone moved it before our override arrived: theirs to keep until reconciled with ours.
    return { event: remoteOf(instance, request.calendarId, settings), reused: true };
  }
  if (request.content.status === 'cancelled') {
    return {
      event: await cancelInstance(client, request, instance, series, settings),
      reused: stamped,
    };
  }
  const event = await patchEvent(client, {
    calendarId: request.calendarId,
    eventId: instance.id,
    etag: null,
    body: contentToGoogleEvent(request.content, {
      mode: 'patch',
      floatingZone: settings.floatingZone,
      appointmentId: request.appointmentId,
      meetRequestId: meetRequestIdFor(instance.id, instance.etag ?? ''),
      visibility: null,
    }),
    settings,
    content: request.content,
  });
  return { event, reused: stamped };
}

/** Whether an instance starts elsewhere than its slot: someone made it an exception. */
function movedInCalendar(instance: GoogleEvent): boolean {
  const { start, originalStartTime: slot } = instance;
  if (!start || !slot) return false;
  if (slot.date || start.date) return slot.date !== start.date;
  return Date.parse(start.dateTime ?? '') !== Date.parse(slot.dateTime ?? '');
}

/**
 * Cancels one instance the way Google Calendar does (events.delete on the instance: it stays as
 * a cancelled exception). Google answers a cancelled exception with its id and slot only, so the
 * written state is the request's; an instance already cancelled (in Google, or by an earlier try
 * whose answer was lost) is left as it is.
 */
async function cancelInstance(
  client: GoogleCalendarClient,
  request: CreateEventRequest,
  instance: GoogleEvent,
  series: NonNullable<CreateEventRequest['series']>,
  settings: PushSettings,
): Promise<RemoteEvent> {
  if (instance.status !== 'cancelled') {
    try {
      await client.call((api, options) =>
        api.events.delete(
          {
            calendarId: request.calendarId,
            eventId: instance.id!,
            sendUpdates: settings.sendUpdates,
          },
          options,
        ),
      );
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  return cancelledRemote(request, instance, series);
}

/**
 * The written state of a cancelled event or instance. Google answers cancelled items with little
 * more than id, etag and slot, so the content is what was asked for, and what Google leaves out is
 * taken from what the caller knows.
 */
function tombstoneRemote(
  calendarId: string,
  event: GoogleEvent,
  content: EventContent,
  known: { iCalUID?: string; appointmentId?: string; series?: CreateEventRequest['series'] } = {},
): RemoteEvent {
  return {
    externalId: event.id!,
    calendarId,
    etag: event.etag ?? '',
    iCalUID: event.iCalUID ?? known.iCalUID ?? null,
    seriesExternalId: known.series?.externalId ?? event.recurringEventId ?? null,
    originalStart: known.series?.originalStart ?? originalStartOf(event),
    updatedAt: event.updated ?? new Date().toISOString(),
    calsyncAppointmentId:
      known.appointmentId ?? event.extendedProperties?.private?.[APPOINTMENT_ID_PROPERTY] ?? null,
    content: { ...content, recurrence: null, status: 'cancelled' },
    extraProperties: [],
  };
}

/** {@link tombstoneRemote} for a create request. */
function cancelledRemote(
  request: CreateEventRequest,
  event: GoogleEvent,
  series: CreateEventRequest['series'],
): RemoteEvent {
  return tombstoneRemote(request.calendarId, event, request.content, {
    iCalUID: request.iCalUID,
    appointmentId: request.appointmentId,
    series,
  });
}

async function patchEvent(
  client: GoogleCalendarClient,
  input: {
    calendarId: string;
    eventId: string;
    etag: string | null;
    body: GoogleEvent;
    settings: PushSettings;
    /** What was asked for: the written state when Google answers with a bare tombstone. */
    content: EventContent;
  },
): Promise<RemoteEvent> {
  const patched = await client.call(
    (api, options) =>
      api.events.patch(
        {
          calendarId: input.calendarId,
          eventId: input.eventId,
          conferenceDataVersion: 1,
          sendUpdates: input.settings.sendUpdates,
          requestBody: input.body,
        },
        options,
      ),
    ifMatch(input.etag),
  );
  if (patched.status === 'cancelled') {
    // An instance cancelled by this PATCH comes back as id, slot and etag.
    return tombstoneRemote(
      input.calendarId,
      { ...patched, id: patched.id ?? input.eventId },
      input.content,
    );
  }
  return remoteOf(patched, input.calendarId, input.settings);
}

/**
 * `events.patch` with `If-Match` (412 → `PreconditionFailedError`). PATCH rather than PUT:
 * PUT clears every field it omits (colour, attachments, the user's visibility, other apps'
 * extended properties) and trips `forbiddenForNonOrganizer` on attendee copies.
 */
export async function updateEvent(
  client: GoogleCalendarClient,
  request: UpdateEventRequest,
  settings: PushSettings,
): Promise<WriteResult> {
  const event = await patchEvent(client, {
    calendarId: request.calendarId,
    eventId: request.externalId,
    etag: request.etag,
    body: contentToGoogleEvent(request.content, {
      mode: 'patch',
      floatingZone: settings.floatingZone,
      appointmentId: null,
      meetRequestId: meetRequestIdFor(request.externalId, request.etag ?? ''),
      visibility: null,
    }),
    settings,
    content: request.content,
  });
  return { event, reused: false };
}

/** `events.delete` with `If-Match`; 404 and 410 (already deleted) count as done. */
export async function deleteEvent(
  client: GoogleCalendarClient,
  request: DeleteEventRequest,
  settings: PushSettings,
): Promise<void> {
  try {
    await client.call(
      (api, options) =>
        api.events.delete(
          {
            calendarId: request.calendarId,
            eventId: request.externalId,
            sendUpdates: settings.sendUpdates,
          },
          options,
        ),
      ifMatch(request.etag),
    );
  } catch (error) {
    if (error instanceof NotFoundError) return;
    throw error;
  }
}
