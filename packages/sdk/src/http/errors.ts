/**
 * Every error `code` the API answers with, plus the SDK's own: `network_error` (no response:
 * offline, DNS, CORS, connection reset), `invalid_response` (a response that is not the API's
 * JSON) and `invalid_token` (`getToken` returned something that is not a token). The union
 * stays open so a newer server's codes still type-check.
 */
export type CalsyncErrorCode =
  | 'invalid_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'host_ref_in_use'
  | 'recurrence_limit_exceeded'
  | 'appointment_cancelled'
  | 'integration_disconnected'
  | 'integration_not_syncing'
  | 'conflict_not_open'
  | 'approval_not_pending'
  | 'not_reprocessable'
  | 'provider_not_configured'
  | 'invalid_state'
  | 'redirect_uri_not_allowed'
  | 'invalid_grant'
  | 'caldav_auth_failed'
  | 'sync_unavailable'
  | 'unavailable'
  | 'internal_error'
  | 'network_error'
  | 'invalid_response'
  | 'invalid_token'
  | (string & {});

/** What a {@link CalsyncError} is built from. */
export interface CalsyncErrorInit {
  code: CalsyncErrorCode;
  message: string;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  /** The response's `x-request-id`: quote it to support. */
  requestId: string | null;
  details?: unknown;
  /** Seconds the server asked to wait (`Retry-After`), when it did. */
  retryAfterSeconds?: number | null;
  cause?: unknown;
}

/**
 * The one error every client call rejects with: the API's error envelope, typed. Switch on
 * `code`; quote `requestId` to support.
 *
 * @example
 * try {
 *   await calsync.integrations.get(id);
 * } catch (error) {
 *   if (error instanceof CalsyncError && error.code === 'not_found') showGone();
 *   else throw error;
 * }
 */
export class CalsyncError extends Error {
  override readonly name = 'CalsyncError';
  readonly code: CalsyncErrorCode;
  readonly status: number;
  readonly requestId: string | null;
  readonly details: unknown;
  readonly retryAfterSeconds: number | null;

  constructor(init: CalsyncErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.details = init.details;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }
}
