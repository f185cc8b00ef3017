-- Every running Calsync process (api, worker, all) registers here at start-up and refreshes
-- last_seen_at while it runs; a clean stop deletes its row, and rows unseen for a while are swept
-- as dead. Key rotation reads it to refuse while a live process lacks the new key. Key ids only:
-- key material is never stored in the database.
create table process_registry (
  id uuid primary key,
  role text not null check (role in ('all', 'api', 'worker')),
  host text not null,
  pid integer not null,
  version text not null,
  started_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  -- The ids of the encryption keys the process holds, the one it encrypts with first.
  key_ids text[] not null
);

create index process_registry_last_seen on process_registry (last_seen_at);
