import type { Queryable } from './queryable.js';
import type { FileRow } from './drafts.js';

/** A published version row. */
export interface VersionRow {
  readonly workflow_id: string;
  readonly version: number;
  readonly draft_revision: string;
  readonly created_by: string;
  readonly created_at: Date;
}

/** The highest published version number, or null when none. */
export async function latestVersionNumber(sql: Queryable, workflowId: string): Promise<number | null> {
  const [row] = await sql<{ max: number | null }[]>`
    select max(version) as max from versions where workflow_id = ${workflowId}`;
  return row?.max ?? null;
}

/** Inserts version `version` as a copy of the draft's current files. */
export async function insertVersionFromDraft(
  sql: Queryable,
  workflowId: string,
  version: number,
  draftRevision: string,
  createdBy: string,
): Promise<VersionRow> {
  const [row] = await sql<VersionRow[]>`
    insert into versions (workflow_id, version, draft_revision, created_by)
    values (${workflowId}, ${version}, ${draftRevision}, ${createdBy})
    returning *`;
  await sql`
    insert into version_files (workflow_id, version, path, content, created_at, modified_at)
    select workflow_id, ${version}, path, content, created_at, modified_at from draft_files
    where workflow_id = ${workflowId}`;
  return row!;
}

/** Versions of a workflow, oldest first, with their file counts. */
export function listVersions(
  sql: Queryable,
  workflowId: string,
): Promise<(VersionRow & { file_count: number })[]> {
  return sql<(VersionRow & { file_count: number })[]>`
    select v.*, (select count(*)::int from version_files f
                 where f.workflow_id = v.workflow_id and f.version = v.version) as file_count
    from versions v where v.workflow_id = ${workflowId} order by v.version`;
}

/** One version, or undefined. */
export async function findVersion(
  sql: Queryable,
  workflowId: string,
  version: number,
): Promise<VersionRow | undefined> {
  const [row] = await sql<VersionRow[]>`
    select * from versions where workflow_id = ${workflowId} and version = ${version}`;
  return row;
}

/** The files of one version, by path. */
export function listVersionFiles(sql: Queryable, workflowId: string, version: number): Promise<FileRow[]> {
  return sql<FileRow[]>`
    select path, content, created_at, modified_at from version_files
    where workflow_id = ${workflowId} and version = ${version} order by path`;
}
