import { canRead, canWrite, roleOn } from '../access.js';
import { addressedCalendar } from '../calendar-lookup.js';
import type { GraphDeps } from '../deps.js';
import { GraphError } from '../errors.js';
import { graphApp, readJSONObject } from '../http.js';
import { newChangeKey, newItemId } from '../ids.js';
import type { CalendarRole, StoredCalendar, StoredUser } from '../model.js';

const ROLES: CalendarRole[] = [
  'none',
  'freeBusyRead',
  'limitedRead',
  'read',
  'write',
  'delegateWithoutPrivateEventAccess',
  'delegateWithPrivateEventAccess',
];

/** Renders a calendar as the caller sees it. */
export function renderCalendar(
  deps: GraphDeps,
  calendar: StoredCalendar,
  caller: StoredUser,
): Record<string, unknown> {
  const owner = deps.state.users.get(calendar.ownerUserId);
  const isOwner = calendar.ownerUserId === caller.id;
  return {
    '@odata.etag': `W/"${calendar.changeKey}"`,
    id: calendar.id,
    name: calendar.name,
    color: calendar.color,
    hexColor: calendar.hexColor,
    isDefaultCalendar: isOwner && calendar.isDefault,
    changeKey: calendar.changeKey,
    canShare: isOwner,
    canViewPrivateItems: isOwner || roleOn(caller, calendar) === 'delegateWithPrivateEventAccess',
    canEdit: canWrite(caller, calendar),
    isRemovable: !calendar.isDefault,
    isTallyingResponses: isOwner,
    allowedOnlineMeetingProviders: ['teamsForBusiness'],
    defaultOnlineMeetingProvider: 'teamsForBusiness',
    owner: { name: owner?.displayName ?? '', address: owner?.email ?? '' },
  };
}

/** Creates a calendar owned by `owner`. */
export function addCalendar(
  deps: GraphDeps,
  owner: StoredUser,
  name: string,
  isDefault: boolean,
): StoredCalendar {
  const calendar: StoredCalendar = {
    id: newItemId(),
    ownerUserId: owner.id,
    name,
    color: 'auto',
    hexColor: '',
    isDefault,
    changeKey: newChangeKey(),
    permissions: new Map(),
  };
  deps.state.calendars.set(calendar.id, calendar);
  return calendar;
}

/** Calendars, the default calendar, and sharing (`calendarPermissions`). */
export function calendarRoutes(deps: GraphDeps) {
  const app = graphApp(deps);

  app.get('/calendars', (c) => {
    const caller = c.get('caller');
    const target = c.get('target');
    const own = deps.state.ownCalendars(target.id);
    const sharedWithTarget = [...deps.state.calendars.values()].filter((cal) =>
      cal.permissions.has(target.id),
    );
    const visible = [...own, ...sharedWithTarget].filter(
      (cal) => caller.id === target.id || canRead(caller, cal),
    );
    if (visible.length === 0) {
      throw new GraphError(
        403,
        'ErrorAccessDenied',
        'Access is denied. Check credentials and try again.',
      );
    }
    return c.json({
      '@odata.context': `${deps.ctx.providerBaseUrl()}/v1.0/$metadata#calendars`,
      value: visible.map((cal) => renderCalendar(deps, cal, caller)),
    });
  });

  app.get('/calendar', (c) =>
    c.json(renderCalendar(deps, addressedCalendar(deps, c), c.get('caller'))),
  );
  app.get('/calendars/:calendarId', (c) =>
    c.json(renderCalendar(deps, addressedCalendar(deps, c), c.get('caller'))),
  );

  app.post('/calendars', async (c) => {
    const target = c.get('target');
    if (c.get('caller').id !== target.id) {
      throw new GraphError(
        403,
        'ErrorAccessDenied',
        'Access is denied. Check credentials and try again.',
      );
    }
    const body = await readJSONObject(c);
    if (typeof body.name !== 'string' || body.name === '') {
      throw new GraphError(400, 'ErrorInvalidRequest', 'The calendar name is required.');
    }
    if (deps.state.ownCalendars(target.id).some((cal) => cal.name === body.name)) {
      throw new GraphError(
        409,
        'ErrorInvalidRequest',
        'A folder with the specified name already exists.',
      );
    }
    return c.json(renderCalendar(deps, addCalendar(deps, target, body.name, false), target), 201);
  });

  app.delete('/calendars/:calendarId', (c) => {
    const calendar = addressedCalendar(deps, c);
    if (calendar.ownerUserId !== c.get('caller').id || calendar.isDefault) {
      throw new GraphError(
        403,
        'ErrorAccessDenied',
        'The default calendar or a shared calendar cannot be deleted.',
      );
    }
    for (const event of deps.state.eventsIn(calendar.id)) deps.state.events.delete(event.id);
    deps.state.calendars.delete(calendar.id);
    return c.body(null, 204);
  });

  const permissionsPaths = [
    '/calendar/calendarPermissions',
    '/calendars/:calendarId/calendarPermissions',
  ];
  for (const path of permissionsPaths) {
    app.get(path, (c) => {
      const calendar = addressedCalendar(deps, c);
      const value = [...calendar.permissions].map(([userId, role]) => {
        const user = deps.state.users.get(userId);
        return {
          id: userId,
          emailAddress: { name: user?.displayName ?? '', address: user?.email ?? '' },
          role,
          isRemovable: true,
          isInsideOrganization: true,
          allowedRoles: ROLES,
        };
      });
      return c.json({ value });
    });

    app.post(path, async (c) => {
      const calendar = addressedCalendar(deps, c);
      if (calendar.ownerUserId !== c.get('caller').id) {
        throw new GraphError(403, 'ErrorAccessDenied', 'Only the owner can share a calendar.');
      }
      const body = await readJSONObject(c);
      const address = (body.emailAddress as { address?: unknown } | undefined)?.address;
      const role = body.role as CalendarRole;
      const sharee = typeof address === 'string' ? deps.state.findUser(address) : undefined;
      if (!sharee)
        throw new GraphError(
          400,
          'ErrorInvalidRequest',
          'The recipient is not a mailbox in this tenant.',
        );
      if (!ROLES.includes(role))
        throw new GraphError(400, 'ErrorInvalidRequest', `Invalid role '${String(role)}'.`);
      calendar.permissions.set(sharee.id, role);
      calendar.changeKey = newChangeKey();
      return c.json(
        {
          id: sharee.id,
          emailAddress: { name: sharee.displayName, address: sharee.email },
          role,
          isRemovable: true,
          isInsideOrganization: true,
          allowedRoles: ROLES,
        },
        201,
      );
    });
  }
  return app;
}
