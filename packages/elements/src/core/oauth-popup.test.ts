import { describe, expect, it } from 'vitest';
import { parseOAuthMessage } from './oauth-popup.js';

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
