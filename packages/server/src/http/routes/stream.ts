import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { ServerContext } from '../../context.js';
import { isSessionLive } from '../../store/sessions.js';
import { changeHubFor } from '../../webhooks/change-hub.js';
import { readFeed, settledHorizon, type HorizonOptions } from '../../webhooks/feed.js';
import { visibleUserId } from '../auth.js';
import { ApiError } from '../errors.js';
import { createRouter } from '../router.js';
import { errorResponses } from '../schemas/common.js';
import { SeqQuery } from '../schemas/feed.js';

/** Tuning of the stream (tests shorten the heartbeat). */
export interface StreamOptions {
  /** A comment line is sent after this long without changes; default 15 000. */
  heartbeatMs?: number;
  /** Changes read per query; default 500. */
  batchSize?: number;
  horizon?: HorizonOptions;
}

/** How long a browser waits before reconnecting, sent as the stream's `retry:`. */
const RECONNECT_MS = 3000;

const streamRoute = createRoute({
  method: 'get',
  path: '/stream',
  summary: 'The change feed as server-sent events',
  description:
    'Each event has the change as JSON in `data` and its `seq` as `id`. Resumes after ' +
    '`Last-Event-ID` (what browsers send on reconnect) or `?after`; with neither it starts at ' +
    'the current end of the feed. Comment lines keep idle connections open. A session token ' +
    "sees only its user's changes, and its stream ends when the token expires or is revoked.",
  request: {
    query: z.object({ after: SeqQuery.optional() }),
    headers: z.object({
      'last-event-id': z
        .string()
        .regex(/^\d{1,15}$/, 'must be a seq this stream sent')
        .optional(),
    }),
  },
  responses: {
    200: {
      description: 'An endless event stream',
      content: { 'text/event-stream': { schema: z.string() } },
    },
    ...errorResponses,
  },
});

/** `GET /stream`: live changes for the elements and host backends. */
export function streamRoutes(ctx: ServerContext, options: StreamOptions = {}) {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const batchSize = options.batchSize ?? 500;
  return createRouter().openapi(streamRoute, async (c) => {
    const auth = c.get('auth');
    const lastEventId = c.req.valid('header')['last-event-id'];
    const start =
      lastEventId !== undefined
        ? Number(lastEventId)
        : (c.req.valid('query').after ?? (await settledHorizon(ctx.sql, options.horizon)));
    if (start === null) {
      throw new ApiError(503, 'unavailable', 'The feed is busy; reconnect in a moment.');
    }
    const subscription = await changeHubFor(ctx.sql).subscribe(auth.tenantId);
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => subscription.close());
      let cursor = start;
      try {
        await stream.write(`retry: ${RECONNECT_MS}\n\n`);
        while (!subscription.closed && !stream.aborted) {
          const changes = await readFeed(
            ctx.sql,
            {
              tenantId: auth.tenantId,
              userId: visibleUserId(auth),
              afterSeq: cursor,
              limit: batchSize,
            },
            options.horizon,
          );
          for (const change of changes) {
            await stream.writeSSE({ id: String(change.seq), data: JSON.stringify(change) });
            cursor = change.seq;
          }
          if (changes.length === batchSize) continue;
          if ((await subscription.wait(heartbeatMs)) !== 'timeout') continue;
          // A stream outlives the request that authenticated it: a session's stream ends at the
          // first heartbeat after its token expires or is revoked (the reconnect then gets 401).
          const live =
            auth.kind !== 'session' || (await isSessionLive(ctx.sql, auth.sessionId, ctx.now()));
          if (!live) break;
          await stream.write(': heartbeat\n\n');
        }
      } catch (error) {
        ctx.logger.error({ err: error }, 'change stream failed');
      } finally {
        subscription.close();
      }
    });
  });
}
