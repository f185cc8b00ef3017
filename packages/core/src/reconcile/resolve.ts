import type { ContentField, EventContent } from '../model/event.js';
import { CONTENT_FIELDS } from '../model/event.js';
import type { Side } from './merge.js';
import type { ConflictRecord } from './types.js';

/** A user's manual choice for a conflict. */
export type ConflictChoice =
  | { readonly kind: 'keep_internal' }
  | { readonly kind: 'keep_external' }
  /** Per field; fields not listed keep the auto-resolved side. */
  | { readonly kind: 'merge'; readonly fields: Partial<Readonly<Record<ContentField, Side>>> }
  /** Keep internal on this appointment and create a second appointment with the external version. */
  | { readonly kind: 'create_duplicate' };

/** What the server applies for a manual resolution; the result syncs to every linked calendar. */
export interface ConflictResolution {
  /** The appointment's new content, or `null` when it stays deleted. */
  readonly content: EventContent | null;
  /** Content of a new appointment to create (only for `create_duplicate`). */
  readonly duplicate: EventContent | null;
  /** Push `content` to the conflicting calendar (and every other linked one). */
  readonly pushToAll: boolean;
}

/**
 * Computes the content a manual resolution leads to.
 *
 * @example
 * resolveConflict(conflict, { kind: 'merge', fields: { title: 'external', time: 'internal' } })
 */
export function resolveConflict(
  conflict: ConflictRecord,
  choice: ConflictChoice,
): ConflictResolution {
  const { internal, external } = conflict;
  switch (choice.kind) {
    case 'keep_internal':
      return { content: internal, duplicate: null, pushToAll: internal !== null };
    case 'keep_external':
      return { content: external, duplicate: null, pushToAll: true };
    case 'create_duplicate':
      return { content: internal, duplicate: external, pushToAll: true };
    case 'merge': {
      if (!internal || !external)
        return { content: internal ?? external, duplicate: null, pushToAll: true };
      const merged: Record<string, unknown> = {};
      for (const field of CONTENT_FIELDS) {
        const side = choice.fields[field] ?? autoSide(conflict, field);
        merged[field] = side === 'internal' ? internal[field] : external[field];
      }
      return { content: merged as unknown as EventContent, duplicate: null, pushToAll: true };
    }
  }
}

/** For a field the user did not pick: the side the auto-resolution took for conflicting fields, else internal. */
function autoSide(conflict: ConflictRecord, field: ContentField): Side {
  return conflict.fields.includes(field) ? conflict.autoResolution : 'internal';
}

/** A connection with more unresolved conflicts than this is paused. */
export const MAX_UNRESOLVED_CONFLICTS = 50;

/**
 * The pause rule: more than 50 unresolved conflicts on one connection pauses it and asks the user.
 *
 * @example
 * shouldPauseForConflicts(51) // true
 */
export function shouldPauseForConflicts(
  unresolvedConflictCount: number,
  limit: number = MAX_UNRESOLVED_CONFLICTS,
): boolean {
  return unresolvedConflictCount > limit;
}
