import type { ConflictResolution, ExternalCalendar, Integration, ProviderName } from './client.js';

/** Every Calsync event bubbles and crosses shadow roots: hosts listen outside our shadow DOM. */
const OUTWARD: EventInit = { bubbles: true, composed: true };

/** The user connected an account. */
export class CalsyncConnectEvent extends Event {
  static readonly eventName = 'calsync-connect';
  constructor(readonly detail: { readonly integration: Integration }) {
    super(CalsyncConnectEvent.eventName, OUTWARD);
  }
}

/** The user disconnected an account (after confirming). */
export class CalsyncDisconnectEvent extends Event {
  static readonly eventName = 'calsync-disconnect';
  constructor(
    readonly detail: { readonly integrationId: string; readonly provider: ProviderName },
  ) {
    super(CalsyncDisconnectEvent.eventName, OUTWARD);
  }
}

/** Something the user asked for failed; `code` is the API's error code. */
export class CalsyncErrorEvent extends Event {
  static readonly eventName = 'calsync-error';
  constructor(readonly detail: { readonly code: string; readonly message: string }) {
    super(CalsyncErrorEvent.eventName, OUTWARD);
  }
}

/** The user asked for a sync and the server accepted it. */
export class CalsyncSyncEvent extends Event {
  static readonly eventName = 'calsync-sync';
  constructor(readonly detail: { readonly integrationId: string }) {
    super(CalsyncSyncEvent.eventName, OUTWARD);
  }
}

/**
 * The user pressed Reconnect. Cancelable: call `preventDefault()` to run your own flow instead
 * of the built-in sign-in window (which only Google and Outlook have).
 */
export class CalsyncReconnectEvent extends Event {
  static readonly eventName = 'calsync-reconnect';
  constructor(
    readonly detail: { readonly integrationId: string; readonly provider: ProviderName },
  ) {
    super(CalsyncReconnectEvent.eventName, { ...OUTWARD, cancelable: true });
  }
}

/** The user resolved a conflict and the server applied it. */
export class CalsyncResolveEvent extends Event {
  static readonly eventName = 'calsync-resolve';
  constructor(
    readonly detail: {
      readonly integrationId: string;
      readonly conflictId: string;
      readonly resolution: ConflictResolution;
      readonly merged?: Readonly<Record<string, unknown>>;
      readonly reason?: string;
    },
  ) {
    super(CalsyncResolveEvent.eventName, OUTWARD);
  }
}

/** The user chose a slot of the availability grid (Enter, Space or a click). */
export class CalsyncSlotSelectEvent extends Event {
  static readonly eventName = 'calsync-slot-select';
  constructor(
    readonly detail: {
      /** RFC 3339 (UTC). */
      readonly start: string;
      /** RFC 3339 (UTC), exclusive. */
      readonly end: string;
      readonly busy: boolean;
    },
  ) {
    super(CalsyncSlotSelectEvent.eventName, OUTWARD);
  }
}

/** The user moved the availability grid to another week. */
export class CalsyncWeekChangeEvent extends Event {
  static readonly eventName = 'calsync-week-change';
  constructor(readonly detail: { readonly weekStart: string }) {
    super(CalsyncWeekChangeEvent.eventName, OUTWARD);
  }
}

/** The user changed which calendars import, or which one receives exports. */
export class CalsyncCalendarChangeEvent extends Event {
  static readonly eventName = 'calsync-calendar-change';
  constructor(
    readonly detail: { readonly integrationId: string; readonly calendar: ExternalCalendar },
  ) {
    super(CalsyncCalendarChangeEvent.eventName, OUTWARD);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'calsync-connect': CalsyncConnectEvent;
    'calsync-disconnect': CalsyncDisconnectEvent;
    'calsync-error': CalsyncErrorEvent;
    'calsync-sync': CalsyncSyncEvent;
    'calsync-reconnect': CalsyncReconnectEvent;
    'calsync-resolve': CalsyncResolveEvent;
    'calsync-slot-select': CalsyncSlotSelectEvent;
    'calsync-week-change': CalsyncWeekChangeEvent;
    'calsync-calendar-change': CalsyncCalendarChangeEvent;
  }
}
