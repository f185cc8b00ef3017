import { createHash } from 'node:crypto';
import { AuthError } from '@calsync/core';
import type { OAuthConnector } from '../connect/connectors.js';

/**
 * An OAuth provider that really checks PKCE: the code it hands out for a state
 * (`codeFor(state)`) is only good with the matching verifier. `account.email` names the account
 * the next exchange signs in as.
 *
 * @example
 * const connector = pkceCheckingConnector();
 * connector.account.email = 'ana@example.com';
 */
export function pkceCheckingConnector(): OAuthConnector & {
  challenges: Map<string, string>;
  redirects: Map<string, string>;
  account: { email: string };
  codeFor(state: string): string;
} {
  const challenges = new Map<string, string>();
  const redirects = new Map<string, string>();
  const account = { email: 'new-account@example.com' };
  return {
    provider: 'google',
    challenges,
    redirects,
    account,
    codeFor: (state) => `code:${challenges.get(state) ?? 'unknown'}`,
    authorizationUrl: ({ state, codeChallenge, redirectUri }) => {
      challenges.set(state, codeChallenge);
      redirects.set(state, redirectUri);
      return `https://accounts.example/auth?state=${state}&code_challenge=${codeChallenge}&redirect_uri=${encodeURIComponent(redirectUri)}`;
    },
    exchangeCode: async ({ code, codeVerifier }) => {
      const challenge = createHash('sha256').update(codeVerifier).digest('base64url');
      if (code !== `code:${challenge}`) throw new AuthError('invalid_grant', { permanent: true });
      return {
        accountEmail: account.email,
        credentials: {
          accessToken: 'at',
          refreshToken: 'rt',
          accessTokenExpiresAt: '2026-06-01T10:00:00.000Z',
        },
      };
    },
  };
}
