/**
 * `@calsync/caldav/testing`: start real Radicale and Xandikos servers for tests, create
 * calendars, and act as "another client". Test-only; never import from production code.
 */
export type { TestCalDAVServer, StartRadicaleOptions, StartXandikosOptions } from './servers.js';
export { startRadicale, startXandikos } from './servers.js';
export { createTestCalendar, basicAuth } from './calendars.js';
export type { TokenExpiry } from './token-expiry.js';
export { tokenExpiry } from './token-expiry.js';
export type { CalDAVRemoteControl, CalDAVRemoteControlOptions } from './remote-control.js';
export { calDAVRemoteControl, MALFORMED_EVENT_ICS } from './remote-control.js';
export { floodCalendarObject, singleEventObject } from './flood.js';
