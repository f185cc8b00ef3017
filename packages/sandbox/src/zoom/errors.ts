/** One field error inside a Zoom validation failure. */
export interface ZoomFieldError {
  field: string;
  message: string;
}

/** An error the Zoom API answers, as `{code, message, errors?}`. */
export class ZoomApiError extends Error {
  override readonly name = 'ZoomApiError';

  constructor(
    readonly status: number,
    /** Zoom's own error code (300 validation, 124 token, 3001 meeting missing, 1001 user missing, 429). */
    readonly code: number,
    message: string,
    readonly errors: ZoomFieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): { code: number; message: string; errors?: ZoomFieldError[] } {
    return this.errors.length > 0
      ? { code: this.code, message: this.message, errors: this.errors }
      : { code: this.code, message: this.message };
  }
}

/** 400 code 300 "Validation Failed." with the field errors. */
export function validationFailed(errors: ZoomFieldError[]): ZoomApiError {
  return new ZoomApiError(400, 300, 'Validation Failed.', errors);
}

/** 404 code 3001. */
export function meetingNotFound(meetingId: string): ZoomApiError {
  return new ZoomApiError(404, 3001, `Meeting does not exist: ${meetingId}.`);
}
