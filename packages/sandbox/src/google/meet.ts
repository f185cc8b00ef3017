import type { GoogleRuntime } from './runtime.js';
import type { ConferenceData, StoredEvent } from './types.js';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const MEET_SOLUTION = {
  key: { type: 'hangoutsMeet' },
  name: 'Google Meet',
  iconUri:
    'https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Applies the body's `conferenceData` to an event being written. Only with
 * `conferenceDataVersion=1`; a repeated `requestId` is ignored; `null` (or omission on PUT) removes.
 */
export function applyConferenceData(
  rt: GoogleRuntime,
  event: StoredEvent,
  requested: unknown,
  version: number,
  mode: 'insert' | 'put' | 'patch',
): void {
  if (version < 1) return;
  if (requested === undefined && mode === 'patch') return;
  if (requested === undefined || requested === null) {
    delete event.conferenceData;
    delete event.conferenceReadyAtMs;
    return;
  }
  if (!isObject(requested)) return;
  const createRequest = requested.createRequest;
  if (isObject(createRequest) && typeof createRequest.requestId === 'string') {
    if (event.conferenceData?.createRequest?.requestId === createRequest.requestId) return;
    const type = isObject(createRequest.conferenceSolutionKey)
      ? createRequest.conferenceSolutionKey.type
      : undefined;
    const solutionType = typeof type === 'string' ? type : 'hangoutsMeet';
    event.conferenceData = {
      createRequest: {
        requestId: createRequest.requestId,
        conferenceSolutionKey: { type: solutionType },
        status: { statusCode: 'pending' },
      },
    };
    event.conferenceWillFail = rt.options.meet.fail || solutionType !== 'hangoutsMeet';
    event.conferenceReadyAtMs = rt.nowMs() + rt.options.meet.pendingMs;
    if (rt.options.meet.pendingMs <= 0) settle(rt, event);
    return;
  }
  // Entry points given directly (as an add-on would): kept as sent.
  event.conferenceData = requested as ConferenceData;
  delete event.conferenceReadyAtMs;
}

function meetCode(rt: GoogleRuntime): string {
  const part = (length: number): string => rt.random.string(length, LETTERS);
  return `${part(3)}-${part(4)}-${part(3)}`;
}

function settle(rt: GoogleRuntime, event: StoredEvent): void {
  const request = event.conferenceData?.createRequest;
  if (request === undefined) return;
  delete event.conferenceReadyAtMs;
  if (event.conferenceWillFail === true) {
    event.conferenceData = { createRequest: { ...request, status: { statusCode: 'failure' } } };
    return;
  }
  const code = meetCode(rt);
  event.conferenceData = {
    createRequest: { ...request, status: { statusCode: 'success' } },
    entryPoints: [
      {
        entryPointType: 'video',
        uri: `https://meet.google.com/${code}`,
        label: `meet.google.com/${code}`,
      },
    ],
    conferenceSolution: MEET_SOLUTION,
    conferenceId: code,
  };
}

/** Resolves every pending conference whose time has come; each resolution is a change. */
export function settleDueConferences(rt: GoogleRuntime, pending: Set<StoredEvent>): void {
  if (pending.size === 0) return;
  const nowMs = rt.nowMs();
  for (const event of pending) {
    if (event.conferenceReadyAtMs === undefined) {
      pending.delete(event);
      continue;
    }
    if (event.conferenceReadyAtMs > nowMs) continue;
    pending.delete(event);
    settle(rt, event);
    event.changeSeq = rt.state.nextChangeSeq();
    event.updatedMs = nowMs;
    event.etag = rt.state.nextEtag(nowMs);
    rt.calendarChanged(event.calendarId);
  }
}
