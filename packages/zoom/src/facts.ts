/**
 * Facts about Zoom's Meetings API (PROTOCOLS.md §4), kept as data so that the code below reads
 * them instead of repeating them.
 */

/** Where the real Zoom lives; the sandbox replaces both with `…/sandbox/zoom` URLs. */
export const ZOOM_DEFAULT_URLS = {
  apiBaseUrl: 'https://api.zoom.us/v2',
  oauthTokenUrl: 'https://zoom.us/oauth/token',
} as const;

/** Paths below the API base URL. */
export const ZOOM_PATHS = {
  userMeetings: (userId: string): string => `/users/${encodeURIComponent(userId)}/meetings`,
  meeting: (meetingId: string): string => `/meetings/${encodeURIComponent(meetingId)}`,
} as const;

/** Zoom's meeting `type` for a one-off meeting at a fixed time. */
export const ZOOM_SCHEDULED_MEETING_TYPE = 2;

/** Scopes the server-to-server app needs (granular, then the classic equivalent). */
export const ZOOM_REQUIRED_SCOPES = {
  granular: [
    'meeting:write:meeting:admin',
    'meeting:read:meeting:admin',
    'meeting:update:meeting:admin',
    'meeting:delete:meeting:admin',
    'meeting:read:list_meetings:admin',
  ],
  classic: ['meeting:write:admin', 'meeting:read:admin'],
} as const;

/** Limits the request builder respects. */
export const ZOOM_LIMITS = {
  /** `topic` is cut to this many characters. */
  topicMaxChars: 200,
  /** `agenda` (description plus the appointment marker) is cut to this many characters. */
  agendaMaxChars: 2000,
  /** Passcodes: at most 10 of `[a-zA-Z0-9@-_*]`. */
  passcodeMaxChars: 10,
  passcodePattern: /^[a-zA-Z0-9@\-_*]{1,10}$/,
  /** Largest page of `GET /users/{id}/meetings`. */
  listPageSize: 300,
  /** Pages read when looking for a meeting left by a lost create (300 × 10 meetings). */
  listMaxPages: 10,
  /** Meeting create/update requests per user per UTC day. */
  dailyMeetingWritesPerUser: 100,
} as const;

/** A cached token is renewed this long before Zoom says it expires. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

/** Zoom's own error codes the provider looks at. */
export const ZOOM_ERROR_CODES = {
  validationFailed: 300,
  invalidToken: 124,
  meetingNotFound: 3001,
  userNotFound: 1001,
  rateLimited: 429,
} as const;
