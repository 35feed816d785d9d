-- When a proposal's engine thread cleanup was requested: the age of the outbox backlog
-- (orchestrator_cleanup_backlog_oldest_seconds) counts from here, not from the last retry.
alter table proposals add column cleanup_requested_at timestamptz;
update proposals set cleanup_requested_at = coalesce(resolved_at, updated_at) where cleanup_state = 'pending';
