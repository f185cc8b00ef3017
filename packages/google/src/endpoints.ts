/**
 * Facts about Google as data: where the APIs live, which scopes Calsync asks for, and the
 * numbers the adapter plans with. Everything that differs between real Google and the sandbox
 * is an endpoint here, never a branch in code.
 */

/** Root of Google's REST APIs; the Calendar client appends `calendar/v3/...`. */
export const GOOGLE_API_ROOT_URL = 'https://www.googleapis.com/';

/** Google's OAuth 2.0 endpoints (authorization code flow with PKCE). */
export interface GoogleOAuthEndpoints {
  readonly authorization: string;
  readonly token: string;
  readonly revocation: string;
  readonly userinfo: string;
}

/** The real Google endpoints. */
export const GOOGLE_OAUTH_ENDPOINTS: GoogleOAuthEndpoints = {
  authorization: 'https://accounts.google.com/o/oauth2/v2/auth',
  token: 'https://oauth2.googleapis.com/token',
  revocation: 'https://oauth2.googleapis.com/revoke',
  userinfo: 'https://www.googleapis.com/oauth2/v3/userinfo',
};

/**
 * The endpoints of a Google emulator mounted at `providerBaseUrl` (for the Calsync sandbox:
 * `http://host:port/sandbox/google`).
 *
 * @example
 * const endpoints = googleEndpointsAt('http://127.0.0.1:8787/sandbox/google');
 * endpoints.oauth.token // 'http://127.0.0.1:8787/sandbox/google/oauth2/token'
 */
export function googleEndpointsAt(providerBaseUrl: string): {
  readonly apiRootUrl: string;
  readonly oauth: GoogleOAuthEndpoints;
} {
  const base = providerBaseUrl.replace(/\/+$/, '');
  return {
    apiRootUrl: `${base}/`,
    oauth: {
      authorization: `${base}/oauth2/v2/auth`,
      token: `${base}/oauth2/token`,
      revocation: `${base}/oauth2/revoke`,
      userinfo: `${base}/oauth2/v3/userinfo`,
    },
  };
}

const SCOPE_ROOT = 'https://www.googleapis.com/auth/';

/**
 * The scopes Calsync requests, each for the smallest set of methods that needs it (scope lists
 * per method from the discovery document bundled with `@googleapis/calendar` 20.0.1):
 * - `calendar.events`: events list/get/insert/patch/delete/instances/watch and `channels.stop`
 *   on every calendar the user can write to;
 * - `calendar.calendarlist.readonly`: `calendarList.list`, i.e. which calendars exist and the
 *   user's role on each, without the ACL and settings that `calendar.readonly` also exposes;
 * - `calendar.events.freebusy`: `freebusy.query` (neither scope above covers it);
 * - `openid email`: the account's address from the userinfo endpoint.
 * `calendar.readonly` would replace the second and third in one scope, at the price of reading
 * calendar metadata, ACLs and settings Calsync never uses.
 */
export const GOOGLE_SCOPES = [
  'openid',
  'email',
  `${SCOPE_ROOT}calendar.events`,
  `${SCOPE_ROOT}calendar.calendarlist.readonly`,
  `${SCOPE_ROOT}calendar.events.freebusy`,
] as const;

/** The calendar scopes without which the adapter cannot work (checked after the exchange). */
export const REQUIRED_GOOGLE_SCOPES: readonly string[] = GOOGLE_SCOPES.filter((scope) =>
  scope.startsWith(SCOPE_ROOT),
);

/** Numbers the adapter plans with (Google's documented limits). */
export const GOOGLE_LIMITS = {
  /** events.list page size: default 250, hard maximum 2,500. */
  defaultPageSize: 250,
  maxPageSize: 2500,
  /** calendarList.list page size maximum. */
  calendarListPageSize: 250,
  /** freebusy.query: at most 50 calendars per call. */
  freeBusyMaxCalendars: 50,
  /** freebusy.query: longer spans are refused ("time range is too long", about 90 days). */
  freeBusyMaxRangeDays: 60,
  /** Reminder overrides per event. */
  maxReminderOverrides: 5,
  maxReminderMinutes: 40_320,
  /** Per-user quota: 600 requests per minute per project (sliding window). */
  perUserRequestsPerMinute: 600,
} as const;

/** The private extended property carrying the appointment id, so echoes are recognised. */
export const APPOINTMENT_ID_PROPERTY = 'calsyncAppointmentId';
/** Private extended properties for a non-Meet meeting link (Google cannot attach it natively). */
export const MEETING_URL_PROPERTY = 'calsyncMeetingUrl';
export const MEETING_PROVIDER_PROPERTY = 'calsyncMeetingProvider';
export const MEETING_ID_PROPERTY = 'calsyncMeetingId';
