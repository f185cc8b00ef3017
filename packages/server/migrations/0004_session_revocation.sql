-- Sessions remember the secret key that minted them, so revoking a key revokes its sessions.
-- Sessions minted before this column existed keep a null key: revoking any key of their tenant
-- revokes them too (store/api-keys.ts), since which key minted them is unknown.
alter table session_tokens
  add column api_key_id uuid references api_keys (id) on delete cascade;
-- Revoking a key finds its live sessions.
create index session_tokens_api_key on session_tokens (api_key_id) where revoked_at is null;
