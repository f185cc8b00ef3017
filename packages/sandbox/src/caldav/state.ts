import { createHash, randomBytes } from 'node:crypto';

/** One calendar object resource: the exact bytes a client PUT, with its UID. */
export interface StoredObject {
  name: string;
  data: string;
  uid: string;
  etag: string;
  /** Collection sequence number of the last change. */
  modSeq: number;
}

/** A calendar collection with its change history for sync-collection. */
export interface StoredCalendar {
  id: string;
  displayName: string;
  color: string;
  description: string;
  objects: Map<string, StoredObject>;
  /** name → sequence number at which the object was deleted. */
  tombstones: Map<string, number>;
  /** Moves on with every change; the sync token and ctag are derived from it. */
  seq: number;
  /** Moves on when sync tokens are expired; tokens of an older epoch are invalid. */
  epoch: string;
}

/** A CalDAV account: Basic auth with the email and a password (the control token). */
export interface StoredAccount {
  email: string;
  password: string;
  passwordRevoked: boolean;
  calendars: Map<string, StoredCalendar>;
}

const SYNC_TOKEN_PREFIX = 'http://calsync.dev/ns/sync/';

/** A new random password / epoch. */
export function randomId(bytes = 12): string {
  return randomBytes(bytes).toString('base64url');
}

/** A new sync epoch (hex, so it never contains the `-` separating it from the sequence). */
export function newEpoch(): string {
  return randomBytes(6).toString('hex');
}

/** Strong, quoted ETag of the stored bytes. */
export function etagOf(data: string): string {
  return `"${createHash('sha256').update(data).digest('hex').slice(0, 32)}"`;
}

/** The collection's current `DAV:sync-token`. */
export function syncTokenOf(calendar: StoredCalendar): string {
  return `${SYNC_TOKEN_PREFIX}${calendar.epoch}-${calendar.seq}`;
}

/** The collection's `CS:getctag` (quoted so clients never read it as a number). */
export function ctagOf(calendar: StoredCalendar): string {
  return `"${calendar.epoch}-${calendar.seq}"`;
}

/** The sequence number a token stands for, or undefined when it is not one of this collection's live tokens. */
export function parseSyncToken(calendar: StoredCalendar, token: string): number | undefined {
  if (!token.startsWith(SYNC_TOKEN_PREFIX)) return undefined;
  const [epoch, seqText] = token.slice(SYNC_TOKEN_PREFIX.length).split('-');
  const seq = Number(seqText);
  if (epoch !== calendar.epoch || !Number.isInteger(seq) || seq < 0 || seq > calendar.seq)
    return undefined;
  return seq;
}

/** Creates an empty calendar. */
export function newCalendar(id: string, displayName: string): StoredCalendar {
  return {
    id,
    displayName,
    color: '#0078D4FF',
    description: '',
    objects: new Map(),
    tombstones: new Map(),
    seq: 0,
    epoch: newEpoch(),
  };
}
