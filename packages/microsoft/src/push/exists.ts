import { NotFoundError, type EventExistsRequest } from '@calsync/core';
import type { GraphApi } from '../graph/client.js';
import { eventPath } from '../graph/paths.js';
import type { GraphEvent } from '../mapping/graph-types.js';
import { masterOfCancelledSlot } from '../mapping/slot-id.js';

/**
 * A GET of the event: it exists unless Graph answers 404 or marks it cancelled. A cancelled
 * slot of a series (`{master}#{start}`, see create.ts) exists only as long as nothing brought
 * the occurrence back, which Calsync never does: it is gone.
 */
export async function eventExists(graph: GraphApi, request: EventExistsRequest): Promise<boolean> {
  if (masterOfCancelledSlot(request.externalId)) return false;
  try {
    const event = await graph.get<GraphEvent>(
      `${eventPath(request.calendarId, request.externalId)}?$select=id,isCancelled`,
      { action: 'read event' },
    );
    return event.isCancelled !== true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}
