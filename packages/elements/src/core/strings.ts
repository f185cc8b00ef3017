import type { ConnectionStatus, ProviderName } from './client.js';

/**
 * Every user-facing string of the elements, in one place. Replace some or all with
 * {@link setCalsyncStrings} (every element), or an element's `strings` property (that one).
 */
export interface CalsyncStrings {
  providerName: Record<ProviderName, string>;
  connect: (provider: string) => string;
  connecting: string;
  reconnect: string;
  connectedAs: (account: string) => string;
  connected: string;
  disconnect: string;
  disconnectConfirm: (provider: string) => string;
  disconnectKeeps: string;
  cancel: string;
  popupBlocked: string;
  popupClosed: string;
  accessDenied: string;
  serverUrl: string;
  serverUrlHint: string;
  username: string;
  usernameICloud: string;
  password: string;
  passwordICloud: string;
  appSpecificPasswordHint: string;
  appSpecificPasswordLink: string;
  required: (field: string) => string;
  invalidUrl: string;
  invalidEmail: string;
  invalidAppPassword: string;
  credentialsRejected: string;
  genericError: string;
  status: Record<ConnectionStatus | 'syncing', string>;
  statusReason: Record<string, string>;
  syncNow: string;
  syncing: string;
  syncProgress: (done: number, total: number | null) => string;
  lastSynced: (relative: string) => string;
  neverSynced: string;
  details: string;
  recentActivity: string;
  noRecentActivity: string;
  failures: string;
  noFailures: string;
  noConnection: string;
  loading: string;
  conflictsTitle: (count: number) => string;
  noConflicts: string;
  conflictDetected: (relative: string) => string;
  field: string;
  internalSide: string;
  externalSide: string;
  fieldName: Record<string, string>;
  autoResolution: Record<string, string>;
  changedOnBothSides: string;
  resolutionLabel: string;
  keepInternal: string;
  keepExternal: string;
  merge: string;
  keepBoth: string;
  keepBothHint: string;
  reason: string;
  reasonPlaceholder: string;
  apply: string;
  applying: string;
  chooseForField: (field: string, side: string, value: string) => string;
  emptyValue: string;
  untitled: string;
  previousWeek: string;
  nextWeek: string;
  thisWeek: string;
  weekOf: (range: string) => string;
  busy: string;
  free: string;
  busyFrom: (source: string) => string;
  slotLabel: (day: string, time: string, busy: boolean) => string;
  timeZoneNote: (zone: string) => string;
  calendarsTitle: string;
  importColumn: string;
  importCalendar: (name: string) => string;
  destinationTitle: string;
  destinationHint: string;
  readOnly: string;
  primary: string;
  noCalendars: string;
  saveFailed: string;
}

const PROVIDER_NAMES: Record<ProviderName, string> = {
  google: 'Google Calendar',
  outlook: 'Outlook',
  icloud: 'iCloud',
  caldav: 'CalDAV',
};

/** The English strings. */
export const defaultStrings: CalsyncStrings = {
  providerName: PROVIDER_NAMES,
  connect: (provider) => `Connect ${provider}`,
  connecting: 'Connecting…',
  reconnect: 'Reconnect',
  connectedAs: (account) => `Connected as ${account}`,
  connected: 'Connected',
  disconnect: 'Disconnect',
  disconnectConfirm: (provider) => `Disconnect ${provider}?`,
  disconnectKeeps:
    'Sync stops and access is revoked. Appointments already synced stay in both places.',
  cancel: 'Cancel',
  popupBlocked: 'The sign-in window was blocked. Allow pop-ups for this site and try again.',
  popupClosed: 'The sign-in window was closed before finishing.',
  accessDenied: 'Access was not granted, so nothing was connected.',
  serverUrl: 'Server URL',
  serverUrlHint: 'The CalDAV address your provider gives you, starting with https://',
  username: 'Username',
  usernameICloud: 'Apple ID',
  password: 'Password',
  passwordICloud: 'App-specific password',
  appSpecificPasswordHint:
    'Apple requires an app-specific password for calendar apps — not your Apple ID password.',
  appSpecificPasswordLink: 'Create one at appleid.apple.com',
  required: (field) => `${field} is required.`,
  invalidUrl: 'Enter a full URL starting with https://',
  invalidEmail: 'Enter the email address of your Apple ID.',
  invalidAppPassword: 'App-specific passwords look like abcd-efgh-ijkl-mnop.',
  credentialsRejected:
    'The server refused these credentials. Check them; for iCloud, create an app-specific password.',
  genericError: 'Something went wrong. Try again.',
  status: {
    active: 'Active',
    syncing: 'Syncing',
    paused: 'Paused',
    error: 'Error',
    needs_reauth: 'Needs reconnect',
    disconnected: 'Disconnected',
  },
  statusReason: {
    paused_by_user: 'Paused by you.',
    too_many_conflicts: 'Paused: too many unresolved conflicts. Resolve them to resume.',
    token_refresh_failed: 'Access expired. Reconnect to resume syncing.',
    provider_rejected_credentials: 'The provider rejected the saved access. Reconnect to resume.',
    'sync disabled': 'Sync is turned off.',
  },
  syncNow: 'Sync now',
  syncing: 'Syncing…',
  syncProgress: (done, total) =>
    total === null ? `${done} events so far` : `${done} of ${total} events`,
  lastSynced: (relative) => `Synced ${relative}`,
  neverSynced: 'Not synced yet',
  details: 'Details',
  recentActivity: 'Recent activity',
  noRecentActivity: 'No recent activity.',
  failures: 'Failures',
  noFailures: 'No failures.',
  noConnection: 'No calendar connected yet.',
  loading: 'Loading…',
  conflictsTitle: (count) =>
    count === 1 ? '1 conflict to review' : `${count} conflicts to review`,
  noConflicts: 'No conflicts. Everything is in sync.',
  conflictDetected: (relative) => `Detected ${relative}`,
  field: 'Field',
  internalSide: 'In this app',
  externalSide: 'In your calendar',
  fieldName: {
    title: 'Title',
    description: 'Description',
    location: 'Location',
    time: 'Time',
    recurrence: 'Repeats',
    attendees: 'Attendees',
    status: 'Status',
    meeting: 'Video meeting',
    reminders: 'Reminders',
    transparency: 'Show as',
  },
  autoResolution: {
    kept_external: 'Until you choose, the calendar’s version is kept.',
    kept_internal: 'Until you choose, this app’s version is kept.',
  },
  changedOnBothSides: 'Changed on both sides',
  resolutionLabel: 'How to resolve',
  keepInternal: 'Keep this app’s version',
  keepExternal: 'Keep the calendar’s version',
  merge: 'Merge field by field',
  keepBoth: 'Keep both',
  keepBothHint: 'Adds this app’s version as a separate appointment.',
  reason: 'Note (optional)',
  reasonPlaceholder: 'Why this choice, for your records',
  apply: 'Apply',
  applying: 'Applying…',
  chooseForField: (field, side, value) => `${field}: keep “${value}” (${side.toLowerCase()})`,
  emptyValue: '—',
  untitled: '(untitled)',
  previousWeek: 'Previous week',
  nextWeek: 'Next week',
  thisWeek: 'Today',
  weekOf: (range) => `Week of ${range}`,
  busy: 'Busy',
  free: 'Free',
  busyFrom: (source) => `Busy (${source})`,
  slotLabel: (day, time, busy) => `${day}, ${time}, ${busy ? 'busy' : 'free'}`,
  timeZoneNote: (zone) => `Times in ${zone}`,
  calendarsTitle: 'Import events from',
  importColumn: 'Import',
  importCalendar: (name) => `Import events from ${name}`,
  destinationTitle: 'Add new bookings to',
  destinationHint: 'Only calendars you can write to are listed.',
  readOnly: 'Read only',
  primary: 'Primary',
  noCalendars: 'This account has no calendars.',
  saveFailed: 'Could not save that change. Try again.',
};

let globalStrings: CalsyncStrings = defaultStrings;
const listeners = new Set<() => void>();

/**
 * Replaces strings for every element on the page (e.g. a translation), and re-renders them.
 *
 * @example
 * setCalsyncStrings({ syncNow: 'Jetzt synchronisieren' });
 */
export function setCalsyncStrings(overrides: Partial<CalsyncStrings>): void {
  globalStrings = { ...defaultStrings, ...overrides };
  for (const listener of listeners) listener();
}

/** The page-wide strings. */
export function calsyncStrings(): CalsyncStrings {
  return globalStrings;
}

/** Calls `listener` whenever {@link setCalsyncStrings} runs; returns the unsubscribe. */
export function onStringsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
