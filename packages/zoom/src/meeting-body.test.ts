import { describe, expect, it } from 'vitest';
import { durationMinutesOf, zoomMeetingBody, zoomStartTime } from './meeting-body.js';

describe('zoomStartTime', () => {
  it.each([
    ['2026-03-09T13:00:00.000Z', 'America/New_York', '2026-03-09T09:00:00'], // after the March change
    ['2026-03-06T14:00:00.000Z', 'America/New_York', '2026-03-06T09:00:00'], // before it
    ['2026-03-29T01:30:00Z', 'Europe/Berlin', '2026-03-29T03:30:00'], // the skipped hour
    ['2026-11-27T15:00:00Z', 'Asia/Kolkata', '2026-11-27T20:30:00'],
    ['2026-11-27T15:00:00Z', 'UTC', '2026-11-27T15:00:00'],
  ])('%s in %s → %s', (instant, zone, local) => {
    expect(zoomStartTime(instant, zone)).toEqual({ start_time: local, timezone: zone });
  });

  it('refuses unknown zones and unreadable instants', () => {
    expect(() => zoomStartTime('2026-11-27T15:00:00Z', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => zoomStartTime('tomorrow', 'UTC')).toThrow(RangeError);
  });
});

describe('durationMinutesOf', () => {
  it('counts whole minutes, rounding up', () => {
    expect(durationMinutesOf('2026-11-27T15:00:00Z', '2026-11-27T15:45:00Z')).toBe(45);
    expect(durationMinutesOf('2026-11-27T15:00:00Z', '2026-11-27T15:45:01Z')).toBe(46);
    expect(durationMinutesOf('2026-11-27T15:00:00Z', '2026-11-28T15:00:00Z')).toBe(1440);
  });

  it('refuses an end at or before the start', () => {
    expect(() => durationMinutesOf('2026-11-27T15:00:00Z', '2026-11-27T15:00:00Z')).toThrow(
      RangeError,
    );
  });
});

describe('zoomMeetingBody', () => {
  const request = {
    appointmentId: 'apt_7',
    title: 'Design review',
    description: 'Agenda items',
    startsAtUTC: '2026-11-27T15:00:00Z',
    endsAtUTC: '2026-11-27T16:00:00Z',
    timeZone: 'Europe/Paris',
  };

  it('fills the defaults: passcode required, no waiting room, no recording, no alternative hosts', () => {
    expect(zoomMeetingBody(request)).toEqual({
      topic: 'Design review',
      type: 2,
      start_time: '2026-11-27T16:00:00',
      timezone: 'Europe/Paris',
      duration: 60,
      agenda: 'Agenda items\n\n[calsync:apt_7]',
      settings: { waiting_room: false, auto_recording: 'none', alternative_hosts: '' },
    });
  });

  it('sends the passcode only when given one', () => {
    expect(zoomMeetingBody(request, { passcode: 'Ab3xyz7Kpq' }).password).toBe('Ab3xyz7Kpq');
  });

  it('cuts long titles to Zoom’s 200 characters and names untitled meetings', () => {
    expect(zoomMeetingBody({ ...request, title: 't'.repeat(300) }).topic).toHaveLength(200);
    expect(zoomMeetingBody({ ...request, title: '  ' }).topic).toBe('Meeting');
  });
});

describe('zoomMeetingBody of a recurring appointment', () => {
  const request = {
    appointmentId: 'apt_9',
    title: 'Standup',
    startsAtUTC: '2026-03-09T13:00:00Z',
    endsAtUTC: '2026-03-09T13:15:00Z',
    timeZone: 'America/New_York',
  };

  it('is a type 8 meeting at the first start with the mapped recurrence', () => {
    const body = zoomMeetingBody({ ...request, recurrence: ['RRULE:FREQ=DAILY;COUNT=10'] });
    expect(body).toMatchObject({
      type: 8,
      start_time: '2026-03-09T09:00:00',
      timezone: 'America/New_York',
      duration: 15,
      recurrence: { type: 1, repeat_interval: 1, end_times: 10 },
    });
  });

  it('is a type 3 meeting without a start time when Zoom cannot express the rule', () => {
    const body = zoomMeetingBody({ ...request, recurrence: ['RRULE:FREQ=YEARLY'] });
    expect(body.type).toBe(3);
    expect(body.start_time).toBeUndefined();
    expect(body.recurrence).toBeUndefined();
  });
});
