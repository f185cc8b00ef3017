/**
 * Public API of @calsync/zoom: the video-meeting provider contract and its Zoom implementation
 * (server-to-server OAuth, meetings through REST). Every export is listed here.
 */
export type {
  VideoMeetingPlatform,
  RecordingMode,
  VideoMeetingSettings,
  VideoMeetingRequest,
  VideoMeeting,
  UpdateMeetingResult,
  VideoMeetingProvider,
} from './video-meeting.js';
export { DEFAULT_VIDEO_MEETING_SETTINGS } from './video-meeting.js';

export type { ZoomProvider, ZoomProviderOptions } from './provider.js';
export { createZoomProvider } from './provider.js';

export type { ZoomCredentials, ZoomTokenSource, ZoomTokenSourceOptions } from './token.js';
export { createZoomTokenSource } from './token.js';

export type { RandomSource } from './passcode.js';
export { generatePasscode, isValidZoomPasscode, PASSCODE_LENGTH_CHARS } from './passcode.js';

export { appointmentMarker, hasAppointmentMarker } from './marker.js';
export type { ZoomMeetingBody, ZoomMeetingSettingsBody } from './meeting-body.js';
export { zoomMeetingBody, zoomStartTime, durationMinutesOf } from './meeting-body.js';
export type { ZoomRecurrenceBody, ZoomRecurrencePlan } from './recurrence.js';
export { zoomRecurrenceOf, ZOOM_RECURRENCE_LIMITS } from './recurrence.js';
export { parseRetryAfterSeconds, toZoomError } from './errors.js';
export type { ZoomErrorBody, ZoomFailure } from './errors.js';

export {
  ZOOM_DEFAULT_URLS,
  ZOOM_LIMITS,
  ZOOM_REQUIRED_SCOPES,
  TOKEN_REFRESH_MARGIN_MS,
} from './facts.js';
