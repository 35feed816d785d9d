-- DELETE /api/workflows/{id}: the workflow answers 404 at once; its rows (draft, versions, proposals)
-- are removed once the cleanup outbox has deleted the engine threads of its proposals.
alter table workflows add column deleted_at timestamptz;
create index workflows_deleted_idx on workflows (deleted_at) where deleted_at is not null;

-- Approve merges three-way by path: the sha256 of each draft file's content when the refinement
-- started (path -> hex). Null for proposals started before this column (approve then requires the
-- draft to be unchanged, as before).
alter table proposals add column base_hashes jsonb;
