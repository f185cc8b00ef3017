import type { Operation } from './operations.js';

/**
 * Instances of a host series moved and cancelled in Google, Outlook and CalDAV at nearly the same
 * moment, with lost responses: each change must reach the other calendars, and the two moves of
 * instance 0 (Google, then CalDAV) end at the later one or in a recorded conflict.
 */
export const SERIES_EDITED_EVERYWHERE: Operation[] = [
  { op: 'host_create_series', key: 'k1', slot: { day: 3, hour: 9, hours: 1 }, count: 4 },
  { op: 'settle', ms: 1500 },
  { op: 'instance_move', provider: 'google', key: 'k1', index: 0, hour: 15 },
  { op: 'instance_cancel', provider: 'caldav', key: 'k1', index: 3 },
  { op: 'instance_cancel', provider: 'microsoft', key: 'k1', index: 1 },
  { op: 'instance_move', provider: 'microsoft', key: 'k1', index: 2, hour: 7 },
  { op: 'fault', provider: 'microsoft', kind: 'lost_response', count: 2 },
  { op: 'instance_move', provider: 'caldav', key: 'k1', index: 0, hour: 17 },
];

/**
 * Shrunk from soak failures, run by `npm test`: an event Calsync made and Outlook's user deleted
 * before the next delta round (Graph never reports it); a newer edit reviving an appointment
 * deleted in Google; a series edited everywhere at once.
 */
export const FOUND_BY_THE_SOAK: Record<string, Operation[]> = {
  'an event deleted in Outlook right after Calsync created it': [
    { op: 'host_create', key: 'k1', slot: { day: 18, hour: 18, hours: 1 } },
    { op: 'external_delete', provider: 'microsoft', key: 'k1' },
  ],
  'an appointment deleted in Google, then edited in Outlook, comes back to Google': [
    { op: 'host_create', key: 'k1', slot: { day: 19, hour: 11, hours: 2 } },
    { op: 'external_delete', provider: 'google', key: 'k1' },
    { op: 'host_retitle', key: 'k1' },
    { op: 'host_retitle', key: 'k1' },
    { op: 'external_retitle', provider: 'microsoft', key: 'k1' },
  ],
  'a series whose instances are moved and cancelled in every calendar at once':
    SERIES_EDITED_EVERYWHERE,
};
