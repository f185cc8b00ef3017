import { GraphError, itemNotFound } from './errors.js';
import type { CalendarRole, StoredCalendar, StoredUser } from './model.js';

const READ_ROLES: ReadonlySet<CalendarRole | 'owner'> = new Set([
  'owner',
  'read',
  'write',
  'delegateWithoutPrivateEventAccess',
  'delegateWithPrivateEventAccess',
]);
const WRITE_ROLES: ReadonlySet<CalendarRole | 'owner'> = new Set([
  'owner',
  'write',
  'delegateWithoutPrivateEventAccess',
  'delegateWithPrivateEventAccess',
]);

/** The caller's role on a calendar: its owner, or what the owner shared with them. */
export function roleOn(caller: StoredUser, calendar: StoredCalendar): CalendarRole | 'owner' {
  if (calendar.ownerUserId === caller.id) return 'owner';
  return calendar.permissions.get(caller.id) ?? 'none';
}

/** True when the caller may see the calendar's events. */
export function canRead(caller: StoredUser, calendar: StoredCalendar): boolean {
  return READ_ROLES.has(roleOn(caller, calendar));
}

/** True when the caller may change the calendar's events. */
export function canWrite(caller: StoredUser, calendar: StoredCalendar): boolean {
  return WRITE_ROLES.has(roleOn(caller, calendar));
}

/** Throws 404 when the calendar is unknown to the caller, 403 when they may only see free/busy. */
export function requireRead(
  caller: StoredUser,
  calendar: StoredCalendar | undefined,
): StoredCalendar {
  if (!calendar) throw itemNotFound();
  const role = roleOn(caller, calendar);
  if (role === 'none') throw itemNotFound();
  if (!READ_ROLES.has(role)) throw accessDenied();
  return calendar;
}

/** Like {@link requireRead}, and 403 unless the caller may write. */
export function requireWrite(
  caller: StoredUser,
  calendar: StoredCalendar | undefined,
): StoredCalendar {
  const readable = requireRead(caller, calendar);
  if (!canWrite(caller, readable)) throw accessDenied();
  return readable;
}

function accessDenied(): GraphError {
  return new GraphError(
    403,
    'ErrorAccessDenied',
    'Access is denied. Check credentials and try again.',
  );
}
