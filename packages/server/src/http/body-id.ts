import { ApiError } from './errors.js';

/**
 * Refuses (400) an update body whose `id` — read-only, accepted so a `GET` body can be sent
 * back — names another resource than the path.
 *
 * @example
 * refuseOtherId(body.id, c.req.valid('param').id);
 */
export function refuseOtherId(bodyId: string | undefined, pathId: string): void {
  if (bodyId !== undefined && bodyId.toLowerCase() !== pathId.toLowerCase()) {
    throw new ApiError(400, 'invalid_request', 'body.id: does not match the id in the path');
  }
}
