import type { Transport } from '../http/transport.js';
import type { Change, CreateWebhookEndpoint, Paths } from '../generated/api.js';
import type { CamelCase } from '../wire/case.js';
import type { RequestOptions } from './common.js';

/**
 * The kinds of change: `appointment.created | appointment.updated | appointment.deleted |
 * integration.updated | conflict.created | conflict.resolved | sync.failed |
 * video_meeting.failed | approval.expired`.
 */
export type ChangeType = NonNullable<CreateWebhookEndpoint['event_types']>[number];

type ConnectionStatus =
  Paths['/calendar-integrations/{id}']['get']['responses'][200]['sync_status'];

/**
 * `data` of each change type, on the wire. The document types `data` only as an object; these
 * are the fields the server writes (API.md, "Change feed").
 */
interface ChangeData {
  'appointment.created': { id: string; host_ref: string | null; version: number };
  'appointment.updated': { id: string; host_ref: string | null; version: number };
  'appointment.deleted': { id: string; host_ref: string | null; version: number };
  'integration.updated': { id: string; sync_status: ConnectionStatus };
  'conflict.created': { id: string; integration_id: string; appointment_id: string };
  'conflict.resolved': { id: string; integration_id: string; resolution: string };
  'sync.failed': { integration_id: string; attempt_id: string; operation: string };
  'video_meeting.failed': { appointment_id: string };
  'approval.expired': { id: string; integration_id: string; appointment_id: string | null };
}

/**
 * One change of the feed, as `changes.list` and `stream.subscribe` deliver it; `type` narrows
 * `data`.
 *
 * @example
 * if (event.type === 'integration.updated') setStatus(event.data.id, event.data.syncStatus);
 */
export type ChangeEvent = {
  [Type in ChangeType]: CamelCase<
    Omit<Change, 'type' | 'data'> & { type: Type; data: ChangeData[Type] }
  >;
}[ChangeType];

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
