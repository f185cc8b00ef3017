/** Request bodies of the WebDAV / CalDAV methods the adapter sends (RFC 4791, 6578, 5397). */

const HEAD = '<?xml version="1.0" encoding="utf-8"?>';
const NS =
  'xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:ical="http://apple.com/ns/ical/"';

/** Escapes text for an XML element. */
export function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `YYYYMMDDTHHMMSSZ` for CalDAV time-range attributes. */
export function caldavUTC(iso: string): string {
  return `${new Date(iso).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
}

/** PROPFIND for the listed properties (qualified names such as `d:getetag`). */
export function propfindBody(props: readonly string[]): string {
  return `${HEAD}<d:propfind ${NS}><d:prop>${props.map((p) => `<${p}/>`).join('')}</d:prop></d:propfind>`;
}

/** Properties read from a principal. */
export const PRINCIPAL_PROPS = [
  'd:current-user-principal',
  'c:calendar-home-set',
  'c:calendar-user-address-set',
  'd:displayname',
];

/** Properties read from each collection of a calendar home. */
export const CALENDAR_PROPS = [
  'd:resourcetype',
  'd:displayname',
  'ical:calendar-color',
  'c:calendar-timezone',
  'c:supported-calendar-component-set',
  'd:current-user-privilege-set',
  'cs:getctag',
  'd:sync-token',
];

/** Properties read from a calendar before a sync round. */
export const SYNC_STATE_PROPS = ['d:sync-token', 'cs:getctag', 'd:resourcetype'];

/**
 * calendar-query for VEVENTs overlapping a range (iCloud rejects queries without the VEVENT
 * comp-filter). `withData` asks for the objects themselves, else etags only.
 */
export function calendarQueryBody(
  range: { startsAtUTC: string; endsAtUTC: string } | null,
  withData: boolean,
): string {
  const timeRange = range
    ? `<c:time-range start="${caldavUTC(range.startsAtUTC)}" end="${caldavUTC(range.endsAtUTC)}"/>`
    : '';
  return (
    `${HEAD}<c:calendar-query ${NS}><d:prop><d:getetag/>${withData ? '<c:calendar-data/>' : ''}</d:prop>` +
    `<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">${timeRange}</c:comp-filter></c:comp-filter></c:filter>` +
    `</c:calendar-query>`
  );
}

/** calendar-query for the object holding a UID (finding a resource after `no-uid-conflict`). */
export function uidQueryBody(uid: string): string {
  return (
    `${HEAD}<c:calendar-query ${NS}><d:prop><d:getetag/></d:prop>` +
    `<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">` +
    `<c:prop-filter name="UID"><c:text-match collation="i;octet">${xmlText(uid)}</c:text-match></c:prop-filter>` +
    `</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`
  );
}

/** calendar-multiget of the given hrefs (paths), with etags and data. */
export function multigetBody(hrefs: readonly string[]): string {
  return (
    `${HEAD}<c:calendar-multiget ${NS}><d:prop><d:getetag/><c:calendar-data/></d:prop>` +
    hrefs.map((href) => `<d:href>${xmlText(href)}</d:href>`).join('') +
    `</c:calendar-multiget>`
  );
}

/**
 * sync-collection (RFC 6578) at level 1. No `D:limit`: Xandikos slices the answer but hands
 * back the newest token, which would lose the truncated changes.
 */
export function syncCollectionBody(syncToken: string): string {
  return (
    `${HEAD}<d:sync-collection ${NS}><d:sync-token>${xmlText(syncToken)}</d:sync-token>` +
    `<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`
  );
}
