import { instantOfWallTime, isValidTimeZone, parseWallTime } from '../shared/zoned-time.js';
import { validationFailed } from './errors.js';
import type { ZoomFieldError } from './errors.js';
import type { ZoomMeetingSettings, ZoomRecurrence } from './types.js';
import { parseRecurrence } from './recurrence-input.js';

/** A checked create or update body; absent fields are undefined. */
export interface MeetingInput {
  topic?: string;
  type?: 1 | 2 | 3 | 8;
  startTimeMs?: number;
  durationMinutes?: number;
  timezone?: string;
  agenda?: string;
  password?: string;
  settings?: Partial<ZoomMeetingSettings>;
  recurrence?: ZoomRecurrence;
}

const PASSWORD_PATTERN = /^[a-zA-Z0-9@\-_*]{1,10}$/;
const EMAIL_PATTERN = /^[^\s@;,]+@[^\s@;,]+$/;
const RECORDING = ['local', 'cloud', 'none'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a meeting body the way Zoom does; throws code 300 with every field error. */
export function parseMeetingInput(body: unknown): MeetingInput {
  if (!isObject(body))
    throw validationFailed([{ field: 'body', message: 'Request body must be a JSON object.' }]);
  const errors: ZoomFieldError[] = [];
  const input: MeetingInput = {};
  const timezone = body.timezone;
  if (timezone !== undefined) {
    if (typeof timezone !== 'string' || !isValidTimeZone(timezone))
      errors.push({ field: 'timezone', message: 'Invalid timezone.' });
    else input.timezone = timezone;
  }
  if (body.topic !== undefined) {
    if (typeof body.topic !== 'string' || body.topic.length > 200)
      errors.push({ field: 'topic', message: 'Topic must be at most 200 characters.' });
    else input.topic = body.topic;
  }
  if (body.type !== undefined) {
    if (body.type !== 1 && body.type !== 2 && body.type !== 3 && body.type !== 8)
      errors.push({ field: 'type', message: 'Invalid meeting type.' });
    else input.type = body.type;
  }
  if (body.start_time !== undefined) {
    const text = body.start_time;
    const ms = typeof text !== 'string' ? Number.NaN : startTimeMs(text, input.timezone);
    if (Number.isNaN(ms))
      errors.push({
        field: 'start_time',
        message: 'Invalid start_time: use yyyy-MM-ddTHH:mm:ssZ or a local time with timezone.',
      });
    else input.startTimeMs = ms;
  }
  if (body.duration !== undefined) {
    if (
      typeof body.duration !== 'number' ||
      !Number.isInteger(body.duration) ||
      body.duration < 0
    ) {
      errors.push({ field: 'duration', message: 'Duration must be a whole number of minutes.' });
    } else input.durationMinutes = body.duration;
  }
  if (body.agenda !== undefined) {
    if (typeof body.agenda !== 'string' || body.agenda.length > 2000)
      errors.push({ field: 'agenda', message: 'Agenda must be at most 2000 characters.' });
    else input.agenda = body.agenda;
  }
  if (body.password !== undefined) {
    if (typeof body.password !== 'string' || !PASSWORD_PATTERN.test(body.password)) {
      errors.push({
        field: 'password',
        message:
          'Password can only have a maximum of 10 characters and only contain alphanumeric characters and @ - _ *.',
      });
    } else input.password = body.password;
  }
  if (body.settings !== undefined) {
    if (!isObject(body.settings)) errors.push({ field: 'settings', message: 'Invalid settings.' });
    else input.settings = parseSettings(body.settings, errors);
  }
  if (body.recurrence !== undefined) {
    const recurrence = parseRecurrence(body.recurrence, errors);
    if (recurrence) input.recurrence = recurrence;
  }
  if (input.type === 8 && input.recurrence === undefined && body.recurrence === undefined) {
    errors.push({ field: 'recurrence', message: 'Recurrence is required for type 8.' });
  }
  if (errors.length > 0) throw validationFailed(errors);
  return input;
}

function parseSettings(
  raw: Record<string, unknown>,
  errors: ZoomFieldError[],
): Partial<ZoomMeetingSettings> {
  const settings: Partial<ZoomMeetingSettings> = { ...raw };
  for (const key of [
    'host_video',
    'participant_video',
    'join_before_host',
    'mute_upon_entry',
    'waiting_room',
  ]) {
    if (raw[key] !== undefined && typeof raw[key] !== 'boolean')
      errors.push({ field: `settings.${key}`, message: `${key} must be a boolean.` });
  }
  if (
    raw.auto_recording !== undefined &&
    (typeof raw.auto_recording !== 'string' || !RECORDING.includes(raw.auto_recording))
  ) {
    errors.push({
      field: 'settings.auto_recording',
      message: 'auto_recording must be local, cloud or none.',
    });
  }
  if (raw.alternative_hosts !== undefined) {
    const hosts =
      typeof raw.alternative_hosts === 'string'
        ? raw.alternative_hosts
            .split(/[;,]/)
            .map((h) => h.trim())
            .filter(Boolean)
        : null;
    if (hosts === null || !hosts.every((host) => EMAIL_PATTERN.test(host))) {
      errors.push({
        field: 'settings.alternative_hosts',
        message: 'alternative_hosts must be e-mail addresses separated by semicolons.',
      });
    } else settings.alternative_hosts = hosts.join(';');
  }
  return settings;
}

function startTimeMs(text: string, timezone: string | undefined): number {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text)) return Date.parse(text);
  const wall = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(text) ? parseWallTime(text) : undefined;
  if (wall === undefined) return Number.NaN;
  return instantOfWallTime(wall, timezone ?? 'UTC');
}
