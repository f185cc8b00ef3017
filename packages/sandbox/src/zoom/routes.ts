import { Hono } from 'hono';
import type { Context } from 'hono';
import type { EmulatorContext } from '../emulator.js';
import type { RandomSource } from '../shared/random.js';
import { TOKEN_ALPHABET } from '../shared/random.js';
import { meetingNotFound, ZoomApiError } from './errors.js';
import { parseMeetingInput } from './meeting-input.js';
import { renderMeeting } from './meeting-view.js';
import type { ZoomRateLimiter } from './rate-limit.js';
import type { ZoomState } from './state.js';
import type { ZoomMeeting, ZoomUser } from './types.js';

/** What the Zoom routes share. */
export interface ZoomRuntime {
  ctx: EmulatorContext;
  state: ZoomState;
  limiter: ZoomRateLimiter;
  random: RandomSource;
  nowMs(): number;
  /** Required client credentials; any non-empty pair is accepted when absent. */
  credentials: { accountId: string; clientId: string; clientSecret: string } | undefined;
}

const TOKEN_LIFETIME_SECONDS = 3600;
const S2S_SCOPE =
  'meeting:read:meeting meeting:write:meeting meeting:update:meeting meeting:delete:meeting user:read:user';
const DIGITS = '0123456789';

function tokenError(c: Context, status: 400 | 401, error: string, reason: string): Response {
  return c.json({ reason, error }, status);
}

/** `POST /oauth/token`: server-to-server OAuth (account_credentials, Basic client auth, no refresh token). */
export function zoomOAuthRoutes(rt: ZoomRuntime): Hono {
  return new Hono().post('/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const param = (name: string): string | undefined =>
      c.req.query(name) ?? form.get(name) ?? undefined;
    const basic = /^Basic\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const [clientId, clientSecret] =
      basic === undefined ? [] : Buffer.from(basic, 'base64').toString('utf8').split(':');
    const expected = rt.credentials;
    const validClient =
      clientId !== undefined &&
      clientId !== '' &&
      clientSecret !== undefined &&
      clientSecret !== '' &&
      (expected === undefined ||
        (clientId === expected.clientId && clientSecret === expected.clientSecret));
    if (!validClient)
      return tokenError(c, 401, 'invalid_client', 'Invalid client_id or client_secret');
    if (param('grant_type') !== 'account_credentials')
      return tokenError(c, 400, 'unsupported_grant_type', 'Unsupported grant type');
    const accountId = param('account_id');
    if (accountId === undefined || accountId === '')
      return tokenError(c, 400, 'invalid_request', 'Invalid request : Missing account_id');
    if (expected !== undefined && accountId !== expected.accountId)
      return tokenError(c, 400, 'invalid_request', 'Invalid account_id');
    const token = rt.state.issueToken({
      kind: 'account',
      email: undefined,
      expiresAtMs: rt.nowMs() + TOKEN_LIFETIME_SECONDS * 1000,
    });
    return c.json({
      access_token: token,
      token_type: 'bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      scope: S2S_SCOPE,
      api_url: rt.ctx.providerBaseUrl(),
    });
  });
}

function grantOf(rt: ZoomRuntime, c: Context) {
  const token = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim() ?? '';
  const grant = rt.state.tokens.get(token);
  if (grant === undefined) throw new ZoomApiError(401, 124, 'Invalid access token.');
  if (grant.expiresAtMs <= rt.nowMs()) throw new ZoomApiError(401, 124, 'Access token is expired.');
  return grant;
}

function userFor(rt: ZoomRuntime, c: Context, userId: string): ZoomUser {
  const grant = grantOf(rt, c);
  if (userId === 'me') {
    if (grant.kind === 'user' && grant.email !== undefined)
      return rt.state.userOrThrow(grant.email);
    return rt.state.accountOwner();
  }
  const user = rt.state.findUser(userId);
  if (user === undefined || (grant.kind === 'user' && grant.email !== user.email)) {
    throw new ZoomApiError(404, 1001, `User does not exist: ${userId}.`);
  }
  return user;
}

function meetingFor(rt: ZoomRuntime, c: Context, meetingId: string): ZoomMeeting {
  const grant = grantOf(rt, c);
  const meeting = rt.state.meetings.get(meetingId);
  if (meeting === undefined || (grant.kind === 'user' && grant.email !== meeting.hostEmail))
    throw meetingNotFound(meetingId);
  return meeting;
}

async function bodyOf(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return text === '' ? {} : (JSON.parse(text) as unknown);
  } catch {
    throw new ZoomApiError(400, 300, 'Request Body should be a valid JSON object.');
  }
}

/** `/v2`: meetings create, list, get, patch, delete. */
export function zoomApiRoutes(rt: ZoomRuntime): Hono {
  const limit = (c: Context, category: 'Light' | 'Medium'): void => {
    for (const [name, value] of Object.entries(rt.limiter.check(category, rt.nowMs())))
      c.header(name, value);
  };
  return new Hono()
    .post('/users/:userId/meetings', async (c) => {
      const user = userFor(rt, c, c.req.param('userId'));
      limit(c, 'Medium');
      const input = parseMeetingInput(await bodyOf(c));
      rt.limiter.checkDailyWrite(user.email, rt.nowMs());
      const nowMs = rt.nowMs();
      let id: number;
      do id = rt.random.int(80_000_000_000, 99_999_999_999);
      while (rt.state.meetings.has(String(id)) || rt.state.deleted.has(String(id)));
      const type = input.type ?? 2;
      const meeting: ZoomMeeting = {
        id,
        uuid: `${rt.random.string(22, TOKEN_ALPHABET.slice(0, 62))}==`,
        hostEmail: user.email,
        hostId: user.id,
        topic: input.topic ?? 'Zoom meeting',
        type,
        startTimeMs: type === 2 || type === 8 ? (input.startTimeMs ?? nowMs) : input.startTimeMs,
        recurrence: type === 8 ? input.recurrence : undefined,
        durationMinutes: input.durationMinutes ?? 60,
        timezone: input.timezone ?? 'UTC',
        agenda: input.agenda ?? '',
        // Account policy forces a passcode: one is generated when none is given.
        password: input.password ?? rt.random.string(6, DIGITS),
        settings: {
          host_video: false,
          participant_video: false,
          join_before_host: false,
          mute_upon_entry: false,
          waiting_room: false,
          auto_recording: 'none',
          alternative_hosts: '',
          approval_type: 2,
          ...input.settings,
        },
        createdAtMs: nowMs,
        startToken: rt.random.string(32, TOKEN_ALPHABET),
      };
      rt.state.meetings.set(String(id), meeting);
      return c.json(renderMeeting(meeting, rt.ctx.providerBaseUrl()), 201);
    })
    .get('/users/:userId/meetings', (c) => {
      const user = userFor(rt, c, c.req.param('userId'));
      limit(c, 'Light');
      const meetings = [...rt.state.meetings.values()].filter((m) => m.hostEmail === user.email);
      return c.json({
        page_size: 30,
        total_records: meetings.length,
        next_page_token: '',
        meetings: meetings.map((m) => renderMeeting(m, rt.ctx.providerBaseUrl())),
      });
    })
    .get('/meetings/:meetingId', (c) => {
      const meeting = meetingFor(rt, c, c.req.param('meetingId'));
      limit(c, 'Light');
      return c.json(renderMeeting(meeting, rt.ctx.providerBaseUrl()));
    })
    .patch('/meetings/:meetingId', async (c) => {
      const meeting = meetingFor(rt, c, c.req.param('meetingId'));
      limit(c, 'Medium');
      const input = parseMeetingInput(await bodyOf(c));
      rt.limiter.checkDailyWrite(meeting.hostEmail, rt.nowMs());
      if (input.topic !== undefined) meeting.topic = input.topic;
      if (input.type !== undefined) meeting.type = input.type;
      if (input.recurrence !== undefined) meeting.recurrence = input.recurrence;
      if (meeting.type === 8 && meeting.recurrence === undefined) {
        throw new ZoomApiError(400, 300, 'Recurrence is required for type 8.');
      }
      if (meeting.type !== 8) meeting.recurrence = undefined;
      if (input.startTimeMs !== undefined) meeting.startTimeMs = input.startTimeMs;
      if (input.durationMinutes !== undefined) meeting.durationMinutes = input.durationMinutes;
      if (input.timezone !== undefined) meeting.timezone = input.timezone;
      if (input.agenda !== undefined) meeting.agenda = input.agenda;
      if (input.password !== undefined) meeting.password = input.password;
      if (input.settings !== undefined)
        meeting.settings = { ...meeting.settings, ...input.settings };
      return c.body(null, 204);
    })
    .delete('/meetings/:meetingId', (c) => {
      const meeting = meetingFor(rt, c, c.req.param('meetingId'));
      limit(c, 'Medium');
      rt.state.meetings.delete(String(meeting.id));
      rt.state.deleted.add(String(meeting.id));
      return c.body(null, 204);
    });
}

/** `/j/{id}` and `/s/{id}`: tiny pages standing in for the join and start links. */
export function zoomLinkRoutes(rt: ZoomRuntime): Hono {
  const page = (c: Context, verb: string) => {
    const meeting = rt.state.meetings.get(c.req.param('meetingId') ?? '');
    const text =
      meeting === undefined
        ? 'This meeting does not exist.'
        : `${verb} “${meeting.topic}” (sandbox Zoom meeting ${meeting.id}).`;
    return c.html(
      `<!doctype html><title>Sandbox Zoom</title><p>${text.replace(/[<>&]/g, '')}</p>`,
      meeting ? 200 : 404,
    );
  };
  return new Hono()
    .get('/j/:meetingId', (c) => page(c, 'Joining'))
    .get('/s/:meetingId', (c) => page(c, 'Starting'));
}
