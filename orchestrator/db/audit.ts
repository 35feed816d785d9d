import type { Queryable } from './queryable.js';

/** One audit entry to append. */
export interface AuditEntry {
  readonly actorId: string | null;
  readonly action: string;
  readonly workflowId?: string;
  readonly proposalId?: string;
  readonly detail?: Record<string, unknown>;
}

/** Appends an entry to the append-only audit trail (inside the caller's transaction). */
export async function appendAudit(sql: Queryable, entry: AuditEntry): Promise<void> {
  await sql`
    insert into audit_events (actor_id, action, workflow_id, proposal_id, detail)
    values (${entry.actorId}, ${entry.action}, ${entry.workflowId ?? null}, ${entry.proposalId ?? null},
            ${sql.json((entry.detail ?? {}) as never)})`;
}

/** An audit row as stored. */
export interface AuditRow {
  readonly id: string;
  readonly occurred_at: Date;
  readonly actor_id: string | null;
  readonly action: string;
  readonly workflow_id: string | null;
  readonly proposal_id: string | null;
  readonly detail: Record<string, unknown>;
}

/** The audit trail of one workflow, oldest first. */
export function listAuditForWorkflow(sql: Queryable, workflowId: string): Promise<AuditRow[]> {
  return sql<AuditRow[]>`select * from audit_events where workflow_id = ${workflowId} order by id`;
}
