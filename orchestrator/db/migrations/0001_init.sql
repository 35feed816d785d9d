-- IDE Orchestrator schema. Timestamps always come from the database clock (now()).

create table users (
  id uuid primary key default gen_random_uuid(),
  subject text not null unique check (length(subject) between 1 and 255),
  created_at timestamptz not null default now()
);

create table workflows (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references users (id),
  name text not null check (length(name) between 1 and 200),
  description text not null default '' check (length(description) <= 10000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index workflows_owner_idx on workflows (owner_id, created_at);

-- One working draft per workflow; every change bumps its revision.
create table drafts (
  workflow_id uuid primary key references workflows (id) on delete cascade,
  revision bigint not null default 0,
  updated_at timestamptz not null default now()
);

create table draft_files (
  workflow_id uuid not null references drafts (workflow_id) on delete cascade,
  path text not null check (length(path) between 2 and 500 and left(path, 1) = '/'),
  content jsonb not null check (jsonb_typeof(content) = 'array'),
  created_at timestamptz not null,
  modified_at timestamptz not null,
  primary key (workflow_id, path)
);

create table versions (
  workflow_id uuid not null references workflows (id) on delete cascade,
  version integer not null check (version > 0),
  draft_revision bigint not null,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  primary key (workflow_id, version)
);

create table version_files (
  workflow_id uuid not null,
  version integer not null,
  path text not null,
  content jsonb not null,
  created_at timestamptz not null,
  modified_at timestamptz not null,
  primary key (workflow_id, version, path),
  foreign key (workflow_id, version) references versions (workflow_id, version) on delete cascade
);

create table proposals (
  id uuid primary key default gen_random_uuid(),
  workflow_id uuid not null references workflows (id) on delete cascade,
  created_by uuid not null references users (id),
  job_id uuid not null unique,
  thread_id text not null unique check (length(thread_id) between 1 and 200),
  status text not null default 'processing' check (status in ('processing', 'completed', 'failed', 'resolved')),
  resolution text check (resolution in ('approved', 'rejected')),
  instructions text not null,
  context_file_path text,
  context_selection text,
  base_revision bigint not null,
  generated_files jsonb,
  error jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  resolved_at timestamptz,
  -- Server-side finalizer leases (one replica consumes a run's stream at a time).
  lease_owner text,
  lease_expires_at timestamptz,
  -- Cleanup outbox for the engine thread's checkpoints.
  cleanup_state text not null default 'none' check (cleanup_state in ('none', 'pending', 'done', 'failed')),
  cleanup_attempts integer not null default 0,
  cleanup_next_at timestamptz,
  cleanup_error text,
  check ((status = 'resolved') = (resolution is not null))
);
create index proposals_workflow_idx on proposals (workflow_id, created_at);
create index proposals_processing_idx on proposals (lease_expires_at) where status = 'processing';
create index proposals_cleanup_idx on proposals (cleanup_next_at) where cleanup_state = 'pending';

-- Append-only audit trail: rows are never updated or deleted.
create table audit_events (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_id uuid references users (id),
  workflow_id uuid,
  proposal_id uuid,
  action text not null,
  detail jsonb not null default '{}'
);
create index audit_events_workflow_idx on audit_events (workflow_id, id);

create function audit_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_events is append-only';
end;
$$;
create trigger audit_events_no_update before update or delete on audit_events
  for each row execute function audit_events_append_only();
