import type { MeetingLink } from '@calsync/core';
import type { calendar_v3 } from '@googleapis/calendar';
import {
  MEETING_ID_PROPERTY,
  MEETING_PROVIDER_PROPERTY,
  MEETING_URL_PROPERTY,
} from '../endpoints.js';

type GoogleEvent = calendar_v3.Schema$Event;
type ConferenceData = calendar_v3.Schema$ConferenceData;

/**
 * Content meaning "create a Google Meet link for this event": a Meet meeting whose URL is not
 * known yet. The adapter sends a `conferenceData.createRequest`; while Google's creation is
 * `pending`, pulls return this same value, then the real link.
 */
export const GOOGLE_MEET_REQUEST: MeetingLink = {
  provider: 'google_meet',
  joinUrl: '',
  conferenceId: null,
};

const PROVIDER_BY_HOST: readonly [RegExp, MeetingLink['provider']][] = [
  [/(^|\.)meet\.google\.com$/i, 'google_meet'],
  [/(^|\.)zoom\.(us|com)$/i, 'zoom'],
  [/(^|\.)teams\.(microsoft|live)\.com$/i, 'teams'],
];

function providerOfUrl(url: string): MeetingLink['provider'] {
  const host = URL.canParse(url) ? new URL(url).hostname : '';
  return PROVIDER_BY_HOST.find(([pattern]) => pattern.test(host))?.[1] ?? 'other';
}

const PROVIDERS: readonly MeetingLink['provider'][] = ['zoom', 'google_meet', 'teams', 'other'];

/**
 * The meeting of a Google event, in this order: a video entry point of `conferenceData`
 * (Meet, or an add-on's), a Meet creation still pending, `hangoutLink`, and finally a non-Meet
 * link Calsync stored in private extended properties (Google attaches third-party conferences
 * only from an add-on, so Calsync writes those links to `location` and remembers them there).
 */
export function meetingFromGoogle(event: GoogleEvent): MeetingLink | null {
  const conference = event.conferenceData;
  const video = conference?.entryPoints?.find((e) => e.entryPointType === 'video' && e.uri);
  if (video?.uri) {
    const type = conference?.conferenceSolution?.key?.type;
    return {
      provider: type === 'hangoutsMeet' ? 'google_meet' : providerOfUrl(video.uri),
      joinUrl: video.uri,
      conferenceId: conference?.conferenceId ?? null,
    };
  }
  const request = conference?.createRequest;
  if (
    request?.status?.statusCode === 'pending' &&
    (request.conferenceSolutionKey?.type ?? 'hangoutsMeet') === 'hangoutsMeet'
  ) {
    return GOOGLE_MEET_REQUEST;
  }
  if (event.hangoutLink) {
    return { provider: 'google_meet', joinUrl: event.hangoutLink, conferenceId: null };
  }
  const stored = event.extendedProperties?.private ?? {};
  const url = stored[MEETING_URL_PROPERTY];
  if (url) {
    const provider = stored[MEETING_PROVIDER_PROPERTY] as MeetingLink['provider'] | undefined;
    return {
      provider: provider !== undefined && PROVIDERS.includes(provider) ? provider : 'other',
      joinUrl: url,
      conferenceId: stored[MEETING_ID_PROPERTY] ?? null,
    };
  }
  return null;
}

/** True when `location` only holds the meeting link Calsync put there. */
export function isStoredMeetingLocation(event: GoogleEvent): boolean {
  const url = event.extendedProperties?.private?.[MEETING_URL_PROPERTY];
  return url !== undefined && url !== '' && event.location === url;
}

/**
 * `conferenceData` for a meeting, with `conferenceDataVersion=1`:
 * - a Meet request → `createRequest` (`requestId` stable for retries of the same write);
 * - a known Meet link → the conference copied by id and entry point;
 * - no meeting or a non-Meet one → `null` (removes a conference; the non-Meet link goes to
 *   `location` and private properties instead).
 */
export function conferenceDataFor(
  meeting: MeetingLink | null,
  meetRequestId: string,
): ConferenceData | null {
  if (meeting?.provider !== 'google_meet') return null;
  if (meeting.joinUrl === '') {
    return {
      createRequest: { requestId: meetRequestId, conferenceSolutionKey: { type: 'hangoutsMeet' } },
    };
  }
  return {
    ...(meeting.conferenceId === null ? {} : { conferenceId: meeting.conferenceId }),
    conferenceSolution: { key: { type: 'hangoutsMeet' } },
    entryPoints: [{ entryPointType: 'video', uri: meeting.joinUrl }],
  };
}

/** Private extended properties carrying a non-Meet link (`null` values clear them on PATCH). */
export function meetingProperties(meeting: MeetingLink | null): Record<string, string | null> {
  const stored = meeting !== null && meeting.provider !== 'google_meet';
  return {
    [MEETING_URL_PROPERTY]: stored ? meeting.joinUrl : null,
    [MEETING_PROVIDER_PROPERTY]: stored ? meeting.provider : null,
    [MEETING_ID_PROPERTY]: stored ? meeting.conferenceId : null,
  };
}
