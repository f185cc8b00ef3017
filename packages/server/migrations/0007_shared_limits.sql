-- Limits that hold across every process on this database: token buckets (API credentials,
-- webhook sources, provider quotas) and concurrency slots (requests in flight per mailbox).

-- One token bucket per key. A row whose `full_at` has passed holds a full bucket, which is the
-- same as no row: the sweep deletes it, so the table only holds keys active in the last burst.
create table shared_token_buckets (
  key text primary key,
  tokens double precision not null,
  updated_at timestamptz not null,
  full_at timestamptz not null
);
create index shared_token_buckets_full_at on shared_token_buckets (full_at);

-- Takes one token from `p_key`'s bucket (`p_rate` tokens per second, at most `p_burst`) under
-- the row lock, on the database's clock. Returns 0 when a token was taken, else the seconds
-- until one is back (nothing is taken then).
create function take_shared_token(
  p_key text,
  p_rate double precision,
  p_burst double precision
) returns double precision
language plpgsql as $$
declare
  v_now timestamptz := clock_timestamp();
  v_tokens double precision;
  v_wait double precision := 0;
begin
  insert into shared_token_buckets (key, tokens, updated_at, full_at)
  values (p_key, p_burst, v_now, v_now)
  on conflict (key) do nothing;
  select least(p_burst, b.tokens + greatest(0, extract(epoch from v_now - b.updated_at)) * p_rate)
    into v_tokens
    from shared_token_buckets b
    where b.key = p_key
    for update;
  if v_tokens >= 1 then
    v_tokens := v_tokens - 1;
  else
    v_wait := (1 - v_tokens) / p_rate;
  end if;
  update shared_token_buckets
    set tokens = v_tokens,
        updated_at = v_now,
        full_at = v_now + make_interval(secs => (p_burst - v_tokens) / p_rate)
    where key = p_key;
  return v_wait;
end;
$$;

-- A request in flight: slot `slot` (0 .. max - 1) of `key`, held by `holder` until released or
-- until `expires_at` (a process that died mid-request frees its slot then).
create table shared_limit_slots (
  key text not null,
  slot integer not null,
  holder text not null,
  expires_at timestamptz not null,
  primary key (key, slot)
);
create index shared_limit_slots_expires_at on shared_limit_slots (expires_at);

-- Claims a free (or expired) slot of `p_key` below `p_max` for `p_holder` for `p_ttl_seconds`.
-- Returns the slot, or null when all are held. Two callers racing for one slot meet on the
-- primary key: one wins, the other gets null and tries again.
create function acquire_shared_slot(
  p_key text,
  p_max integer,
  p_holder text,
  p_ttl_seconds double precision
) returns integer
language sql as $$
  insert into shared_limit_slots as s (key, slot, holder, expires_at)
  select p_key, free.slot, p_holder, clock_timestamp() + make_interval(secs => p_ttl_seconds)
    from generate_series(0, p_max - 1) as free(slot)
    where not exists (
      select 1 from shared_limit_slots held
      where held.key = p_key and held.slot = free.slot and held.expires_at > clock_timestamp()
    )
    order by free.slot
    limit 1
  on conflict (key, slot) do update
    set holder = excluded.holder, expires_at = excluded.expires_at
    where s.expires_at <= clock_timestamp()
  returning slot
$$;

-- Drops full buckets and expired slots; returns how many rows went.
create function sweep_shared_limits() returns integer
language plpgsql as $$
declare
  v_buckets integer;
  v_slots integer;
begin
  delete from shared_token_buckets where full_at <= clock_timestamp();
  get diagnostics v_buckets = row_count;
  delete from shared_limit_slots where expires_at <= clock_timestamp();
  get diagnostics v_slots = row_count;
  return v_buckets + v_slots;
end;
$$;
