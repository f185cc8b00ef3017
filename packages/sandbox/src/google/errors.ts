/** One entry of Google's `error.errors[]`. */
export interface GoogleErrorItem {
  domain: string;
  reason: string;
  message: string;
  locationType?: string;
  location?: string;
}

/** An error the Calendar API answers, in Google's envelope. */
export class GoogleApiError extends Error {
  override readonly name = 'GoogleApiError';
  readonly domain: string;
  readonly location: { type: string; name: string } | undefined;

  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    options: {
      domain?: string;
      location?: string;
      locationType?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.domain = options.domain ?? 'global';
    this.location =
      options.location === undefined
        ? undefined
        : { type: options.locationType ?? 'parameter', name: options.location };
    this.headers = options.headers ?? {};
  }

  readonly headers: Record<string, string>;

  /** The JSON body Google sends. */
  toBody(): { error: { errors: GoogleErrorItem[]; code: number; message: string } } {
    const item: GoogleErrorItem = {
      domain: this.domain,
      reason: this.reason,
      message: this.message,
    };
    if (this.location !== undefined) {
      item.locationType = this.location.type;
      item.location = this.location.name;
    }
    return { error: { errors: [item], code: this.status, message: this.message } };
  }
}

/** 400 `invalid` on a parameter or field. */
export function invalidParameter(name: string, message: string): GoogleApiError {
  return new GoogleApiError(400, 'invalid', message, { location: name });
}

/** 404 `notFound`. */
export function notFound(): GoogleApiError {
  return new GoogleApiError(404, 'notFound', 'Not Found');
}

/** 410 `fullSyncRequired`, word for word. */
export function fullSyncRequired(): GoogleApiError {
  return new GoogleApiError(
    410,
    'fullSyncRequired',
    'Sync token is no longer valid, a full sync is required.',
    {
      domain: 'calendar',
      location: 'syncToken',
      locationType: 'parameter',
    },
  );
}

/** 401 as Google answers a missing, unknown or expired access token. */
export function authError(): GoogleApiError {
  return new GoogleApiError(
    401,
    'authError',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    {
      location: 'Authorization',
      locationType: 'header',
      headers: { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/"' },
    },
  );
}
