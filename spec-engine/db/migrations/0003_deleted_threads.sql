-- Tombstones of deleted threads. A NATS job can outlive its thread (its worker died, the job waits
-- for redelivery while the orchestrator deletes the thread); the tombstone keeps the redelivered
-- job, or a retried invoke with the same job_id, from running the thread again.
create table spec_deleted_threads (
  thread_id text primary key,
  deleted_at timestamptz not null default now()
);
create index spec_deleted_threads_deleted_at_idx on spec_deleted_threads (deleted_at);
