import type { SandboxAccount } from '../emulator.js';
import type { GraphDeps } from './deps.js';
import { newToken } from './ids.js';
import type { StoredUser } from './model.js';
import { addCalendar } from './routes/calendars.js';

function displayNameOf(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join(' ');
}

/** Creates (or returns) a mailbox with its default calendar, and a control token acting as the user. */
export function createGraphAccount(deps: GraphDeps, email: string): SandboxAccount {
  const { state } = deps;
  let user = state.findUser(email);
  if (!user) {
    const created: StoredUser = {
      id: crypto.randomUUID(),
      email: email.toLowerCase(),
      displayName: displayNameOf(email),
      controlToken: '',
    };
    state.users.set(created.id, created);
    state.userIdByEmail.set(created.email, created.id);
    addCalendar(deps, created, 'Calendar', true);
    user = created;
  }
  const current = state.accessTokens.get(user.controlToken);
  if (!current || current.revoked) {
    user.controlToken = newToken('EwB');
    state.accessTokens.set(user.controlToken, { userId: user.id, expiresMs: null, revoked: false });
  }
  return {
    email: user.email,
    access_token: user.controlToken,
    calendars: state.ownCalendars(user.id).map((calendar) => ({
      id: calendar.id,
      name: calendar.name,
      primary: calendar.isDefault,
    })),
  };
}
