import type { ProviderName } from '../core/client.js';
import type { CalsyncStrings } from '../core/strings.js';
import { formatCount, pluralForm } from './plural.js';

const count = (n: number): string => formatCount('en', n);
const events = (n: number): string => pluralForm('en', n, { one: 'event', other: 'events' });

const PROVIDER_NAMES: Record<ProviderName, string> = {
  google: 'Google Calendar',
  outlook: 'Outlook',
  icloud: 'iCloud',
  caldav: 'CalDAV',
};

/**
 * The English catalog: the elements' built-in language, and the fallback for any locale without a
 * registered catalog.
 */
export const en: CalsyncStrings = {
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
    credentials_unreadable: 'The saved access can no longer be read. Reconnect to resume.',
    encryption_key_unavailable:
      'Syncing is stopped by a server configuration problem. It resumes once the service fixes it.',
    'sync disabled': 'Sync is turned off.',
  },
  syncNow: 'Sync now',
  syncing: 'Syncing…',
  syncProgress: (done, total) =>
    total === null
      ? `${count(done)} ${events(done)} so far`
      : `${count(done)} of ${count(total)} ${events(total)}`,
  lastSynced: (relative) => `Synced ${relative}`,
  neverSynced: 'Not synced yet',
  details: 'Details',
  recentActivity: 'Recent activity',
  noRecentActivity: 'No recent activity.',
  failures: 'Failures',
  noFailures: 'No failures.',
  noConnection: 'No calendar connected yet.',
  loading: 'Loading…',
  conflictsTitle: (conflicts) =>
    `${count(conflicts)} ${pluralForm('en', conflicts, { one: 'conflict', other: 'conflicts' })} to review`,
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
  allDay: 'all day',
  localTime: 'local time',
  calendarDefaultReminders: 'Calendar default',
  reminderBefore: (minutes, method) => `${count(minutes)} min before (${method})`,
  attemptFailed: 'failed',
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
