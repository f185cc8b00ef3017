export type { SeriesOverride, ExpandRequest, Occurrence, ExpandResult } from './expand.js';
export { expandSeries } from './expand.js';
export type { LocalDateTime } from './local.js';
export { parseLocal, formatLocal, formatDate } from './local.js';
export { isIANAZone, zoneOffsetMinutes, utcToLocal, localToUTC } from './zone.js';
export { WINDOWS_TO_IANA, resolveZoneName } from './zone-names.js';
export type { ContentLine, RecurrenceParts } from './lines.js';
export { parseContentLine, splitRecurrence } from './lines.js';
export { excludedOriginalStarts } from './expand.js';
export type {
  GraphDayOfWeek,
  GraphWeekIndex,
  GraphPatternedRecurrence,
  GraphRecurrenceConversion,
} from './graph.js';
export { recurrenceToGraph, recurrenceFromGraph } from './graph.js';
export type { GoogleEventDateTime } from './google.js';
export {
  recurrenceToGoogle,
  recurrenceFromGoogle,
  eventTimeToGoogle,
  eventTimeFromGoogle,
  originalStartToGoogle,
  originalStartFromGoogle,
  formatInstantInZone,
} from './google.js';
export type { ProviderRecurrencePlan } from './fallback.js';
export { planRecurrence } from './fallback.js';
