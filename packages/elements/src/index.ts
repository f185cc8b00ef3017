/** Public API of @calsync/elements: the element classes, their events and types, registration. */
export { CalsyncAvailability } from './availability/availability.js';
export { CalsyncCalendarPicker } from './calendar-picker/calendar-picker.js';
export { CalsyncConflictResolver } from './conflict-resolver/conflict-resolver.js';
export { CalsyncConnectButton } from './connect-button/connect-button.js';
export { CalsyncSyncStatus } from './sync-status/sync-status.js';
export { CalsyncProvider } from './provider/provider.js';
export { configureCalsync } from './core/page-client.js';
export type { CalsyncPageOptions } from './core/page-client.js';
export { CalsyncSessionRouteError } from './core/session-route.js';
export type { BadgeStatus } from './sync-status/sync-status.js';
export { calsyncElements, defineCalsyncElements } from './registry.js';
export {
  CalsyncCalendarChangeEvent,
  CalsyncConnectEvent,
  CalsyncDisconnectEvent,
  CalsyncErrorEvent,
  CalsyncReconnectEvent,
  CalsyncResolveEvent,
  CalsyncSlotSelectEvent,
  CalsyncSyncEvent,
  CalsyncWeekChangeEvent,
} from './core/events.js';
export { defaultStrings, setCalsyncStrings } from './core/strings.js';
export { en } from './locales/en.js';
export { registerCalsyncLocale, setCalsyncLocale } from './core/locale-catalogs.js';
export type { CalsyncStrings } from './core/strings.js';
export type { CalsyncElementsJSX, CalsyncEventProps } from './jsx/elements-jsx.js';
export type {
  Availability,
  BusyPeriod,
  CalDAVConnectBody,
  CalsyncClientLike,
  ChangeEvent,
  Conflict,
  ConflictResolution,
  ConnectionStatus,
  EventVersion,
  ExternalCalendar,
  Integration,
  ProviderName,
  ResolveConflictBody,
  SyncAttempt,
  SyncEventSummary,
  SyncProgress,
  SyncStatusReport,
} from './core/client.js';
