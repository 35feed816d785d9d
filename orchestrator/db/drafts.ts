import type { Queryable } from './queryable.js';

/** A file row of a draft or version. */
export interface FileRow {
  readonly path: string;
  readonly content: string[];
  readonly created_at: Date;
  readonly modified_at: Date;
}

/** The draft's revision and last change. */
export interface DraftRow {
  readonly workflow_id: string;
  readonly revision: string;
  readonly updated_at: Date;
}

/** The draft row, without a lock. */
export async function findDraft(sql: Queryable, workflowId: string): Promise<DraftRow | undefined> {
  const [row] = await sql<DraftRow[]>`select * from drafts where workflow_id = ${workflowId}`;
  return row;
}

/** Locks the draft row for the rest of the transaction and returns it. */
export async function lockDraft(sql: Queryable, workflowId: string): Promise<DraftRow | undefined> {
  const [row] = await sql<DraftRow[]>`select * from drafts where workflow_id = ${workflowId} for update`;
  return row;
}

/** All files of the draft, by path. */
export function listDraftFiles(sql: Queryable, workflowId: string): Promise<FileRow[]> {
  return sql<FileRow[]>`
    select path, content, created_at, modified_at from draft_files
    where workflow_id = ${workflowId} order by path`;
}

/** Creates or replaces one file; an existing file keeps its `created_at`. */
export async function upsertDraftFile(
  sql: Queryable,
  workflowId: string,
  path: string,
  content: readonly string[],
): Promise<FileRow> {
  const [row] = await sql<FileRow[]>`
    insert into draft_files (workflow_id, path, content, created_at, modified_at)
    values (${workflowId}, ${path}, ${sql.json(content as string[])}, now(), now())
    on conflict (workflow_id, path) do update set content = excluded.content, modified_at = now()
    returning path, content, created_at, modified_at`;
  return row!;
}

/**
 * The draft's size as it travels to the engine: every path and content as JSON (`jsonb::text`,
 * never shorter than compact JSON) plus a fixed overhead per file.
 */
export async function draftSizeBytes(sql: Queryable, workflowId: string, perFile: number): Promise<number> {
  const [row] = await sql<{ bytes: string }[]>`
    select coalesce(sum(octet_length(path) + octet_length(content::text) + ${perFile}), 0) as bytes
    from draft_files where workflow_id = ${workflowId}`;
  return Number(row!.bytes);
}

/** Deletes one file; false when it did not exist. */
export async function deleteDraftFile(sql: Queryable, workflowId: string, path: string): Promise<boolean> {
  const rows =
    await sql`delete from draft_files where workflow_id = ${workflowId} and path = ${path} returning 1`;
  return rows.length > 0;
}

/** Replaces every draft file by the files of a published version (or none). */
export async function resetDraftToVersion(
  sql: Queryable,
  workflowId: string,
  version: number | null,
): Promise<void> {
  await sql`delete from draft_files where workflow_id = ${workflowId}`;
  if (version === null) return;
  await sql`
    insert into draft_files (workflow_id, path, content, created_at, modified_at)
    select workflow_id, path, content, created_at, modified_at from version_files
    where workflow_id = ${workflowId} and version = ${version}`;
}

/** Bumps the draft revision and returns the new one. */
export async function bumpDraftRevision(sql: Queryable, workflowId: string): Promise<DraftRow> {
  const [row] = await sql<DraftRow[]>`
    update drafts set revision = revision + 1, updated_at = now() where workflow_id = ${workflowId}
    returning *`;
  return row!;
}

/** All files of the draft and the revision they are at, read in one statement. */
export async function listDraftFilesAtRevision(
  sql: Queryable,
  workflowId: string,
): Promise<{ revision: string; files: FileRow[] } | undefined> {
  const rows = await sql<(FileRow & { revision: string })[]>`
    select d.revision, f.path, f.content, f.created_at, f.modified_at
    from drafts d left join draft_files f on f.workflow_id = d.workflow_id
    where d.workflow_id = ${workflowId} order by f.path`;
  if (rows.length === 0) return undefined;
  return { revision: rows[0]!.revision, files: rows.filter((row) => row.path !== null) };
}
