import { NotFoundError } from '@calsync/core';
import { createZoomClient } from './client.js';
import type { ZoomClient } from './client.js';
import { ZOOM_DEFAULT_URLS, ZOOM_PATHS } from './facts.js';
import { findMarkedMeetingId, meetingDiffers } from './find-existing.js';
import { resolveSettings, zoomMeetingBody } from './meeting-body.js';
import type { RandomSource } from './passcode.js';
import { cryptoRandom, generatePasscode } from './passcode.js';
import type { ZoomCredentials } from './token.js';
import { createZoomTokenSource } from './token.js';
import type {
  UpdateMeetingResult,
  VideoMeeting,
  VideoMeetingProvider,
  VideoMeetingRequest,
} from './video-meeting.js';
import type { ZoomMeetingJSON } from './wire.js';
import { toVideoMeeting } from './wire.js';

/** Options of {@link createZoomProvider}. */
export interface ZoomProviderOptions extends ZoomCredentials {
  /** Meetings API base; default `https://api.zoom.us/v2`. */
  readonly baseUrl?: string;
  /** Token endpoint; default `https://zoom.us/oauth/token`. */
  readonly oauthUrl?: string;
  readonly fetch: typeof fetch;
  /** The clock token expiry and `Retry-After` dates are measured by. */
  readonly now: () => Date;
  /** Randomness for passcodes; default the platform's cryptographic generator. */
  readonly random?: RandomSource;
  /**
   * Zoom user (e-mail or id) meetings are created for when a request names no `hostEmail`.
   * Default `me`; server-to-server apps should name a user, as `me` means a user token's owner.
   */
  readonly defaultUserId?: string;
}

/** The Zoom provider: {@link VideoMeetingProvider} plus its platform name. */
export interface ZoomProvider extends VideoMeetingProvider {
  readonly platform: 'zoom';
}

async function getMeetingJSON(client: ZoomClient, meetingId: string): Promise<ZoomMeetingJSON> {
  return ((await client.send({ method: 'GET', path: ZOOM_PATHS.meeting(meetingId) })) ??
    {}) as ZoomMeetingJSON;
}

/**
 * Zoom meetings through the REST API with server-to-server OAuth (PROTOCOLS.md §4).
 *
 * - create: `POST /users/{host}/meetings`, a scheduled meeting (type 2) at the appointment's
 *   wall-clock time in its zone. Zoom has no idempotency key, so the host's scheduled meetings
 *   are listed first and one carrying the appointment marker is reused (brought up to date when
 *   needed) instead of creating a second meeting after a lost response.
 * - update: `PATCH /meetings/{id}` (204), then `GET` for the fresh links; a 404 creates the
 *   meeting anew and says so with `recreated: true`.
 * - delete: `DELETE /meetings/{id}`; a 404 counts as deleted.
 *
 * Failures are core's error classes; nothing is retried here except one token renewal on 401.
 *
 * @example
 * const zoom = createZoomProvider({
 *   accountId: process.env.ZOOM_ACCOUNT_ID!, clientId: process.env.ZOOM_CLIENT_ID!,
 *   clientSecret: process.env.ZOOM_CLIENT_SECRET!, fetch, now: () => new Date(),
 * });
 * const meeting = await zoom.createMeeting({
 *   appointmentId: 'apt_42', title: 'Intro call', startsAtUTC: '2026-03-09T13:00:00Z',
 *   endsAtUTC: '2026-03-09T13:30:00Z', timeZone: 'America/New_York', hostEmail: 'ann@example.com',
 *   settings: { waitingRoom: true, recording: 'cloud' },
 * });
 */
export function createZoomProvider(options: ZoomProviderOptions): ZoomProvider {
  const random = options.random ?? cryptoRandom;
  const defaultUserId = options.defaultUserId ?? 'me';
  const tokens = createZoomTokenSource({
    accountId: options.accountId,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    oauthTokenUrl: options.oauthUrl ?? ZOOM_DEFAULT_URLS.oauthTokenUrl,
    fetch: options.fetch,
    now: options.now,
  });
  const client = createZoomClient({
    apiBaseUrl: options.baseUrl ?? ZOOM_DEFAULT_URLS.apiBaseUrl,
    tokens,
    fetch: options.fetch,
    now: options.now,
  });

  const reuse = async (meetingId: string, request: VideoMeetingRequest): Promise<VideoMeeting> => {
    const current = await getMeetingJSON(client, meetingId);
    const body = zoomMeetingBody(request);
    if (!meetingDiffers(current, body, request.startsAtUTC)) return toVideoMeeting(current);
    await client.send({ method: 'PATCH', path: ZOOM_PATHS.meeting(meetingId), body });
    return toVideoMeeting(await getMeetingJSON(client, meetingId));
  };

  const createMeeting = async (request: VideoMeetingRequest): Promise<VideoMeeting> => {
    const userId = request.hostEmail ?? defaultUserId;
    // Builds (and checks) the body before any call, so a caller bug throws without side effects.
    const passcodeRequired = resolveSettings(request.settings).passcodeRequired;
    const body = zoomMeetingBody(
      request,
      passcodeRequired ? { passcode: generatePasscode(random) } : {},
    );
    const existingId = await findMarkedMeetingId(client, userId, request.appointmentId);
    if (existingId !== null) return reuse(existingId, request);
    const created = (await client.send({
      method: 'POST',
      path: ZOOM_PATHS.userMeetings(userId),
      body,
    })) as ZoomMeetingJSON | null;
    return toVideoMeeting(created ?? {});
  };

  return {
    platform: 'zoom',
    createMeeting,

    async updateMeeting(meetingId, request): Promise<UpdateMeetingResult> {
      const body = zoomMeetingBody(request);
      try {
        await client.send({ method: 'PATCH', path: ZOOM_PATHS.meeting(meetingId), body });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        return { meeting: await createMeeting(request), recreated: true };
      }
      return { meeting: toVideoMeeting(await getMeetingJSON(client, meetingId)), recreated: false };
    },

    async deleteMeeting(meetingId) {
      try {
        await client.send({ method: 'DELETE', path: ZOOM_PATHS.meeting(meetingId) });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    },

    async getMeeting(meetingId) {
      return toVideoMeeting(await getMeetingJSON(client, meetingId));
    },
  };
}
