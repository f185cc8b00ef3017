import { createHash } from 'node:crypto';
import type { SandboxAccount } from '../emulator.js';
import type { GoogleAccount, GoogleCalendar, StoredEvent } from './types.js';

/** Accounts, calendars, events and the change sequence of the Google emulator. */
export class GoogleState {
  readonly accounts = new Map<string, GoogleAccount>();
  readonly calendars = new Map<string, GoogleCalendar>();
  /** Events whose Meet conference is still `pending`. */
  readonly pendingConferences = new Set<StoredEvent>();
  private changeSeq = 0;
  private etagCounter = 0;

  /** The next position in the change log. */
  nextChangeSeq(): number {
    this.changeSeq += 1;
    return this.changeSeq;
  }

  /** The latest position in the change log. */
  currentChangeSeq(): number {
    return this.changeSeq;
  }

  /** A fresh quoted etag. */
  nextEtag(nowMs: number): string {
    this.etagCounter += 1;
    return `"${nowMs * 1000 + (this.etagCounter % 1000)}"`;
  }

  /** Creates the account with a primary and a secondary calendar, or returns it. */
  ensureAccount(email: string): GoogleAccount {
    const existing = this.accounts.get(email);
    if (existing !== undefined) return existing;
    const secondaryId = `sandbox-${createHash('sha256').update(email).digest('hex').slice(0, 16)}@group.calendar.google.com`;
    const account: GoogleAccount = { email, calendarIds: [email, secondaryId], syncEpoch: 0 };
    this.accounts.set(email, account);
    this.calendars.set(email, newCalendar(email, email, email, true));
    this.calendars.set(secondaryId, newCalendar(secondaryId, email, 'Sandbox secondary', false));
    return account;
  }

  /** The control API's view of the account. */
  describe(account: GoogleAccount, accessToken: string): SandboxAccount {
    return {
      email: account.email,
      access_token: accessToken,
      calendars: account.calendarIds.flatMap((id) => {
        const calendar = this.calendars.get(id);
        return calendar === undefined
          ? []
          : [{ id, name: calendar.summary, primary: calendar.primary }];
      }),
    };
  }

  /** Resolves `primary` and checks that the account may use the calendar. */
  calendarFor(email: string, calendarId: string): GoogleCalendar | undefined {
    const id = calendarId === 'primary' ? email : calendarId;
    const calendar = this.calendars.get(id);
    return calendar?.ownerEmail === email ? calendar : undefined;
  }

  /** Every event of every calendar, for sweeps (pending conferences). */
  *allEvents(): Iterable<StoredEvent> {
    for (const calendar of this.calendars.values()) yield* calendar.events.values();
  }

  reset(): void {
    this.accounts.clear();
    this.calendars.clear();
    this.pendingConferences.clear();
  }
}

function newCalendar(
  id: string,
  ownerEmail: string,
  summary: string,
  primary: boolean,
): GoogleCalendar {
  return {
    id,
    ownerEmail,
    summary,
    timeZone: 'UTC',
    primary,
    defaultReminders: primary ? [{ method: 'popup', minutes: 10 }] : [],
    events: new Map(),
    usedIds: new Set(),
    purgedThroughSeq: 0,
  };
}
