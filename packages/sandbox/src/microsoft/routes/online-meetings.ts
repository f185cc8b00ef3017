import type { GraphDeps } from '../deps.js';
import { GraphError } from '../errors.js';
import { newTeamsMeeting } from '../event-fields.js';
import { graphApp, readJSONObject } from '../http.js';
import { newToken } from '../ids.js';
import { formatUTCTimestamp } from '../time.js';

/** Standalone Teams meetings (`/me/onlineMeetings`); they never appear on a calendar. */
export function onlineMeetingRoutes(deps: GraphDeps) {
  const app = graphApp(deps);
  const notFound = () =>
    new GraphError(404, 'ResourceNotFound', 'The online meeting was not found.');

  app.post('/onlineMeetings', async (c) => {
    const target = c.get('target');
    if (c.get('caller').id !== target.id) {
      throw new GraphError(
        403,
        'ErrorAccessDenied',
        'Application access policy is required to create meetings for another user.',
      );
    }
    const body = await readJSONObject(c);
    const nowMs = deps.ctx.now().getTime();
    const startMs = typeof body.startDateTime === 'string' ? Date.parse(body.startDateTime) : nowMs;
    const endMs =
      typeof body.endDateTime === 'string' ? Date.parse(body.endDateTime) : startMs + 3_600_000;
    if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) {
      throw new GraphError(400, 'BadRequest', 'startDateTime and endDateTime must be date-times.');
    }
    const id = newToken('MSo');
    const info = newTeamsMeeting();
    const rendered = {
      id,
      creationDateTime: formatUTCTimestamp(nowMs),
      startDateTime: formatUTCTimestamp(startMs),
      endDateTime: formatUTCTimestamp(endMs),
      joinWebUrl: info.joinUrl,
      joinUrl: info.joinUrl,
      subject: typeof body.subject === 'string' ? body.subject : null,
      externalId: null,
      joinMeetingIdSettings: {
        joinMeetingId: info.conferenceId,
        passcode: newToken('').slice(0, 6),
        isPasscodeRequired: true,
      },
      audioConferencing: null,
      chatInfo: {
        threadId: `19:meeting_${id}@thread.v2`,
        messageId: '0',
        replyChainMessageId: null,
      },
      participants: {
        organizer: {
          upn: target.email,
          role: 'presenter',
          identity: { user: { id: target.id, displayName: target.displayName } },
        },
        attendees: [],
      },
    };
    deps.state.onlineMeetings.set(id, { id, userId: target.id, rendered });
    return c.json(rendered, 201);
  });

  app.get('/onlineMeetings/:meetingId', (c) => {
    const meeting = deps.state.onlineMeetings.get(c.req.param('meetingId'));
    if (!meeting || meeting.userId !== c.get('target').id) throw notFound();
    return c.json(meeting.rendered);
  });

  app.delete('/onlineMeetings/:meetingId', (c) => {
    const meeting = deps.state.onlineMeetings.get(c.req.param('meetingId'));
    if (!meeting || meeting.userId !== c.get('target').id) throw notFound();
    deps.state.onlineMeetings.delete(meeting.id);
    return c.body(null, 204);
  });
  return app;
}
