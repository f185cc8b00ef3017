import { en } from '../locales/en.js';
import type { ConnectionStatus, ProviderName } from './client.js';

/**
 * Every user-facing string of the elements, in one place. A locale's catalog (`en` built in,
 * others registered with `registerCalsyncLocale`) provides all of them; replace some with
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
  allDay: string;
  localTime: string;
  calendarDefaultReminders: string;
  reminderBefore: (minutes: number, method: string) => string;
  attemptFailed: string;
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

/** The English strings (the `en` catalog), under the name earlier versions exported. */
export const defaultStrings: CalsyncStrings = en;

let pageOverrides: Partial<CalsyncStrings> = {};
const listeners = new Set<() => void>();

/**
 * Replaces strings for every element on the page, whatever its locale, and re-renders them.
 * Each call replaces the previous overrides; `setCalsyncStrings({})` removes them.
 *
 * @example
 * setCalsyncStrings({ syncNow: 'Refresh' });
 */
export function setCalsyncStrings(overrides: Partial<CalsyncStrings>): void {
  pageOverrides = overrides === defaultStrings ? {} : { ...overrides };
  notifyStringsChange();
}

/** The page-wide overrides set with {@link setCalsyncStrings}. */
export function pageStringOverrides(): Partial<CalsyncStrings> {
  return pageOverrides;
}

/** Calls `listener` whenever strings or locales change page-wide; returns the unsubscribe. */
export function onStringsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders every element after a page-wide change of strings or locales. */
export function notifyStringsChange(): void {
  for (const listener of listeners) listener();
}
