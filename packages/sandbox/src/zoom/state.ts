import { createHash } from 'node:crypto';
import type { RandomSource } from '../shared/random.js';
import { TOKEN_ALPHABET } from '../shared/random.js';
import { ZoomApiError } from './errors.js';
import type { ZoomMeeting, ZoomTokenGrant, ZoomUser } from './types.js';

/** Used for `users/me` with a server-to-server token when no user exists yet. */
export const DEFAULT_ZOOM_OWNER = 'owner@zoom.example.com';

/** Users, meetings and tokens of the Zoom emulator. */
export class ZoomState {
  readonly users = new Map<string, ZoomUser>();
  readonly meetings = new Map<string, ZoomMeeting>();
  /** Ids of deleted meetings: never reissued. */
  readonly deleted = new Set<string>();
  readonly tokens = new Map<string, ZoomTokenGrant>();

  constructor(private readonly random: RandomSource) {}

  ensureUser(email: string): ZoomUser {
    let user = this.users.get(email);
    if (user === undefined) {
      user = { email, id: createHash('sha256').update(email).digest('base64url').slice(0, 22) };
      this.users.set(email, user);
    }
    return user;
  }

  /** By e-mail or user id. */
  findUser(userId: string): ZoomUser | undefined {
    const lower = userId.toLowerCase();
    return this.users.get(lower) ?? [...this.users.values()].find((user) => user.id === userId);
  }

  userOrThrow(email: string): ZoomUser {
    const user = this.users.get(email);
    if (user === undefined) throw new ZoomApiError(404, 1001, `User does not exist: ${email}.`);
    return user;
  }

  /** The account owner: the first user, created on demand. */
  accountOwner(): ZoomUser {
    const first = this.users.values().next();
    return first.done === true ? this.ensureUser(DEFAULT_ZOOM_OWNER) : first.value;
  }

  issueToken(grant: ZoomTokenGrant): string {
    const token = `eyJzandbox.${this.random.string(48, TOKEN_ALPHABET)}`;
    this.tokens.set(token, grant);
    return token;
  }

  reset(): void {
    this.users.clear();
    this.meetings.clear();
    this.deleted.clear();
    this.tokens.clear();
  }
}
