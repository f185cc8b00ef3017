import type { BusyPeriod } from '../core/client.js';
import { addDays, instantOf, isoDate, wallTimeAt, type WallTime } from './time-zone.js';

/** One bookable slot of the grid. */
export interface Slot {
  start: Date;
  end: Date;
  busy: boolean;
}

/** One day column. */
export interface DayColumn {
  /** `2026-03-02`. */
  date: string;
  /** Midnight at the start of the day, in the zone. */
  start: Date;
  slots: Slot[];
  /** Busy periods clipped to the visible hours, as fractions of the visible height. */
  blocks: { topFraction: number; heightFraction: number; period: BusyPeriod }[];
}

/** What the grid shows for one week. */
export interface WeekModel {
  days: DayColumn[];
  /** The first instant of the week (Monday 00:00 in the zone). */
  from: Date;
  /** The first instant after it (next Monday 00:00). */
  to: Date;
}

/** How the grid is cut. */
export interface WeekOptions {
  monday: { year: number; month: number; day: number };
  timeZone: string;
  dayStartHour: number;
  dayEndHour: number;
  slotMinutes: number;
}

const overlaps = (aStart: number, aEnd: number, bStart: number, bEnd: number) =>
  aStart < bEnd && bStart < aEnd;

/**
 * Lays out a week in a zone: seven days, each cut into slots between `dayStartHour` and
 * `dayEndHour`, each slot busy when any busy period overlaps it, plus the busy blocks to draw.
 *
 * @example
 * buildWeek(busy, { monday: { year: 2026, month: 3, day: 2 }, timeZone: 'Europe/Berlin', dayStartHour: 8, dayEndHour: 18, slotMinutes: 60 })
 */
export function buildWeek(busy: readonly BusyPeriod[], options: WeekOptions): WeekModel {
  const periods = busy.map((period) => ({
    period,
    startMs: Date.parse(period.start),
    endMs: Date.parse(period.end),
  }));
  const slotsPerDay = Math.max(
    1,
    Math.floor(((options.dayEndHour - options.dayStartHour) * 60) / options.slotMinutes),
  );
  const at = (date: { year: number; month: number; day: number }, minutes: number): Date => {
    const wall: WallTime = { ...date, hour: Math.floor(minutes / 60), minute: minutes % 60 };
    return instantOf(wall, options.timeZone);
  };
  const days: DayColumn[] = [];
  for (let index = 0; index < 7; index++) {
    const date = addDays(options.monday, index);
    const visibleStart = at(date, options.dayStartHour * 60).getTime();
    const visibleEnd = at(
      date,
      options.dayStartHour * 60 + slotsPerDay * options.slotMinutes,
    ).getTime();
    const slots: Slot[] = [];
    for (let slot = 0; slot < slotsPerDay; slot++) {
      const startMinutes = options.dayStartHour * 60 + slot * options.slotMinutes;
      const start = at(date, startMinutes);
      const end = at(date, startMinutes + options.slotMinutes);
      const busyHere = periods.some((p) =>
        overlaps(p.startMs, p.endMs, start.getTime(), end.getTime()),
      );
      slots.push({ start, end, busy: busyHere });
    }
    const span = visibleEnd - visibleStart;
    const blocks = periods
      .filter((p) => overlaps(p.startMs, p.endMs, visibleStart, visibleEnd))
      .map((p) => {
        const top = Math.max(p.startMs, visibleStart) - visibleStart;
        const bottom = Math.min(p.endMs, visibleEnd) - visibleStart;
        return { topFraction: top / span, heightFraction: (bottom - top) / span, period: p.period };
      });
    days.push({ date: isoDate(date), start: at(date, 0), slots, blocks });
  }
  return { days, from: days[0]!.start, to: at(addDays(options.monday, 7), 0) };
}

/** Where "now" falls in the visible hours of a day, as a fraction; undefined when outside. */
export function nowFraction(day: DayColumn, now: Date): number | undefined {
  const first = day.slots[0];
  const last = day.slots[day.slots.length - 1];
  if (!first || !last) return undefined;
  const start = first.start.getTime();
  const end = last.end.getTime();
  const t = now.getTime();
  return t >= start && t < end ? (t - start) / (end - start) : undefined;
}

/** Whether an instant falls on the calendar date `date` in the zone. */
export function isSameDay(date: string, instant: Date, timeZone: string): boolean {
  return isoDate(wallTimeAt(instant, timeZone)) === date;
}
