import { describe, expect, it } from 'vitest';
import { buildWeek, isSameDay, nowFraction } from './week-model.js';

const monday = { year: 2026, month: 3, day: 2 };

describe('buildWeek', () => {
  it('cuts seven days into slots in the zone', () => {
    const week = buildWeek([], {
      monday,
      timeZone: 'Europe/Berlin',
      dayStartHour: 9,
      dayEndHour: 17,
      slotMinutes: 60,
    });
    expect(week.days.map((d) => d.date)).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ]);
    expect(week.days[0]!.slots).toHaveLength(8);
    expect(week.days[0]!.slots[0]!.start.toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(week.from.toISOString()).toBe('2026-03-01T23:00:00.000Z');
    expect(week.to.toISOString()).toBe('2026-03-08T23:00:00.000Z');
  });

  it('marks slots busy when any period overlaps, and clips blocks to the visible hours', () => {
    const busy = [
      { start: '2026-03-02T08:30:00Z', end: '2026-03-02T09:15:00Z', source: 'google' },
      { start: '2026-03-03T06:00:00Z', end: '2026-03-03T10:00:00Z', source: 'appointment' },
    ];
    const week = buildWeek(busy, {
      monday,
      timeZone: 'UTC',
      dayStartHour: 8,
      dayEndHour: 12,
      slotMinutes: 30,
    });
    expect(week.days[0]!.slots.map((s) => s.busy)).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(week.days[0]!.blocks[0]).toMatchObject({ topFraction: 0.125, heightFraction: 0.1875 });
    expect(week.days[1]!.blocks[0]).toMatchObject({ topFraction: 0, heightFraction: 0.5 });
  });

  it('keeps wall-clock hours across a daylight-saving change', () => {
    // New York springs forward on Sunday 8 March 2026.
    const week = buildWeek([], {
      monday,
      timeZone: 'America/New_York',
      dayStartHour: 9,
      dayEndHour: 10,
      slotMinutes: 60,
    });
    expect(week.days[5]!.slots[0]!.start.toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(week.days[6]!.slots[0]!.start.toISOString()).toBe('2026-03-08T13:00:00.000Z');
  });

  it('places "now" within the visible hours of today', () => {
    const week = buildWeek([], {
      monday,
      timeZone: 'UTC',
      dayStartHour: 8,
      dayEndHour: 18,
      slotMinutes: 60,
    });
    const wednesday = week.days[2]!;
    expect(nowFraction(wednesday, new Date('2026-03-04T13:00:00Z'))).toBe(0.5);
    expect(nowFraction(wednesday, new Date('2026-03-04T19:00:00Z'))).toBeUndefined();
    expect(isSameDay('2026-03-04', new Date('2026-03-04T23:30:00Z'), 'UTC')).toBe(true);
    expect(isSameDay('2026-03-04', new Date('2026-03-04T23:30:00Z'), 'Europe/Berlin')).toBe(false);
  });
});
