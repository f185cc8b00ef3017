-- An OAuth state is bound to the browser that started it: the sign-in window opens Calsync's
-- start URL (a single-use ticket), which sets a random nonce in an HttpOnly cookie and keeps its
-- SHA-256 here; the callback completes the flow only for the browser presenting that cookie.
alter table oauth_states
  add column browser_hash bytea,
  -- When the start ticket was used (once; null: not yet).
  add column started_at timestamptz,
  -- The provider's account hint, replayed into the authorization URL at start.
  add column login_hint text;
