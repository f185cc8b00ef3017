import type { Transport } from '../http/transport.js';
import type { Change, Paths } from '../generated/api.js';
import type { CamelCase } from '../wire/case.js';
import type { RequestOptions } from './common.js';

/**
 * One change of the feed, as `changes.list` and `stream.subscribe` deliver it; `type` narrows
 * `data`.
 *
 * @example
 * if (event.type === 'integration.updated') setStatus(event.data.id, event.data.syncStatus);
 */
export type ChangeEvent = CamelCase<Change>;

/**
 * The kinds of change: `appointment.created | appointment.updated | appointment.deleted |
 * integration.updated | conflict.created | conflict.resolved | sync.failed |
 * video_meeting.failed | approval.expired`.
 */
export type ChangeType = ChangeEvent['type'];

/** `changes.list`: read after a `seq` (0: from the start), at most `limit` changes. */
export type ChangeListParams = CamelCase<Paths['/changes']['get']['query']>;

/** A page of the feed; pass `next` as `after` to read on. */
export interface ChangePage {
  changes: ChangeEvent[];
  /** The last `seq` returned, or `after` when there was none. */
  next: number;
}

/** `calsync.changes`: the ordered change feed, for polling hosts. */
export interface ChangesAPI {
  /**
   * Changes after a sequence number, oldest first.
   *
   * @example
   * let after = savedSeq;
   * const { changes, next } = await calsync.changes.list({ after });
   */
  list(params?: ChangeListParams, options?: RequestOptions): Promise<ChangePage>;
}

/**
 * Binds the changes namespace to a transport.
 *
 * @example
 * const changes = changesAPI(createTransport(options));
 */
export function changesAPI(transport: Transport): ChangesAPI {
  return {
    list: (query, options) =>
      transport.json({ method: 'GET', path: '/changes', query, ...options }),
  };
}
