/**
 * Time values of the canonical model.
 *
 * Three kinds, never mixed up: zoned instants (UTC instant + the IANA zone it was written in),
 * all-day dates (exclusive end, like Google `end.date` and iCalendar `DTEND;VALUE=DATE`), and
 * floating local times (RFC 5545 "floating": no zone; kept as such until a consumer picks one).
 */

/** An instant in ISO 8601 UTC form with milliseconds, e.g. `2026-03-08T14:00:00.000Z`. */
export type InstantUTC = string;
/** A calendar date `YYYY-MM-DD`. */
export type DateString = string;
/** A local wall-clock date-time without zone, `YYYY-MM-DDTHH:MM:SS`. */
export type LocalDateTimeString = string;
/** An IANA zone name such as `Europe/Berlin` (never a Windows name; adapters map those). */
export type IANAZone = string;

/** Start and end of a timed event anchored in an IANA zone. */
export interface ZonedTime {
  readonly kind: 'zoned';
  readonly startsAtUTC: InstantUTC;
  /** Exclusive. Equal to `startsAtUTC` for zero-duration events. */
  readonly endsAtUTC: InstantUTC;
  /** The zone the event was written in; recurrence expands in it (wall-clock kept across DST). */
  readonly timeZone: IANAZone;
}

/** An all-day event: whole dates, end exclusive (a one-day event on the 3rd ends on the 4th). */
export interface AllDayTime {
  readonly kind: 'all_day';
  readonly startDate: DateString;
  readonly endDate: DateString;
}

/** RFC 5545 floating time: the same wall-clock in every zone. */
export interface FloatingTime {
  readonly kind: 'floating';
  readonly startsAtLocal: LocalDateTimeString;
  readonly endsAtLocal: LocalDateTimeString;
}

/** When an event happens. */
export type EventTime = ZonedTime | AllDayTime | FloatingTime;

/**
 * Identifies one slot of a recurring series by its ORIGINAL start (RFC 5545 RECURRENCE-ID,
 * Google `originalStartTime`, Graph `originalStart`). Immutable even when the instance moves.
 */
export type OriginalStart =
  | { readonly kind: 'instant'; readonly atUTC: InstantUTC }
  | { readonly kind: 'date'; readonly date: DateString }
  | { readonly kind: 'floating'; readonly atLocal: LocalDateTimeString };

/** A half-open range of instants `[startsAtUTC, endsAtUTC)`. */
export interface InstantRange {
  readonly startsAtUTC: InstantUTC;
  readonly endsAtUTC: InstantUTC;
}

/**
 * A stable string key for an original start, used to key overrides.
 *
 * @example
 * originalStartKey({ kind: 'instant', atUTC: '2026-03-10T14:00:00.000Z' }) // 'i:2026-03-10T14:00:00.000Z'
 */
export function originalStartKey(originalStart: OriginalStart): string {
  switch (originalStart.kind) {
    case 'instant':
      return `i:${normalizeInstant(originalStart.atUTC)}`;
    case 'date':
      return `d:${originalStart.date}`;
    case 'floating':
      return `f:${originalStart.atLocal}`;
  }
}

/**
 * Normalises any ISO 8601 instant with an offset to the canonical `…sss Z` form.
 * Throws on an unparseable string (a programming error at this layer).
 *
 * @example
 * normalizeInstant('2026-03-08T09:00:00-05:00') // '2026-03-08T14:00:00.000Z'
 */
export function normalizeInstant(value: string): InstantUTC {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${value}`);
  return new Date(ms).toISOString();
}

/** Milliseconds since the epoch of an instant string. */
export function instantMs(value: InstantUTC): number {
  return Date.parse(value);
}
