import { createRoute, z } from '@hono/zod-openapi';
import type { ServerContext } from '../../context.js';
import type { VideoRuntime } from '../../video/runtime.js';
import {
  changeMeetingSettings,
  createMeetingOnRequest,
  deleteMeetingOnRequest,
  type MeetingScope,
} from '../../video/service.js';
import { findMeeting, type StoredMeetingSettings } from '../../video/store.js';
import { presentMeeting } from '../../video/view.js';
import { visibleUserId } from '../auth.js';
import { refuseOtherId } from '../body-id.js';
import type { AuthContext } from '../env.js';
import { ApiError } from '../errors.js';
import { createRouter } from '../router.js';
import { errorResponses } from '../schemas/common.js';
import type { AppServices } from '../services.js';

/** The video side of the app's services (now part of {@link AppServices}). */
export type VideoServices = Pick<AppServices, 'video'>;

const Platform = z.enum(['zoom', 'google_meet', 'teams']);

const SettingsInput = z
  .object({
    waiting_room: z.boolean().optional(),
    recording: z.enum(['none', 'local', 'cloud']).optional(),
    passcode_required: z.boolean().optional(),
    alternative_hosts: z.array(z.email()).max(50).optional(),
  })
  .strict()
  .openapi('VideoMeetingSettingsInput');

const CreateBody = z
  .object({
    appointment_id: z.uuid(),
    platform: Platform,
    settings: SettingsInput.optional(),
  })
  .strict()
  .openapi('CreateVideoMeeting');

/** Fields of a meeting the server computes: shown by `GET`, never written by a host. */
const MeetingComputedFields = {
  id: z.uuid(),
  appointment_id: z.uuid(),
  platform: Platform,
  status: z.enum(['pending', 'active', 'failed', 'cancelled']),
  meeting_id: z.string().nullable(),
  join_url: z.string().nullable().openapi({
    description: 'Null while pending: Meet and Teams links arrive with the calendar event.',
  }),
  host_url: z.string().nullable(),
  passcode: z.string().nullable(),
  error: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
};

/** `PUT`: the settings; the rest of a `GET` body is accepted and ignored (`id` must match). */
const UpdateBody = z
  .object({
    settings: SettingsInput,
    ...(Object.fromEntries(
      Object.entries(MeetingComputedFields).map(([name, schema]) => [
        name,
        schema.optional().openapi({ readOnly: true }),
      ]),
    ) as {
      [K in keyof typeof MeetingComputedFields]: z.ZodOptional<(typeof MeetingComputedFields)[K]>;
    }),
  })
  .strict()
  .openapi('UpdateVideoMeeting');

const VideoMeetingSchema = z
  .object({
    id: MeetingComputedFields.id,
    appointment_id: MeetingComputedFields.appointment_id,
    platform: MeetingComputedFields.platform,
    status: MeetingComputedFields.status,
    meeting_id: MeetingComputedFields.meeting_id,
    join_url: MeetingComputedFields.join_url,
    host_url: MeetingComputedFields.host_url,
    passcode: MeetingComputedFields.passcode,
    settings: z.object({
      waiting_room: z.boolean(),
      recording: z.enum(['none', 'local', 'cloud']),
      passcode_required: z.boolean(),
      alternative_hosts: z.array(z.string()),
    }),
    error: MeetingComputedFields.error,
    created_at: MeetingComputedFields.created_at,
    updated_at: MeetingComputedFields.updated_at,
  })
  .openapi('VideoMeeting');

const IdParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const conflict = { ...errorResponses[404], description: 'Not possible in this state' };

const createMeetingRoute = createRoute({
  method: 'post',
  path: '/video-meetings',
  summary: 'Create the video meeting of a virtual appointment',
  description:
    'Zoom meetings are created within the call. Google Meet and Teams meetings are made by the ' +
    'calendar provider when the event is written: the answer may be `status: "pending"` with ' +
    '`join_url: null`, and the link appears on the meeting and the appointment when it arrives.',
  request: { body: { content: { 'application/json': { schema: CreateBody } }, required: true } },
  responses: {
    201: json(VideoMeetingSchema, 'Created (or pending, for Meet/Teams and retried Zoom calls)'),
    409: conflict,
    422: { ...errorResponses[400], description: 'The platform cannot be used, or it refused' },
    ...errorResponses,
    503: {
      ...errorResponses[503],
      description:
        'No video meetings in this process (`video_unavailable`), or the database is unreachable (`database_unavailable`, with `Retry-After`)',
    },
  },
});

const getMeetingRoute = createRoute({
  method: 'get',
  path: '/video-meetings/{id}',
  request: { params: IdParams },
  responses: { 200: json(VideoMeetingSchema, 'The meeting'), ...errorResponses },
});

const updateMeetingRoute = createRoute({
  method: 'put',
  path: '/video-meetings/{id}',
  summary: 'Change the settings of a meeting (Zoom applies them at once)',
  description:
    "Takes what GET returns: everything but settings is read-only (accepted and ignored; an id other than the path's is a 400).",
  request: {
    params: IdParams,
    body: { content: { 'application/json': { schema: UpdateBody } }, required: true },
  },
  responses: {
    200: json(VideoMeetingSchema, 'The meeting'),
    409: conflict,
    ...errorResponses,
    503: {
      ...errorResponses[503],
      description:
        'No video meetings in this process (`video_unavailable`), or the database is unreachable (`database_unavailable`, with `Retry-After`)',
    },
  },
});

const deleteMeetingRoute = createRoute({
  method: 'delete',
  path: '/video-meetings/{id}',
  summary: 'Cancel a meeting and take its link out of the appointment',
  request: { params: IdParams },
  responses: {
    200: json(VideoMeetingSchema, 'The cancelled meeting'),
    ...errorResponses,
    503: {
      ...errorResponses[503],
      description:
        'No video meetings in this process (`video_unavailable`), or the database is unreachable (`database_unavailable`, with `Retry-After`)',
    },
  },
});

function requireVideo(services: AppServices): VideoRuntime {
  const video = services.video;
  if (!video) {
    throw new ApiError(503, 'video_unavailable', 'This server has no video meetings configured.');
  }
  return video;
}

/** 404 for a meeting the caller may not see — before anything else is said about it. */
async function requireVisibleMeeting(
  ctx: ServerContext,
  auth: AuthContext,
  id: string,
): Promise<void> {
  const row = await findMeeting(ctx.sql, auth.tenantId, id, visibleUserId(auth));
  if (!row) throw new ApiError(404, 'not_found', 'No such video meeting.');
}

function scopeOf(auth: AuthContext): MeetingScope {
  return { tenantId: auth.tenantId, userId: visibleUserId(auth) };
}

function settingsOf(input: z.infer<typeof SettingsInput> | undefined): StoredMeetingSettings {
  const settings: StoredMeetingSettings = {};
  if (input?.waiting_room !== undefined) settings.waiting_room = input.waiting_room;
  if (input?.recording !== undefined) settings.recording = input.recording;
  if (input?.passcode_required !== undefined) settings.passcode_required = input.passcode_required;
  if (input?.alternative_hosts !== undefined) {
    settings.alternative_hosts = input.alternative_hosts.map((e) => e.toLowerCase());
  }
  return settings;
}

/** Video meetings: create, read, change settings, cancel. */
export function videoMeetingRoutes(ctx: ServerContext, services: AppServices) {
  return createRouter()
    .openapi(createMeetingRoute, async (c) => {
      const body = c.req.valid('json');
      const row = await createMeetingOnRequest(requireVideo(services), scopeOf(c.get('auth')), {
        appointmentId: body.appointment_id,
        platform: body.platform,
        settings: settingsOf(body.settings),
      });
      if (row.status === 'failed') {
        throw new ApiError(422, 'video_meeting_failed', row.error ?? 'The meeting was refused.', {
          id: row.id,
        });
      }
      return c.json(presentMeeting(ctx.keyring, row), 201);
    })
    .openapi(getMeetingRoute, async (c) => {
      const auth = c.get('auth');
      const row = await findMeeting(
        ctx.sql,
        auth.tenantId,
        c.req.valid('param').id,
        visibleUserId(auth),
      );
      if (!row) throw new ApiError(404, 'not_found', 'No such video meeting.');
      return c.json(presentMeeting(ctx.keyring, row), 200);
    })
    .openapi(updateMeetingRoute, async (c) => {
      refuseOtherId(c.req.valid('json').id, c.req.valid('param').id);
      await requireVisibleMeeting(ctx, c.get('auth'), c.req.valid('param').id);
      const row = await changeMeetingSettings(
        requireVideo(services),
        scopeOf(c.get('auth')),
        c.req.valid('param').id,
        settingsOf(c.req.valid('json').settings),
      );
      return c.json(presentMeeting(ctx.keyring, row), 200);
    })
    .openapi(deleteMeetingRoute, async (c) => {
      await requireVisibleMeeting(ctx, c.get('auth'), c.req.valid('param').id);
      const row = await deleteMeetingOnRequest(
        requireVideo(services),
        scopeOf(c.get('auth')),
        c.req.valid('param').id,
      );
      return c.json(presentMeeting(ctx.keyring, row), 200);
    });
}
