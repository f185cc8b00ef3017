import type { CalDAVDeps, DavResource } from './context.js';
import { hrefs } from './context.js';
import type { PropName } from './properties.js';
import { propertiesOf, propResponse } from './properties.js';
import { multistatus, plain } from './responses.js';
import type { StoredAccount } from './state.js';
import type { XmlElement } from './xml.js';
import { child, NS } from './xml.js';

/** The property names a PROPFIND asks for; null for allprop (or an empty body). */
export function requestedProps(body: XmlElement | null): PropName[] | null {
  const prop = child(body ?? undefined, NS.DAV, 'prop');
  if (!prop) return null;
  return prop.children.map(({ ns, name }) => ({ ns, name }));
}

function hrefOf(deps: CalDAVDeps, resource: DavResource): string {
  switch (resource.kind) {
    case 'principal':
      return hrefs.principal(deps, resource.account);
    case 'home':
      return hrefs.home(deps, resource.account);
    case 'calendar':
      return hrefs.calendar(deps, resource.account, resource.calendar);
    case 'object':
      return hrefs.object(deps, resource.account, resource.calendar, resource.object.name);
    default:
      return hrefs.root(deps);
  }
}

function childrenOf(resource: DavResource): DavResource[] {
  if (resource.kind === 'home') {
    return [...resource.account.calendars.values()].map((calendar) => ({
      kind: 'calendar',
      account: resource.account,
      calendar,
    }));
  }
  if (resource.kind === 'calendar') {
    return [...resource.calendar.objects.values()].map((object) => ({
      kind: 'object',
      account: resource.account,
      calendar: resource.calendar,
      object,
    }));
  }
  return [];
}

/** PROPFIND with Depth 0 or 1 (infinity is treated as 1). */
export function propfind(
  deps: CalDAVDeps,
  caller: StoredAccount,
  resource: DavResource,
  body: XmlElement | null,
  depth: string | undefined,
): Response {
  if (
    resource.kind === 'unknown' ||
    resource.kind === 'new-object' ||
    resource.kind === 'new-calendar'
  ) {
    return plain(404, 'Not Found');
  }
  const wanted = requestedProps(body);
  const principalHref = hrefs.principal(deps, caller);
  const targets = depth === '0' ? [resource] : [resource, ...childrenOf(resource)];
  return multistatus(
    targets.map((target) =>
      propResponse(hrefOf(deps, target), propertiesOf(deps, target, principalHref), wanted),
    ),
  );
}
