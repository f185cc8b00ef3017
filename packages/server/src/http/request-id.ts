import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Variables the request-id middleware sets on the context. */
export interface RequestIdVariables {
  requestId: string;
}

/** Takes the caller's `x-request-id` when it is sane, else makes one; echoes it on the response. */
export function requestId(): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  return async (c, next) => {
    const given = c.req.header(REQUEST_ID_HEADER);
    const id = given && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', id);
    c.header(REQUEST_ID_HEADER, id);
    await next();
    c.header(REQUEST_ID_HEADER, id);
  };
}
