-- Outbound webhooks: each endpoint keeps its own cursor over the change feed, so the dispatcher
-- resumes exactly where it stopped and a change is turned into a delivery once per endpoint.
alter table webhook_endpoints add column cursor_seq bigint not null default 0;
-- Why an endpoint stopped receiving deliveries (set with disabled_at).
alter table webhook_endpoints add column disabled_reason text;
alter table webhook_deliveries add column last_attempt_at timestamptz;
-- The dispatcher's scan: enabled endpoints of every tenant.
create index webhook_endpoints_enabled on webhook_endpoints (cursor_seq) where enabled;
-- The delivery log of one endpoint, newest first.
create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, created_at desc);
