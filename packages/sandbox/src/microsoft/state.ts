import type { EventView, StoredCalendar, StoredEvent, StoredUser } from './model.js';

/** An issued access token. */
export interface AccessTokenRecord {
  userId: string;
  /** null for the control token, which lives until expired through the control API. */
  expiresMs: number | null;
  revoked: boolean;
}

/** An issued refresh token. */
export interface RefreshTokenRecord {
  userId: string;
  clientId: string;
  scope: string;
  lastUsedMs: number;
  /** Fixed expiry of tokens issued to single-page apps; null otherwise. */
  spaExpiresMs: number | null;
  revoked: boolean;
}

/** An authorization code waiting to be redeemed. */
export interface AuthCodeRecord {
  userId: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  expiresMs: number;
  redeemed: boolean;
}

/** The state a delta link stands for: the window and what the client has already been told. */
export interface DeltaRound {
  userId: string;
  calendarId: string;
  windowStartMs: number;
  windowEndMs: number;
  /** id → changeKey of every in-window item the client knows. */
  seen: Map<string, string>;
  /** The user's sync generation when issued; `expire(…, 'sync_tokens')` moves it on. */
  generation: number;
}

/** One item of a delta round. */
export type DeltaItem = { kind: 'upsert'; view: EventView } | { kind: 'removed'; id: string };

/** A delta round being paged through; every skip token points at one page of it. */
export interface DeltaPaging {
  /** The state the final delta link will stand for. */
  next: DeltaRound;
  items: DeltaItem[];
  pageSize: number;
}

/** What a skip token stands for. */
export interface DeltaPageRef {
  paging: DeltaPaging;
  offset: number;
}

/** A change notification subscription. */
export interface StoredSubscription {
  id: string;
  userId: string;
  applicationId: string;
  resource: string;
  /** Calendar the resource covers; null = every calendar of the mailbox. */
  calendarId: string | null;
  changeTypes: Set<'created' | 'updated' | 'deleted'>;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationMs: number;
  includeResourceData: boolean;
  latestSupportedTlsVersion: string;
}

/** A standalone Teams meeting (`POST /me/onlineMeetings`): not on any calendar. */
export interface StoredOnlineMeeting {
  id: string;
  userId: string;
  rendered: Record<string, unknown>;
}

/** Everything the Microsoft emulator remembers; `reset()` forgets it all. */
export class MicrosoftState {
  readonly users = new Map<string, StoredUser>();
  readonly userIdByEmail = new Map<string, string>();
  readonly calendars = new Map<string, StoredCalendar>();
  readonly events = new Map<string, StoredEvent>();
  readonly eventIdByImmutableId = new Map<string, string>();
  /** `${calendarId}|${transactionId}` → event id. */
  readonly transactions = new Map<string, string>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  readonly authCodes = new Map<string, AuthCodeRecord>();
  readonly deltaTokens = new Map<string, DeltaRound>();
  readonly skipTokens = new Map<string, DeltaPageRef>();
  /** userId → current sync generation (absent = 0). */
  readonly syncGenerations = new Map<string, number>();
  readonly subscriptions = new Map<string, StoredSubscription>();
  readonly onlineMeetings = new Map<string, StoredOnlineMeeting>();

  /** Finds a user by id or email (case-insensitive). */
  findUser(idOrEmail: string): StoredUser | undefined {
    const byId = this.users.get(idOrEmail);
    if (byId) return byId;
    const id = this.userIdByEmail.get(idOrEmail.toLowerCase());
    return id === undefined ? undefined : this.users.get(id);
  }

  /** Calendars owned by `userId`, default first. */
  ownCalendars(userId: string): StoredCalendar[] {
    return [...this.calendars.values()]
      .filter((calendar) => calendar.ownerUserId === userId)
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  }

  /** The user's default calendar. */
  defaultCalendar(userId: string): StoredCalendar | undefined {
    return this.ownCalendars(userId).find((calendar) => calendar.isDefault);
  }

  /** Events stored in a calendar (singles and masters). */
  eventsIn(calendarId: string): StoredEvent[] {
    return [...this.events.values()].filter((event) => event.calendarId === calendarId);
  }

  reset(): void {
    for (const collection of [
      this.users,
      this.userIdByEmail,
      this.calendars,
      this.events,
      this.eventIdByImmutableId,
      this.transactions,
      this.accessTokens,
      this.refreshTokens,
      this.authCodes,
      this.deltaTokens,
      this.skipTokens,
      this.subscriptions,
      this.syncGenerations,
      this.onlineMeetings,
    ]) {
      collection.clear();
    }
  }
}
