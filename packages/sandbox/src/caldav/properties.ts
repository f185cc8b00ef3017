import type { CalDAVDeps, DavResource } from './context.js';
import { hrefs } from './context.js';
import { SUPPORTED_COMPONENTS } from './icalendar.js';
import type { StoredObject } from './state.js';
import { ctagOf, syncTokenOf } from './state.js';
import { element, escapeXml, NS, propKey } from './xml.js';

/** Properties only sent when asked for by name (never with allprop). */
const ON_REQUEST_ONLY = new Set([propKey(NS.CALDAV, 'calendar-data')]);

const href = (value: string): string => `<d:href>${escapeXml(value)}</d:href>`;

function privileges(): string {
  return ['read', 'write', 'write-properties', 'write-content', 'bind', 'unbind']
    .map((p) => `<d:privilege><d:${p}/></d:privilege>`)
    .join('');
}

function reportSet(): string {
  return [
    [NS.CALDAV, 'calendar-query'],
    [NS.CALDAV, 'calendar-multiget'],
    [NS.DAV, 'sync-collection'],
  ]
    .map(
      ([ns = '', name = '']) =>
        `<d:supported-report><d:report>${element(ns, name)}</d:report></d:supported-report>`,
    )
    .join('');
}

function objectProperties(object: StoredObject): Map<string, string> {
  const component = /BEGIN:VTODO/i.test(object.data) ? 'vtodo' : 'vevent';
  return new Map([
    [propKey(NS.DAV, 'resourcetype'), ''],
    [propKey(NS.DAV, 'getetag'), escapeXml(object.etag)],
    [propKey(NS.DAV, 'getcontenttype'), `text/calendar; charset=utf-8; component=${component}`],
    [propKey(NS.DAV, 'getcontentlength'), String(Buffer.byteLength(object.data))],
    [propKey(NS.CALDAV, 'calendar-data'), escapeXml(object.data)],
  ]);
}

/** Every property the resource has, as inner XML keyed by `{ns}name`. */
export function propertiesOf(
  deps: CalDAVDeps,
  resource: DavResource,
  principalHref: string,
): Map<string, string> {
  const common: [string, string][] = [
    [propKey(NS.DAV, 'current-user-principal'), href(principalHref)],
  ];
  switch (resource.kind) {
    case 'root':
      return new Map([...common, [propKey(NS.DAV, 'resourcetype'), '<d:collection/>']]);
    case 'principal': {
      const { account } = resource;
      return new Map([
        ...common,
        [propKey(NS.DAV, 'resourcetype'), '<d:principal/>'],
        [propKey(NS.DAV, 'displayname'), escapeXml(account.email)],
        [propKey(NS.DAV, 'principal-URL'), href(hrefs.principal(deps, account))],
        [propKey(NS.CALDAV, 'calendar-home-set'), href(hrefs.home(deps, account))],
        [propKey(NS.CALDAV, 'calendar-user-address-set'), href(`mailto:${account.email}`)],
      ]);
    }
    case 'home':
      return new Map([
        ...common,
        [propKey(NS.DAV, 'resourcetype'), '<d:collection/>'],
        [propKey(NS.DAV, 'displayname'), 'Calendars'],
      ]);
    case 'calendar': {
      const { calendar } = resource;
      return new Map([
        ...common,
        [propKey(NS.DAV, 'resourcetype'), '<d:collection/><c:calendar/>'],
        [propKey(NS.DAV, 'displayname'), escapeXml(calendar.displayName)],
        [propKey(NS.CALDAV, 'calendar-description'), escapeXml(calendar.description)],
        [
          propKey(NS.CALDAV, 'supported-calendar-component-set'),
          SUPPORTED_COMPONENTS.map((name) => `<c:comp name="${name}"/>`).join(''),
        ],
        [propKey(NS.CS, 'getctag'), escapeXml(ctagOf(calendar))],
        [propKey(NS.DAV, 'getetag'), escapeXml(ctagOf(calendar))],
        [propKey(NS.DAV, 'sync-token'), escapeXml(syncTokenOf(calendar))],
        [propKey(NS.ICAL, 'calendar-color'), escapeXml(calendar.color)],
        [propKey(NS.DAV, 'supported-report-set'), reportSet()],
        [propKey(NS.DAV, 'current-user-privilege-set'), privileges()],
      ]);
    }
    case 'object':
      return new Map([...common, ...objectProperties(resource.object)]);
    default:
      return new Map();
  }
}

/** A requested property name. */
export interface PropName {
  ns: string;
  name: string;
}

/**
 * One `DAV:response` with a 200 propstat for the properties found and a 404 propstat for the rest.
 * `requested` null means allprop.
 */
export function propResponse(
  responseHref: string,
  properties: Map<string, string>,
  requested: PropName[] | null,
): string {
  const found: string[] = [];
  const missing: string[] = [];
  const wanted =
    requested ??
    [...properties.keys()]
      .filter((key) => !ON_REQUEST_ONLY.has(key))
      .map((key) => {
        const [, ns = '', name = ''] = /^\{(.*)\}(.*)$/.exec(key) ?? [];
        return { ns, name };
      });
  for (const { ns, name } of wanted) {
    const value = properties.get(propKey(ns, name));
    if (value === undefined) missing.push(element(ns, name));
    else found.push(element(ns, name, value));
  }
  const propstat = (props: string[], status: string): string =>
    props.length === 0
      ? ''
      : `<d:propstat><d:prop>${props.join('')}</d:prop><d:status>HTTP/1.1 ${status}</d:status></d:propstat>`;
  return `<d:response>${href(responseHref)}${propstat(found, '200 OK')}${propstat(missing, '404 Not Found')}</d:response>`;
}

/** A `DAV:response` with only a status (e.g. 404 for a removed member). */
export function statusResponse(responseHref: string, status: string): string {
  return `<d:response>${href(responseHref)}<d:status>HTTP/1.1 ${status}</d:status></d:response>`;
}
