import { GraphError, itemNotFound } from './errors.js';
import { applyEventInput, defaultEventFields, UNSET_RESPONSE_TIME } from './event-fields.js';
import { hashJSON, newChangeKey, newICalUId, newItemId } from './ids.js';
import type {
  EventFields,
  EventView,
  ResponseStatus,
  StoredCalendar,
  StoredEvent,
  StoredUser,
} from './model.js';
import { findView, occurrenceView, storedView } from './occurrences.js';
import { validateRecurrence } from './recurrence.js';
import type { MicrosoftState } from './state.js';

/** What changed, for change notifications. */
export interface EventChange {
  userId: string;
  calendarId: string;
  eventId: string;
  changeType: 'created' | 'updated' | 'deleted';
}

/** Attendee replies Graph offers as actions. */
export type AttendeeReply = 'accept' | 'tentativelyAccept' | 'decline';

const REPLY_RESPONSE: Record<AttendeeReply, ResponseStatus['response']> = {
  accept: 'accepted',
  tentativelyAccept: 'tentativelyAccepted',
  decline: 'declined',
};

const SHOW_AS_FOR_RESPONSE: Partial<Record<ResponseStatus['response'], EventFields['showAs']>> = {
  accepted: 'busy',
  tentativelyAccepted: 'tentative',
  declined: 'free',
  notResponded: 'tentative',
  none: 'tentative',
};

/** Event writes with Graph's semantics: transactionId, If-Match, occurrences, attendee copies. */
export class EventService {
  constructor(
    private readonly state: MicrosoftState,
    private readonly nowMs: () => number,
    private readonly notify: (change: EventChange) => void,
  ) {}

  /** `POST …/events`; returns the event and whether it was a retried create. */
  create(
    organizer: StoredUser,
    calendar: StoredCalendar,
    body: Record<string, unknown>,
  ): { event: StoredEvent; replayed: boolean } {
    const transactionId = typeof body.transactionId === 'string' ? body.transactionId : null;
    const bodyHash = hashJSON(body);
    const transactionKey = `${calendar.ownerUserId}|${transactionId}`;
    if (transactionId !== null) {
      const existing = this.state.events.get(this.state.transactions.get(transactionKey) ?? '');
      if (existing) {
        if (existing.transactionBodyHash === bodyHash) return { event: existing, replayed: true };
        throw new GraphError(
          400,
          'ErrorDuplicateTransactionId',
          'The TransactionId specified in the request has already been used to create a different event.',
        );
      }
    }
    const nowMs = this.nowMs();
    const owner = this.state.users.get(calendar.ownerUserId) ?? organizer;
    const fields = applyEventInput(defaultEventFields(owner, nowMs), body);
    const recurrence = body.recurrence ? validateRecurrence(body.recurrence) : null;
    const id = newItemId();
    const event: StoredEvent = {
      id,
      immutableId: id,
      calendarId: calendar.id,
      iCalUId: newICalUId(),
      transactionId,
      transactionBodyHash: transactionId === null ? null : bodyHash,
      createdMs: nowMs,
      lastModifiedMs: nowMs,
      changeKey: newChangeKey(),
      occurrenceChangeKey: newChangeKey(),
      isOrganizer: true,
      fields,
      recurrence,
      overrides: new Map(),
      organizerEventId: null,
    };
    this.store(event);
    if (transactionId !== null) this.state.transactions.set(transactionKey, id);
    this.notify({
      userId: calendar.ownerUserId,
      calendarId: calendar.id,
      eventId: id,
      changeType: 'created',
    });
    this.syncAttendeeCopies(event);
    return { event, replayed: false };
  }

  /** `PATCH …/events/{id}`; an occurrence becomes an exception. */
  update(view: EventView, body: Record<string, unknown>, ifMatch: string | undefined): EventView {
    requireMatch(view, ifMatch);
    const { event } = view;
    const nowMs = this.nowMs();
    if (typeof body.transactionId === 'string' && body.transactionId !== event.transactionId) {
      throw new GraphError(
        400,
        'ErrorInvalidRequest',
        'The transactionId of an event cannot be changed.',
      );
    }
    if (view.originalStartMs !== null) {
      const fields = applyEventInput(view.fields, body);
      event.overrides.set(view.originalStartMs, {
        cancelled: false,
        fields,
        changeKey: newChangeKey(),
        lastModifiedMs: nowMs,
      });
      this.touched(event, 'updated');
      return occurrenceView(event, view.originalStartMs) ?? view;
    }
    event.fields = applyEventInput(event.fields, body);
    if ('recurrence' in body) {
      event.recurrence = body.recurrence === null ? null : validateRecurrence(body.recurrence);
      event.overrides.clear();
    }
    event.occurrenceChangeKey = newChangeKey();
    this.touched(event, 'updated');
    return storedView(event);
  }

  /** `DELETE …/events/{id}`; deleting an occurrence cancels just that occurrence. */
  delete(view: EventView, ifMatch: string | undefined): void {
    requireMatch(view, ifMatch);
    const { event } = view;
    if (view.originalStartMs !== null) {
      event.overrides.set(view.originalStartMs, {
        cancelled: true,
        fields: view.fields,
        changeKey: newChangeKey(),
        lastModifiedMs: this.nowMs(),
      });
      this.touched(event, 'updated');
      return;
    }
    this.state.events.delete(event.id);
    this.state.eventIdByImmutableId.delete(event.immutableId);
    const owner = this.ownerOf(event);
    this.notify({
      userId: owner,
      calendarId: event.calendarId,
      eventId: event.id,
      changeType: 'deleted',
    });
    if (event.isOrganizer) {
      for (const copy of this.copiesOf(event)) {
        copy.fields = {
          ...copy.fields,
          isCancelled: true,
          subject: `Canceled: ${event.fields.subject}`,
        };
        this.touched(copy, 'updated');
      }
    }
  }

  /** `POST …/accept|tentativelyAccept|decline` by an attendee on their copy. */
  reply(caller: StoredUser, view: EventView, reply: AttendeeReply): void {
    const { event } = view;
    if (event.isOrganizer) {
      throw new GraphError(
        400,
        'ErrorInvalidRequest',
        "Your request can't be completed. You can't respond to this meeting because you're the meeting organizer.",
      );
    }
    const response = REPLY_RESPONSE[reply];
    const time = new Date(this.nowMs()).toISOString();
    event.fields = {
      ...event.fields,
      responseStatus: { response, time },
      showAs: SHOW_AS_FOR_RESPONSE[response] ?? event.fields.showAs,
    };
    this.touched(event, 'updated');
    const organizerEvent = this.state.events.get(event.organizerEventId ?? '');
    if (!organizerEvent) return;
    const address = caller.email.toLowerCase();
    organizerEvent.fields = {
      ...organizerEvent.fields,
      attendees: organizerEvent.fields.attendees.map((attendee) =>
        attendee.emailAddress.address.toLowerCase() === address
          ? { ...attendee, status: { response, time } }
          : attendee,
      ),
    };
    this.touched(organizerEvent, 'updated');
  }

  /** `POST …/cancel` by the organizer: removes the meeting and cancels attendees' copies. */
  cancel(view: EventView): void {
    if (!view.event.isOrganizer) {
      throw new GraphError(400, 'ErrorInvalidRequest', 'Only the organizer can cancel a meeting.');
    }
    this.delete(view, undefined);
  }

  /** Re-reads an event by id after a write. */
  find(id: string): EventView {
    const view = findView(this.state, id);
    if (!view) throw itemNotFound();
    return view;
  }

  private store(event: StoredEvent): void {
    this.state.events.set(event.id, event);
    this.state.eventIdByImmutableId.set(event.immutableId, event.id);
  }

  private ownerOf(event: StoredEvent): string {
    return this.state.calendars.get(event.calendarId)?.ownerUserId ?? '';
  }

  /** A change anywhere in a series also moves the master's changeKey, so its `@odata.etag` changes. */
  private touched(event: StoredEvent, changeType: EventChange['changeType']): void {
    event.changeKey = newChangeKey();
    event.lastModifiedMs = this.nowMs();
    this.notify({
      userId: this.ownerOf(event),
      calendarId: event.calendarId,
      eventId: event.id,
      changeType,
    });
    if (event.isOrganizer) this.syncAttendeeCopies(event);
  }

  private copiesOf(event: StoredEvent): StoredEvent[] {
    return [...this.state.events.values()].filter(
      (candidate) => candidate.organizerEventId === event.id,
    );
  }

  /** Mirrors the organizer's meeting into the default calendar of every attendee who has a sandbox mailbox. */
  private syncAttendeeCopies(organizerEvent: StoredEvent): void {
    const organizerUserId = this.ownerOf(organizerEvent);
    const existing = new Map(
      this.copiesOf(organizerEvent).map((copy) => [this.ownerOf(copy), copy]),
    );
    const nowMs = this.nowMs();
    for (const attendee of organizerEvent.fields.attendees) {
      const user = this.state.findUser(attendee.emailAddress.address);
      if (!user || user.id === organizerUserId) continue;
      const calendar = this.state.defaultCalendar(user.id);
      if (!calendar) continue;
      const copy = existing.get(user.id);
      existing.delete(user.id);
      const responseStatus: ResponseStatus =
        attendee.status.response !== 'none'
          ? attendee.status
          : (copy?.fields.responseStatus ?? {
              response: 'notResponded',
              time: UNSET_RESPONSE_TIME,
            });
      const fields: EventFields = {
        ...structuredClone(organizerEvent.fields),
        responseStatus,
        showAs: SHOW_AS_FOR_RESPONSE[responseStatus.response] ?? 'tentative',
        categories: copy?.fields.categories ?? [],
      };
      const seriesChanged =
        !copy ||
        hashJSON([copy.fields, copy.recurrence]) !== hashJSON([fields, organizerEvent.recurrence]);
      const overridesChanged =
        !copy || hashJSON([...copy.overrides]) !== hashJSON([...organizerEvent.overrides]);
      if (!seriesChanged && !overridesChanged) continue;
      const target: StoredEvent = copy ?? {
        id: newItemId(),
        immutableId: '',
        calendarId: calendar.id,
        iCalUId: organizerEvent.iCalUId,
        transactionId: null,
        transactionBodyHash: null,
        createdMs: nowMs,
        lastModifiedMs: nowMs,
        changeKey: newChangeKey(),
        occurrenceChangeKey: newChangeKey(),
        isOrganizer: false,
        fields,
        recurrence: null,
        overrides: new Map(),
        organizerEventId: organizerEvent.id,
      };
      if (!copy) target.immutableId = target.id;
      target.fields = fields;
      target.recurrence = structuredClone(organizerEvent.recurrence);
      target.overrides = structuredClone(organizerEvent.overrides);
      target.changeKey = newChangeKey();
      if (seriesChanged) target.occurrenceChangeKey = newChangeKey();
      target.lastModifiedMs = nowMs;
      this.store(target);
      this.notify({
        userId: user.id,
        calendarId: calendar.id,
        eventId: target.id,
        changeType: copy ? 'updated' : 'created',
      });
    }
    for (const removed of existing.values()) {
      if (removed.fields.isCancelled) continue;
      removed.fields = { ...removed.fields, isCancelled: true };
      removed.changeKey = newChangeKey();
      removed.lastModifiedMs = nowMs;
      this.notify({
        userId: this.ownerOf(removed),
        calendarId: removed.calendarId,
        eventId: removed.id,
        changeType: 'updated',
      });
    }
  }
}

/** `If-Match` must carry the current `@odata.etag` (or the bare changeKey); otherwise 412. */
function requireMatch(view: EventView, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch === '*') return;
  const given = ifMatch.replace(/^W\//, '').replace(/^"|"$/g, '');
  if (given !== view.changeKey) {
    throw new GraphError(
      412,
      'PreconditionFailed',
      'The Change Key passed in the request does not match the current Change Key for the item.',
    );
  }
}
