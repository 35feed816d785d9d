-- One row per run (thread); the job_id is the thread_id, so a second invoke with the same
-- job_id finds this row instead of starting a run.
create table spec_runs (
  thread_id text primary key,
  status text not null default 'queued' check (status in ('queued', 'running', 'completed', 'failed')),
  request jsonb not null,
  result jsonb,
  error text,
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index spec_runs_status_idx on spec_runs (status) where status in ('queued', 'running');

-- The event log of every run: the exact frame sent to clients, so a replay is byte-identical.
create table spec_events (
  thread_id text not null,
  seq integer not null check (seq > 0),
  event_type text not null,
  frame text not null,
  primary key (thread_id, seq)
);
