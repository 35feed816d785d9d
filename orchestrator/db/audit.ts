import type { Queryable } from './queryable.js';

/** One audit entry to append. */
interface AuditEntry {
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
