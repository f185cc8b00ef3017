import type { EventLink } from '../model/link.js';
import type { WriteResult } from '../provider/contract.js';
import { normalizeContent } from './equality.js';

/**
 * The link after a successful create or update: the provider's stored copy becomes the base
 * snapshot (so the webhook echo of this write reconciles to `noop_in_sync`), with its etag and
 * modification time. A conflict stays marked until it is resolved.
 *
 * @example
 * const written = await adapter.updateEvent({ calendarId, externalId, etag: link.etag, content: result.pushContent! });
 * await store.saveLink(linkAfterPush(link, written));
 */
export function linkAfterPush(link: EventLink, written: WriteResult): EventLink {
  return {
    ...link,
    externalEventId: written.event.externalId,
    iCalUID: written.event.iCalUID ?? link.iCalUID,
    etag: written.event.etag,
    base: normalizeContent(written.event.content),
    remoteUpdatedAt: written.event.updatedAt,
    state: link.state === 'conflict' ? 'conflict' : 'synced',
  };
}
