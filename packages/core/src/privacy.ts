import type { ContentField, EventContent } from './model/event.js';
import { DEFAULT_REMINDERS } from './model/event.js';

/** How much of an appointment is written to an external calendar. */
export type PrivacyLevel = 'minimal' | 'normal' | 'full';

/** The title written at `minimal`. */
export const BUSY_TITLE = 'Busy';

/**
 * Applies a privacy level to an outbound payload. Time, recurrence, status and transparency
 * always go out (they are what blocks the slot):
 * - `minimal`: title "Busy", nothing else;
 * - `normal`: the real title, the time and the video meeting link (a meeting nobody can join from
 *   their calendar is no meeting; see docs/decisions/0004);
 * - `full`: everything.
 *
 * @example
 * applyPrivacy(content, 'minimal').title // 'Busy'
 */
export function applyPrivacy(content: EventContent, level: PrivacyLevel): EventContent {
  if (level === 'full') return content;
  return {
    title: level === 'minimal' ? BUSY_TITLE : content.title,
    description: null,
    location: null,
    time: content.time,
    recurrence: content.recurrence,
    attendees: [],
    status: content.status,
    meeting: level === 'normal' ? content.meeting : null,
    reminders: DEFAULT_REMINDERS,
    transparency: content.transparency,
  };
}

/**
 * Fields a privacy level hides from the external calendar. Reconcile never merges these from
 * the remote side (the remote holds a placeholder, not the truth) and never pushes them.
 */
export const PRIVACY_MASKED_FIELDS = {
  minimal: ['title', 'description', 'location', 'attendees', 'meeting', 'reminders'],
  normal: ['description', 'location', 'attendees', 'reminders'],
  full: [],
} as const satisfies { readonly [L in PrivacyLevel]: readonly ContentField[] };
