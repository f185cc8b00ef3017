import type { Attendee, ResponseStatus } from '@calsync/core';
import { normalizeEmail, normalizeAttendees } from '@calsync/core';
import type { GraphAttendee, GraphResponse } from './graph-types.js';

/** Graph response → canonical RSVP. `organizer` means the organizer's own copy: accepted. */
export const RESPONSE_FROM_GRAPH: Readonly<Record<GraphResponse, ResponseStatus>> = {
  none: 'needs_action',
  notResponded: 'needs_action',
  organizer: 'accepted',
  accepted: 'accepted',
  tentativelyAccepted: 'tentative',
  declined: 'declined',
};

/** Canonical RSVP → Graph response (sent on writes; Graph may ignore it, the sandbox keeps it). */
export const RESPONSE_TO_GRAPH: Readonly<Record<ResponseStatus, GraphResponse>> = {
  needs_action: 'none',
  accepted: 'accepted',
  tentative: 'tentativelyAccepted',
  declined: 'declined',
};

/**
 * Graph attendees → canonical ones. Graph does not list the organizer among attendees; an
 * attendee whose address is the organizer's is flagged `organizer`. Entries without an
 * address are dropped.
 */
export function attendeesFromGraph(
  attendees: readonly GraphAttendee[] | undefined,
  organizerEmail: string | null,
): readonly Attendee[] {
  const organizer = organizerEmail ? normalizeEmail(organizerEmail) : null;
  const mapped = (attendees ?? []).flatMap((attendee): Attendee[] => {
    const address = attendee.emailAddress?.address;
    if (!address) return [];
    const email = normalizeEmail(address);
    const name = attendee.emailAddress?.name?.trim();
    return [
      {
        email,
        name: name && normalizeEmail(name) !== email ? name : null,
        responseStatus: RESPONSE_FROM_GRAPH[attendee.status?.response ?? 'none'] ?? 'needs_action',
        optional: attendee.type === 'optional',
        organizer: email === organizer,
        resource: attendee.type === 'resource',
      },
    ];
  });
  return normalizeAttendees(mapped);
}

/**
 * Canonical attendees → Graph's. The organizer is the mailbox owner and is not invited to
 * their own meeting, so organizer entries are left out. Graph sends the invitations itself.
 */
export function attendeesToGraph(attendees: readonly Attendee[]): GraphAttendee[] {
  return attendees
    .filter((attendee) => !attendee.organizer)
    .map((attendee) => ({
      type: attendee.resource ? 'resource' : attendee.optional ? 'optional' : 'required',
      status: { response: RESPONSE_TO_GRAPH[attendee.responseStatus] },
      emailAddress: {
        address: attendee.email,
        ...(attendee.name ? { name: attendee.name } : {}),
      },
    }));
}
