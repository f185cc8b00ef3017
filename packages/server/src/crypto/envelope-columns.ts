import { secretBinding, type SecretBinding } from './secret-binding.js';

/** A column holding encryption envelopes, how to address its rows and bind their envelopes. */
export interface EnvelopeColumn {
  readonly table: string;
  readonly column: string;
  /** SQL text of the row's unique key, to page and update by (e.g. `id::text`). */
  readonly keyExpression: string;
  /** Also set to the key id, where the table keeps one. */
  readonly keyIdColumn?: string;
  /** The binding of the envelope of the row with `tenantId` and key text `key`. */
  bindingOf(tenantId: string, key: string): SecretBinding;
}

/**
 * Every column of the schema that holds an envelope. A new secret column is added here, so key
 * rotation and the binding step reach it.
 */
export const ENVELOPE_COLUMNS: readonly EnvelopeColumn[] = [
  {
    table: 'connections',
    column: 'credentials',
    keyExpression: 'id::text',
    keyIdColumn: 'credentials_key_id',
    bindingOf: secretBinding.connectionCredentials,
  },
  {
    table: 'webhook_endpoints',
    column: 'secret',
    keyExpression: 'id::text',
    bindingOf: secretBinding.webhookEndpointSecret,
  },
  {
    table: 'oauth_states',
    column: 'code_verifier',
    keyExpression: "encode(state_hash, 'hex')",
    bindingOf: (tenantId, key) =>
      secretBinding.oauthStateVerifier(tenantId, Buffer.from(key, 'hex')),
  },
  {
    table: 'video_meetings',
    column: 'passcode',
    keyExpression: 'id::text',
    bindingOf: secretBinding.videoMeetingPasscode,
  },
];
