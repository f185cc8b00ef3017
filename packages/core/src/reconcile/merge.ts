import type { Attendee, ContentField, EventContent } from '../model/event.js';
import { CONTENT_FIELDS } from '../model/event.js';
import { valuesEqual } from './equality.js';

/** Which side a field's value came from after a merge. */
export type Side = 'internal' | 'external';

/** Result of a three-way merge over normalised contents. */
export interface MergeResult {
  readonly merged: EventContent;
  /** Fields both sides changed to different values. */
  readonly conflicts: readonly ContentField[];
  readonly changedInternally: readonly ContentField[];
  readonly changedExternally: readonly ContentField[];
}

/**
 * Three-way merge, field by field (attendees merged per email). Where both sides changed a field
 * differently, `winner` picks the side. Fields in `internalOnly` always keep the internal value
 * (privacy-masked fields, whose remote value is a placeholder).
 *
 * @example
 * threeWayMerge(base, internal, external, 'internal', []).conflicts // ['title']
 */
export function threeWayMerge(
  base: EventContent,
  internal: EventContent,
  external: EventContent,
  winner: Side,
  internalOnly: readonly ContentField[],
): MergeResult {
  const conflicts: ContentField[] = [];
  const changedInternally: ContentField[] = [];
  const changedExternally: ContentField[] = [];
  const merged: Record<string, unknown> = {};
  for (const field of CONTENT_FIELDS) {
    if (internalOnly.includes(field)) {
      merged[field] = internal[field];
      continue;
    }
    const internalChanged = !valuesEqual(internal[field], base[field]);
    const externalChanged = !valuesEqual(external[field], base[field]);
    if (internalChanged) changedInternally.push(field);
    if (externalChanged) changedExternally.push(field);
    if (field === 'attendees') {
      const result = mergeAttendees(base.attendees, internal.attendees, external.attendees, winner);
      merged[field] = result.attendees;
      if (result.conflict) conflicts.push(field);
      continue;
    }
    const pick = mergeValue(base[field], internal[field], external[field], winner);
    merged[field] = pick.value;
    if (pick.conflict) conflicts.push(field);
  }
  return {
    merged: merged as unknown as EventContent,
    conflicts,
    changedInternally,
    changedExternally,
  };
}

function mergeValue<T>(
  base: T,
  internal: T,
  external: T,
  winner: Side,
): { value: T; conflict: boolean } {
  if (valuesEqual(internal, external)) return { value: internal, conflict: false };
  if (valuesEqual(internal, base)) return { value: external, conflict: false };
  if (valuesEqual(external, base)) return { value: internal, conflict: false };
  return { value: winner === 'internal' ? internal : external, conflict: true };
}

/** Attendees are merged per lower-cased email, so one side's RSVP and the other's new guest both survive. */
function mergeAttendees(
  base: readonly Attendee[],
  internal: readonly Attendee[],
  external: readonly Attendee[],
  winner: Side,
): { attendees: Attendee[]; conflict: boolean } {
  const index = (list: readonly Attendee[]): Map<string, Attendee> =>
    new Map(list.map((a) => [a.email, a]));
  const baseBy = index(base);
  const internalBy = index(internal);
  const externalBy = index(external);
  const emails = [
    ...new Set([...baseBy.keys(), ...internalBy.keys(), ...externalBy.keys()]),
  ].sort();
  const attendees: Attendee[] = [];
  let conflict = false;
  for (const email of emails) {
    const pick = mergeValue(
      baseBy.get(email),
      internalBy.get(email),
      externalBy.get(email),
      winner,
    );
    if (pick.conflict) conflict = true;
    if (pick.value) attendees.push(pick.value);
  }
  return { attendees, conflict };
}
