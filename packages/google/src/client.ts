import type { AdapterContext } from '@calsync/core';
import { auth, calendar_v3 } from '@googleapis/calendar';
import type { MethodOptions } from '@googleapis/calendar';
import { translateGoogleError } from './errors.js';
import type { Pacer } from './pacer.js';

/** The parts of the calendar client the adapter uses. */
export type CalendarApi = calendar_v3.Calendar;

/**
 * The official Calendar client plus the per-call options every request needs:
 * - `rootUrl` on each call, because a client-wide `rootUrl` drops a path prefix such as
 *   `/sandbox/google/` (TOOLCHAIN.md §6);
 * - `retry: false`, because the server's retry matrix decides about retries, not gaxios (which
 *   would retry some methods and not others, and never a 403 rate limit);
 * - the injected `fetch`, so tests and the server see every request;
 * - the access token from `AdapterContext.getAccessToken()`, set on an OAuth2 client right
 *   before the call (the context refreshes it when needed).
 */
export class GoogleCalendarClient {
  readonly api: CalendarApi;
  private readonly oauth = new auth.OAuth2();

  constructor(
    private readonly ctx: AdapterContext,
    private readonly rootUrl: string,
    private readonly pacer: Pacer | null,
  ) {
    this.api = new calendar_v3.Calendar({ auth: this.oauth });
  }

  /**
   * Runs one API call with the options above; failures become core errors.
   *
   * @example
   * const list = await client.call((api, options) => api.calendarList.list({}, options));
   */
  async call<T>(
    run: (api: CalendarApi, options: MethodOptions) => Promise<{ data: T; status: number }>,
    extra: Pick<MethodOptions, 'headers'> = {},
  ): Promise<T> {
    if (this.pacer !== null) await this.pacer.take();
    const accessToken = await this.ctx.getAccessToken();
    this.oauth.setCredentials({ access_token: accessToken });
    const options: MethodOptions = {
      ...extra,
      rootUrl: this.rootUrl,
      retry: false,
      fetchImplementation: this.ctx.fetch,
    };
    try {
      const response = await run(this.api, options);
      return response.data;
    } catch (error) {
      return translateGoogleError(error, this.ctx.now().getTime());
    }
  }
}
