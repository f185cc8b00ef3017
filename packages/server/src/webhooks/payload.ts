import type { FeedChange } from './feed.js';

/**
 * The body of a webhook: the Standard Webhooks `type`, `timestamp` and `data`, plus the feed's
 * `seq` and the host's `user_id`. The same bytes are sent on every retry.
 */
export function webhookBody(change: FeedChange): string {
  return JSON.stringify({
    type: change.type,
    timestamp: change.at,
    seq: change.seq,
    user_id: change.user_id,
    data: change.data,
  });
}

/** The `webhook-id` of a change: stable across retries and endpoints, so hosts can dedupe. */
export function webhookMessageId(seq: number): string {
  return `evt_${seq}`;
}
