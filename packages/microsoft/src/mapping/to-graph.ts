import type { EventContent, PrivacyLevel, Reminders } from '@calsync/core';
import { DEFAULT_REMINDER_MINUTES } from '../facts.js';
import { attendeesToGraph } from './attendees.js';
import type { GraphEventInput, GraphSensitivity, GraphShowAs } from './graph-types.js';
import { eventTimeToGraph } from './time.js';

/**
 * Sensitivity written for each privacy level: appointments written with their details masked
 * (`minimal`, `normal`) are also marked private, so delegates and shared viewers see less.
 */
export const SENSITIVITY_FOR_PRIVACY: Readonly<Record<PrivacyLevel, GraphSensitivity>> = {
  full: 'normal',
  normal: 'private',
  minimal: 'private',
};

/** Transparency and status → `showAs` (free wins over tentative). */
export function showAsFor(content: Pick<EventContent, 'status' | 'transparency'>): GraphShowAs {
  if (content.transparency === 'transparent') return 'free';
  return content.status === 'tentative' ? 'tentative' : 'busy';
}

/** Reminders → `isReminderOn` + `reminderMinutesBeforeStart` (Graph keeps the earliest one). */
export function remindersToGraph(reminders: Reminders): {
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
} {
  if (reminders.useDefault) {
    return { isReminderOn: true, reminderMinutesBeforeStart: DEFAULT_REMINDER_MINUTES };
  }
  const minutes = reminders.overrides.map((r) => r.minutesBefore);
  if (minutes.length === 0) {
    return { isReminderOn: false, reminderMinutesBeforeStart: DEFAULT_REMINDER_MINUTES };
  }
  return { isReminderOn: true, reminderMinutesBeforeStart: Math.max(...minutes) };
}

/** Options of {@link contentToGraph}. */
export interface ContentToGraphOptions {
  /** The connection's privacy level; sets `sensitivity`. Default `full`. */
  readonly privacy?: PrivacyLevel;
}

/**
 * The syncable fields of canonical content as a Graph create/PATCH body. Recurrence, the
 * Teams switch and extended properties are added by the push code, which needs more context.
 * Pure.
 *
 * @example
 * contentToGraph(content).showAs // 'busy'
 */
export function contentToGraph(
  content: EventContent,
  options: ContentToGraphOptions = {},
): GraphEventInput {
  const { start, end, isAllDay } = eventTimeToGraph(content.time);
  return {
    subject: content.title,
    body: { contentType: 'text', content: content.description ?? '' },
    location: { displayName: content.location ?? '' },
    start,
    end,
    isAllDay,
    showAs: showAsFor(content),
    sensitivity: SENSITIVITY_FOR_PRIVACY[options.privacy ?? 'full'],
    attendees: attendeesToGraph(content.attendees),
    ...remindersToGraph(content.reminders),
  };
}
