import type { RandomSource } from '../shared/random.js';
import { TOKEN_ALPHABET } from '../shared/random.js';

/** Access token lifetime, as Google issues them. */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
const AUTH_CODE_LIFETIME_MS = 10 * 60 * 1000;

interface AccessTokenRecord {
  email: string;
  scope: string;
  expiresAtMs: number;
  refreshToken: string | undefined;
}

interface RefreshTokenRecord {
  email: string;
  clientId: string;
  scope: string;
  revoked: boolean;
}

/** An authorization code waiting to be exchanged. */
export interface AuthCodeRecord {
  email: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  offline: boolean;
  codeChallenge: string | undefined;
  codeChallengeMethod: 'S256' | 'plain' | undefined;
  expiresAtMs: number;
}

/** Google's OAuth tokens: access tokens, refresh tokens and authorization codes. */
export class GoogleTokens {
  private readonly access = new Map<string, AccessTokenRecord>();
  private readonly refresh = new Map<string, RefreshTokenRecord>();
  private readonly codes = new Map<string, AuthCodeRecord>();

  constructor(
    private readonly random: RandomSource,
    private readonly nowMs: () => number,
  ) {}

  /** Issues an access token; `lifetimeSeconds` Infinity for control-API tokens. */
  issueAccessToken(
    email: string,
    scope: string,
    lifetimeSeconds: number,
    refreshToken?: string,
  ): string {
    const token = `ya29.sandbox-${this.random.string(40, TOKEN_ALPHABET)}`;
    this.access.set(token, {
      email,
      scope,
      refreshToken,
      expiresAtMs: this.nowMs() + lifetimeSeconds * 1000,
    });
    return token;
  }

  issueRefreshToken(email: string, clientId: string, scope: string): string {
    const token = `1//sandbox-${this.random.string(40, TOKEN_ALPHABET)}`;
    this.refresh.set(token, { email, clientId, scope, revoked: false });
    return token;
  }

  issueCode(record: Omit<AuthCodeRecord, 'expiresAtMs'>): string {
    const code = `4/sandbox-${this.random.string(32, TOKEN_ALPHABET)}`;
    this.codes.set(code, { ...record, expiresAtMs: this.nowMs() + AUTH_CODE_LIFETIME_MS });
    return code;
  }

  /** Codes are single use: a second exchange finds nothing. */
  takeCode(code: string): AuthCodeRecord | undefined {
    const record = this.codes.get(code);
    this.codes.delete(code);
    if (record === undefined || record.expiresAtMs <= this.nowMs()) return undefined;
    return record;
  }

  /** The account a live access token acts for. */
  accountOf(
    accessToken: string,
  ): { email: string; scope: string; expiresAtMs: number } | undefined {
    const record = this.access.get(accessToken);
    if (record === undefined || record.expiresAtMs <= this.nowMs()) return undefined;
    return record;
  }

  /** A live refresh token's grant, or undefined when revoked, expired or unknown. */
  grantOf(refreshToken: string): RefreshTokenRecord | undefined {
    const record = this.refresh.get(refreshToken);
    return record === undefined || record.revoked ? undefined : record;
  }

  /** Revokes an access or refresh token; revoking a refresh token kills its access tokens. */
  revoke(token: string): boolean {
    const grant = this.refresh.get(token);
    if (grant !== undefined) {
      grant.revoked = true;
      for (const [accessToken, record] of this.access) {
        if (record.refreshToken === token) this.access.delete(accessToken);
      }
      return true;
    }
    const access = this.access.get(token);
    if (access === undefined) return false;
    this.access.delete(token);
    if (access.refreshToken !== undefined) return this.revoke(access.refreshToken);
    return true;
  }

  /** Expires every access token of the account now. */
  expireAccessTokens(email: string): void {
    const nowMs = this.nowMs();
    for (const record of this.access.values())
      if (record.email === email) record.expiresAtMs = nowMs;
  }

  /** Makes every refresh token of the account answer `invalid_grant`. */
  expireRefreshTokens(email: string): void {
    for (const record of this.refresh.values()) if (record.email === email) record.revoked = true;
  }

  reset(): void {
    this.access.clear();
    this.refresh.clear();
    this.codes.clear();
  }
}
