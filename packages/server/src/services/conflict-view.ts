import type { ConflictOutput } from '../http/schemas/integration.js';
import type { EventSnapshot } from '../http/schemas/event-snapshot.js';
import type { ConflictRow } from '../store/conflicts.js';

/**
 * A conflict in the API's shape.
 *
 * @example
 * return c.json(presentConflict(row), 200);
 */
export function presentConflict(r: ConflictRow): ConflictOutput {
  return {
    id: r.id,
    appointment_id: r.appointment_id,
    // The engine's content as stored; its read-only arrays are plain JSON arrays on the wire.
    internal_version: r.internal_version as EventSnapshot | null,
    external_version: r.external_version as EventSnapshot | null,
    base_version: r.base_version as EventSnapshot | null,
    fields: r.fields,
    conflict_reason: r.conflict_reason,
    auto_resolution: r.auto_resolution,
    resolution: r.resolution,
    status: r.status,
    detected_at: r.detected_at.toISOString(),
    resolved_at: r.resolved_at?.toISOString() ?? null,
  };
}
