import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Graph error codes the emulator answers with. */
export type GraphErrorCode =
  | 'ErrorItemNotFound'
  | 'ErrorInvalidIdMalformed'
  | 'ErrorAccessDenied'
  | 'InvalidAuthenticationToken'
  | 'ErrorInvalidRequest'
  | 'ErrorInvalidUrlQuery'
  | 'ErrorInvalidParameter'
  | 'ErrorDuplicateTransactionId'
  | 'ErrorIrresistibleConflict'
  | 'PreconditionFailed'
  | 'SyncStateNotFound'
  | 'ErrorTimeIntervalTooBig'
  | 'TimeZoneNotSupportedException'
  | 'TooManyRequests'
  | 'ValidationError'
  | 'InvalidRequest'
  | 'ExtensionError'
  | 'BadRequest'
  | 'ResourceNotFound'
  | 'InternalServerError';

/** A Graph failure with its HTTP status; turned into `{error:{code,message,innerError}}` by {@link graphErrorResponse}. */
export class GraphError extends Error {
  override readonly name = 'GraphError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: GraphErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Shortcut for the 404 every unknown id gets. */
export function itemNotFound(): GraphError {
  return new GraphError(
    404,
    'ErrorItemNotFound',
    'The specified object was not found in the store.',
  );
}

/** Renders a {@link GraphError} in Graph's envelope. */
export function graphErrorResponse(c: Context, error: GraphError, now: Date): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  const requestId = c.req.header('request-id') ?? crypto.randomUUID();
  return c.json(
    {
      error: {
        code: error.code,
        message: error.message,
        innerError: {
          ...(error.status === 429 ? { code: '429' } : {}),
          date: now.toISOString().replace(/\.\d{3}Z$/, ''),
          'request-id': requestId,
          'client-request-id': c.req.header('client-request-id') ?? requestId,
        },
      },
    },
    error.status,
  );
}
