import type { SandboxProvider } from '../emulator.js';

/** An error answer already shaped the way one provider shapes its errors. */
export interface ShapedError {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const GOOGLE_REASONS: Record<number, string> = {
  400: 'badRequest',
  401: 'authError',
  403: 'rateLimitExceeded',
  404: 'notFound',
  409: 'conflict',
  410: 'deleted',
  412: 'conditionNotMet',
  429: 'rateLimitExceeded',
  500: 'backendError',
  502: 'backendError',
  503: 'backendError',
  504: 'backendError',
};

const GRAPH_CODES: Record<number, string> = {
  400: 'BadRequest',
  401: 'InvalidAuthenticationToken',
  403: 'ErrorAccessDenied',
  404: 'ErrorItemNotFound',
  409: 'ErrorIrresolvableConflict',
  410: 'SyncStateNotFound',
  412: 'ErrorIrresolvableConflict',
  429: 'ApplicationThrottled',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceNotAvailable',
  504: 'GatewayTimeout',
};

const ZOOM_MESSAGES: Record<number, string> = {
  429: 'You have reached the maximum per-second rate limit for this API. Try again later.',
};

/** Standard reason phrase for a status, used as the default message. */
export function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    410: 'Gone',
    412: 'Precondition Failed',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return texts[status] ?? `HTTP ${status}`;
}

/**
 * The error body a provider would send for `status`, used when a fault carries no body.
 * Google: `{error:{code,message,errors:[{reason,domain,message}]}}`; Graph: `{error:{code,message}}`;
 * Zoom: `{code,message}`; CalDAV: a DAV:error XML document.
 */
export function providerErrorFor(provider: SandboxProvider, status: number): ShapedError {
  const message = statusText(status);
  const json = (body: unknown): ShapedError => ({
    status,
    contentType: 'application/json; charset=UTF-8',
    body: JSON.stringify(body),
  });
  switch (provider) {
    case 'google': {
      const reason = GOOGLE_REASONS[status] ?? (status >= 500 ? 'backendError' : 'badRequest');
      const domain = reason === 'rateLimitExceeded' ? 'usageLimits' : 'global';
      return json({ error: { code: status, message, errors: [{ reason, domain, message }] } });
    }
    case 'microsoft':
      return json({ error: { code: GRAPH_CODES[status] ?? 'UnknownError', message } });
    case 'zoom':
      return json({ code: status, message: ZOOM_MESSAGES[status] ?? message });
    case 'caldav':
      return {
        status,
        contentType: 'application/xml; charset=utf-8',
        body: `<?xml version="1.0" encoding="utf-8"?>\n<d:error xmlns:d="DAV:"><d:message>${message}</d:message></d:error>`,
      };
  }
}
