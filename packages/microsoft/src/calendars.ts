import type { RemoteCalendar } from '@calsync/core';
import { normalizeEmail } from '@calsync/core';
import { LIST_PAGE_SIZE } from './facts.js';
import type { GraphApi } from './graph/client.js';
import type { GraphEmailAddress, GraphPage } from './mapping/graph-types.js';

/** Graph `calendar`, the properties the adapter reads. */
export interface GraphCalendar {
  readonly id?: string;
  readonly name?: string;
  readonly hexColor?: string;
  readonly isDefaultCalendar?: boolean;
  readonly canEdit?: boolean;
  readonly canShare?: boolean;
  readonly canViewPrivateItems?: boolean;
  readonly owner?: GraphEmailAddress;
}

/**
 * Graph calendar → core's `RemoteCalendar`. Graph reports no role, only abilities: whoever can
 * share a calendar owns it (or is a full delegate), `canEdit` means writer, the rest reader.
 * Graph gives calendars no time zone (that is a mailbox setting), so `timeZone` is null.
 *
 * @example
 * calendarFromGraph({ id: 'AAMk…', name: 'Calendar', isDefaultCalendar: true, canEdit: true, canShare: true })
 * // { calendarId: 'AAMk…', name: 'Calendar', primary: true, accessRole: 'owner', timeZone: null, color: null }
 */
export function calendarFromGraph(
  calendar: GraphCalendar,
  accountEmail: string | null,
): RemoteCalendar | null {
  if (!calendar.id) return null;
  const ownerAddress = calendar.owner?.address ? normalizeEmail(calendar.owner.address) : null;
  const ownedByAccount = accountEmail !== null && ownerAddress === normalizeEmail(accountEmail);
  const accessRole: RemoteCalendar['accessRole'] =
    calendar.isDefaultCalendar || calendar.canShare || ownedByAccount
      ? 'owner'
      : calendar.canEdit
        ? 'writer'
        : 'reader';
  return {
    calendarId: calendar.id,
    name: calendar.name ?? '',
    primary: calendar.isDefaultCalendar === true,
    accessRole,
    timeZone: null,
    color: calendar.hexColor ? calendar.hexColor : null,
  };
}

/**
 * Every calendar the user sees in Outlook: own ones, ones shared or delegated to them, and room or
 * resource calendars they added (all listed by `/me/calendars`).
 */
export async function listGraphCalendars(graph: GraphApi): Promise<GraphCalendar[]> {
  const calendars: GraphCalendar[] = [];
  let link: string | undefined = `/me/calendars?$top=${LIST_PAGE_SIZE}`;
  while (link) {
    const page: GraphPage<GraphCalendar> = await graph.get<GraphPage<GraphCalendar>>(link, {
      action: 'list calendars',
    });
    calendars.push(...(page.value ?? []));
    link = page['@odata.nextLink'];
  }
  return calendars;
}
