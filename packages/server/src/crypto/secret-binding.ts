/**
 * Where an encrypted secret lives: its tenant, table, column and row. The binding is the
 * associated data of the AES-GCM envelope, so an envelope copied to another row, column or tenant
 * no longer decrypts. Build one with {@link secretBinding} (every envelope column of the schema is
 * listed there), never by hand.
 */
export interface SecretBinding {
  readonly tenantId: string;
  readonly table: string;
  readonly column: string;
  /** The row's primary key as text (hex for a `bytea` key). */
  readonly rowId: string;
}

function bind(table: string, column: string) {
  return (tenantId: string, rowId: string): SecretBinding =>
    Object.freeze({ tenantId, table, column, rowId });
}

/**
 * The binding of each envelope column of the schema, by what it holds.
 *
 * @example
 * const box = ctx.keyring.encrypt(secret, secretBinding.webhookEndpointSecret(tenantId, endpointId));
 */
export const secretBinding = {
  /** `connections.credentials`: OAuth tokens or CalDAV passwords. */
  connectionCredentials: bind('connections', 'credentials'),
  /** `webhook_endpoints.secret`: the signing secret of a tenant's webhook endpoint. */
  webhookEndpointSecret: bind('webhook_endpoints', 'secret'),
  /** `video_meetings.passcode`: a Zoom meeting's passcode. */
  videoMeetingPasscode: bind('video_meetings', 'passcode'),
  /** `oauth_states.code_verifier`, whose row key is the state's SHA-256 (`bytea`). */
  oauthStateVerifier: (tenantId: string, stateHash: Buffer): SecretBinding =>
    bind('oauth_states', 'code_verifier')(tenantId, stateHash.toString('hex')),
} as const;

/** The associated data of a `v2` envelope: unambiguous whatever the ids contain. */
export function bindingAad(binding: SecretBinding): string {
  return JSON.stringify([binding.tenantId, binding.table, binding.column, binding.rowId]);
}
