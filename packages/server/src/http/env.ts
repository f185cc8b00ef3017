/** Who is calling: a tenant's secret key, or a session token of one of its users. */
export type AuthContext =
  | { readonly kind: 'secret_key'; readonly tenantId: string; readonly keyId: string }
  | {
      readonly kind: 'session';
      readonly tenantId: string;
      readonly sessionId: string;
      /** Internal id of the session's user. */
      readonly userId: string;
      /** The host's id of that user. */
      readonly externalUserId: string;
    };

/** Hono environment of every API route. */
export interface AppEnv {
  Variables: {
    requestId: string;
    auth: AuthContext;
  };
}
