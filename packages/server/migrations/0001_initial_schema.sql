-- Calsync's model (see the server README, "Data model"). Enums are text with check constraints so
-- a new value is one forward migration, not a type rewrite.

create table tenants (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  name text,
  -- The first characters of the key, shown in listings so a person can tell keys apart.
  prefix text not null,
  -- SHA-256 of the whole key; the key itself is shown once and never stored.
  key_hash bytea not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_tenant on api_keys (tenant_id);

create table users (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  external_id text not null check (length(external_id) between 1 and 255),
  email text,
  time_zone text,
  created_at timestamptz not null default now(),
  unique (tenant_id, external_id),
  unique (tenant_id, id)
);

create table session_tokens (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  token_hash bytea not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  check (expires_at > created_at)
);
create index session_tokens_expiry on session_tokens (expires_at);

create table connections (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  provider text not null check (provider in ('google', 'microsoft', 'caldav')),
  caldav_flavour text check (caldav_flavour in ('icloud', 'generic')),
  account_email text,
  server_url text,
  -- AES-256-GCM envelope (key id inside); null once disconnected.
  credentials text,
  credentials_key_id text,
  access_token_expires_at timestamptz,
  status text not null default 'active'
    check (status in ('active', 'paused', 'error', 'needs_reauth', 'disconnected')),
  status_reason text,
  sync_enabled boolean not null default true,
  sync_direction text not null default 'bidirectional'
    check (sync_direction in ('bidirectional', 'import_only', 'export_only')),
  privacy_level text not null default 'normal' check (privacy_level in ('minimal', 'normal', 'full')),
  create_video_meetings boolean not null default false,
  video_platform text check (video_platform in ('zoom', 'google_meet', 'teams')),
  cancellation_policy text not null default 'soft_delete'
    check (cancellation_policy in ('soft_delete', 'mark_removed')),
  require_approval boolean not null default false,
  initial_sync_done boolean not null default false,
  last_sync_at timestamptz,
  next_sync_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  disconnected_at timestamptz,
  check ((provider = 'caldav') = (caldav_flavour is not null)),
  check (status <> 'disconnected' or credentials is null)
);
create index connections_user on connections (tenant_id, user_id);
-- One live connection per provider account and user; a disconnected one may be reconnected later.
create unique index connections_live_account on connections (user_id, provider, account_email)
  where status <> 'disconnected';
-- Token refresh scans connections whose access token expires soon.
create index connections_token_expiry on connections (access_token_expires_at)
  where status in ('active', 'error');

create table calendars (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  connection_id uuid not null references connections (id) on delete cascade,
  provider_calendar_id text not null,
  name text not null default '',
  role text not null default 'other' check (role in ('primary', 'shared', 'delegated', 'room', 'other')),
  access_role text not null default 'reader'
    check (access_role in ('owner', 'writer', 'reader', 'free_busy_reader')),
  time_zone text,
  color text,
  selected boolean not null default false,
  destination boolean not null default false,
  -- Google syncToken, Graph deltaLink, CalDAV sync-token or ctag.
  sync_cursor text,
  cursor_updated_at timestamptz,
  -- Where an interrupted full sync resumes (page token and what it was listing).
  page_checkpoint jsonb,
  next_poll_at timestamptz,
  last_pulled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (connection_id, provider_calendar_id),
  check (not destination or access_role in ('owner', 'writer'))
);
create unique index calendars_one_destination on calendars (connection_id) where destination;
-- The poll scheduler's query: selected calendars that are due.
create index calendars_due on calendars (next_poll_at) where selected;

create table appointments (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  host_ref text check (length(host_ref) between 1 and 255),
  -- RFC 5545 UID: the cross-system key (Google iCalUID, CalDAV UID) used to match on resync.
  uid text not null,
  source text not null default 'host' check (source in ('host', 'google', 'microsoft', 'caldav')),
  sync_source text check (sync_source in ('google', 'microsoft', 'caldav')),
  title text not null default '',
  description text,
  location text,
  location_type text not null default 'in_person'
    check (location_type in ('in_person', 'virtual', 'phone')),
  -- Exactly one time form: instants (timed), dates (all-day, end exclusive) or floating wall time.
  time_kind text not null check (time_kind in ('instant', 'all_day', 'floating')),
  starts_at timestamptz,
  ends_at timestamptz,
  start_date date,
  end_date date,
  start_local timestamp,
  end_local timestamp,
  time_zone text,
  recurrence text[] not null default '{}',
  -- An override of one instance of a series points at the series and names the original start.
  series_id uuid references appointments (id) on delete cascade,
  -- {"kind": "instant" | "date" | "floating", …}: the slot of the series this overrides.
  original_start jsonb,
  attendees jsonb not null default '[]' check (jsonb_typeof(attendees) = 'array'),
  reminders jsonb not null default '{"useDefault": true, "overrides": []}'
    check (jsonb_typeof(reminders) = 'object'),
  status text not null default 'confirmed' check (status in ('confirmed', 'tentative', 'cancelled')),
  -- {"provider", "joinUrl", "conferenceId"}: the video meeting link, whoever made it.
  meeting jsonb check (meeting is null or jsonb_typeof(meeting) = 'object'),
  transparency text not null default 'opaque' check (transparency in ('opaque', 'transparent')),
  -- iCalendar properties Calsync does not model, kept verbatim for round-trips.
  extra_properties text[] not null default '{}',
  version integer not null default 1 check (version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  search tsvector generated always as (
    to_tsvector('simple'::regconfig,
      coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || coalesce(location, '')
      -- Attendee emails and names; emails also split at @ and . so a first name finds them.
      || ' ' || jsonb_path_query_array(attendees, '$[*].email')::text
      || ' ' || jsonb_path_query_array(attendees, '$[*].name')::text
      || ' ' || translate(jsonb_path_query_array(attendees, '$[*].email')::text, '@.', '  '))
  ) stored,
  unique (tenant_id, host_ref),
  check (time_kind <> 'instant' or (starts_at is not null and ends_at is not null and ends_at >= starts_at)),
  check (time_kind <> 'all_day' or (start_date is not null and end_date is not null and end_date > start_date)),
  check (time_kind <> 'floating' or (start_local is not null and end_local is not null and end_local >= start_local)),
  check ((series_id is null) = (original_start is null))
);
create index appointments_user_time on appointments (tenant_id, user_id, starts_at);
create index appointments_series on appointments (series_id) where series_id is not null;
create index appointments_uid on appointments (tenant_id, uid);
create index appointments_search on appointments using gin (search);

create table event_links (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  appointment_id uuid not null references appointments (id) on delete cascade,
  connection_id uuid not null references connections (id) on delete cascade,
  calendar_id uuid not null references calendars (id) on delete cascade,
  -- Chosen and stored before the create call, so a retry finds the same event.
  external_event_id text not null,
  -- The key the create call derived its provider idempotency from (chosen before the call).
  idempotency_key text,
  ical_uid text,
  -- For instances of a series: the provider's series id and the instance's original start.
  series_external_id text,
  original_start jsonb,
  etag text,
  state text not null
    check (state in ('synced', 'pending_create', 'pending_update', 'pending_delete', 'conflict', 'external_removed')),
  -- What both sides last agreed on: the base of the three-way reconcile.
  base_snapshot jsonb,
  base_version integer,
  remote_updated_at timestamptz,
  last_pushed_at timestamptz,
  last_pulled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (connection_id, calendar_id, external_event_id)
);
create index event_links_appointment on event_links (appointment_id);
create index event_links_ical_uid on event_links (connection_id, ical_uid) where ical_uid is not null;
create index event_links_pending on event_links (connection_id, state) where state <> 'synced';

create table sync_attempts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  connection_id uuid not null references connections (id) on delete cascade,
  calendar_id uuid references calendars (id) on delete set null,
  appointment_id uuid references appointments (id) on delete set null,
  operation text not null check (operation in
    ('pull', 'full_resync', 'push', 'refresh_token', 'watch', 'free_busy', 'video_meeting', 'revoke')),
  status text not null default 'running' check (status in ('running', 'success', 'fail', 'retrying')),
  error_class text check (error_class in
    ('transient', 'rate_limited', 'auth', 'not_found', 'precondition_failed', 'cursor_expired', 'non_retryable')),
  error_message text,
  correlation_id uuid not null,
  attempt integer not null default 1,
  items_processed integer not null default 0,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  reprocessed_at timestamptz
);
create index sync_attempts_connection on sync_attempts (connection_id, started_at desc);
create index sync_attempts_failed on sync_attempts (connection_id, started_at desc) where status = 'fail';

create table sync_events (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  connection_id uuid not null references connections (id) on delete cascade,
  attempt_id uuid references sync_attempts (id) on delete cascade,
  appointment_id uuid references appointments (id) on delete set null,
  external_event_id text,
  event_type text not null check (event_type in ('created', 'updated', 'deleted', 'conflict', 'skipped', 'unchanged')),
  direction text not null check (direction in ('inbound', 'outbound')),
  status text not null check (status in ('success', 'fail', 'skipped')),
  error text,
  correlation_id uuid not null,
  processed_at timestamptz not null default now()
);
create index sync_events_connection on sync_events (connection_id, processed_at desc);

create table conflicts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  connection_id uuid not null references connections (id) on delete cascade,
  appointment_id uuid not null references appointments (id) on delete cascade,
  event_link_id uuid references event_links (id) on delete set null,
  internal_version jsonb not null,
  external_version jsonb not null,
  base_version jsonb,
  fields text[] not null,
  conflict_reason text not null,
  auto_resolution text check (auto_resolution in ('kept_internal', 'kept_external', 'none')),
  status text not null default 'open' check (status in ('open', 'resolved')),
  resolution text check (resolution in ('kept_internal', 'kept_external', 'merged', 'created_duplicate')),
  resolution_reason text,
  resolved_by text,
  detected_at timestamptz not null default now(),
  resolved_at timestamptz,
  check ((status = 'resolved') = (resolution is not null and resolved_at is not null))
);
create index conflicts_open on conflicts (connection_id, detected_at) where status = 'open';
create index conflicts_appointment on conflicts (appointment_id);

create table video_meetings (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  appointment_id uuid not null references appointments (id) on delete cascade,
  connection_id uuid references connections (id) on delete set null,
  platform text not null check (platform in ('zoom', 'google_meet', 'teams')),
  provider_meeting_id text,
  join_url text,
  host_url text,
  -- Encrypted envelope, like every other secret.
  passcode text,
  settings jsonb not null default '{}',
  status text not null default 'pending' check (status in ('pending', 'active', 'failed', 'cancelled')),
  error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index video_meetings_live on video_meetings (appointment_id) where status in ('pending', 'active');

create table watch_channels (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  connection_id uuid not null references connections (id) on delete cascade,
  calendar_id uuid references calendars (id) on delete cascade,
  provider text not null check (provider in ('google', 'microsoft')),
  -- Google channel id or Graph subscription id.
  channel_id text not null unique,
  resource_id text,
  -- SHA-256 of the channel token / clientState; notifications are verified against it.
  secret_hash bytea not null,
  status text not null default 'active' check (status in ('active', 'stopped', 'expired')),
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  renewed_at timestamptz
);
create index watch_channels_renewal on watch_channels (expires_at) where status = 'active';

create table busy_blocks (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  calendar_id uuid not null references calendars (id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  source text not null,
  fetched_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index busy_blocks_user_time on busy_blocks (user_id, starts_at, ends_at);
create index busy_blocks_calendar on busy_blocks (calendar_id);

create table audit_entries (
  id bigint generated always as identity primary key,
  tenant_id uuid references tenants (id) on delete cascade,
  actor text not null,
  action text not null,
  target_type text,
  target_id text,
  details jsonb not null default '{}',
  at timestamptz not null default now()
);
create index audit_entries_tenant on audit_entries (tenant_id, at desc);

create table changes (
  seq bigint generated always as identity primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid references users (id) on delete set null,
  type text not null check (type in (
    'appointment.created', 'appointment.updated', 'appointment.deleted', 'integration.updated',
    'conflict.created', 'conflict.resolved', 'sync.failed', 'video_meeting.failed',
    'approval.expired')),
  data jsonb not null,
  at timestamptz not null default now()
);
-- The feed is read by tenant in sequence order (and by user for session-token streams).
create index changes_tenant_seq on changes (tenant_id, seq);
create index changes_user_seq on changes (user_id, seq) where user_id is not null;

create table webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  url text not null check (url ~ '^https?://'),
  description text,
  -- Encrypted envelope of the signing secret (whsec_…).
  secret text not null,
  event_types text[] not null default '{}',
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  disabled_at timestamptz
);
create index webhook_endpoints_tenant on webhook_endpoints (tenant_id) where enabled;

create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  endpoint_id uuid not null references webhook_endpoints (id) on delete cascade,
  change_seq bigint not null references changes (seq) on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  last_status_code integer,
  last_error text,
  next_attempt_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  unique (endpoint_id, change_seq)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';

create table approvals (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  connection_id uuid not null references connections (id) on delete cascade,
  appointment_id uuid references appointments (id) on delete cascade,
  action text not null check (action in ('create', 'update', 'delete', 'rsvp')),
  snapshot jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'expired')),
  notes text,
  requested_at timestamptz not null default now(),
  expires_at timestamptz not null,
  decided_at timestamptz,
  check ((status = 'pending') = (decided_at is null))
);
create index approvals_pending on approvals (connection_id, requested_at) where status = 'pending';
create index approvals_expiry on approvals (expires_at) where status = 'pending';

create table oauth_states (
  -- SHA-256 of the state parameter; the state itself travels only through the browser.
  state_hash bytea primary key,
  tenant_id uuid not null references tenants (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  provider text not null check (provider in ('google', 'microsoft')),
  -- Encrypted envelope of the PKCE code verifier.
  code_verifier text not null,
  redirect_uri text not null,
  settings jsonb not null default '{}',
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index oauth_states_expiry on oauth_states (expires_at);
