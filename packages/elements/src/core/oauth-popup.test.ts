import { describe, expect, it } from 'vitest';
import type { Integration } from './client.js';
import { connectionMadeSince, parseOAuthMessage } from './oauth-popup.js';

const message = (fields: Record<string, unknown>) => ({
  type: 'calsync:oauth',
  provider: 'google',
  state: 's1',
  ...fields,
});

describe('parseOAuthMessage', () => {
  it('reads a connection', () => {
    expect(parseOAuthMessage(message({ status: 'connected', integrationId: 'i1' }), 's1')).toEqual({
      kind: 'connected',
      integrationId: 'i1',
    });
  });
  it("reads a refusal by its code and the page's fixed sentence for it", () => {
    expect(
      parseOAuthMessage(
        message({
          status: 'error',
          error: 'browser_mismatch',
          message: 'This sign-in was started in another browser or window.',
        }),
        's1',
      ),
    ).toEqual({
      kind: 'failed',
      code: 'browser_mismatch',
      message: 'This sign-in was started in another browser or window.',
    });
  });
  it('reads a provider refusal and a server sentence', () => {
    expect(parseOAuthMessage(message({ status: 'error', error: 'access_denied' }), 's1')).toEqual({
      kind: 'failed',
      code: 'access_denied',
      message: 'access_denied',
    });
    expect(
      parseOAuthMessage(message({ status: 'error', error: 'The state was already used.' }), 's1'),
    ).toEqual({ kind: 'failed', code: 'oauth_failed', message: 'The state was already used.' });
  });
  it('ignores messages for another state or of another kind', () => {
    expect(parseOAuthMessage(message({ status: 'connected', state: 's2' }), 's1')).toBeNull();
    expect(parseOAuthMessage({ state: 's1', status: 'connected' }, 's1')).toBeNull();
    expect(parseOAuthMessage('calsync:oauth', 's1')).toBeNull();
  });
});

describe('connectionMadeSince', () => {
  const google = (fields: Partial<Integration> = {}): Integration => ({
    id: 'i1',
    provider: 'google',
    accountEmail: 'ann@example.com',
    syncStatus: 'active',
    statusReason: null,
    lastSyncAt: null,
    ...fields,
  });

  it('finds a new connection of the provider', () => {
    expect(connectionMadeSince([], [google()], 'google')).toBe('i1');
    expect(connectionMadeSince([], [google()], 'outlook')).toBeUndefined();
  });
  it('finds a connection the sign-in repaired, and ignores a sync meanwhile', () => {
    const broken = google({ syncStatus: 'needs_reauth', statusReason: 'token_revoked' });
    expect(connectionMadeSince([broken], [google()], 'google')).toBe('i1');
    expect(
      connectionMadeSince([google()], [google({ lastSyncAt: '2026-03-04T10:00:00Z' })], 'google'),
    ).toBeUndefined();
  });
  it('ignores a disconnected one', () => {
    expect(connectionMadeSince([], [google({ syncStatus: 'disconnected' })], 'google')).toBe(
      undefined,
    );
  });
});
