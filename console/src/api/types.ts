import type { FileTree } from '../../../common/events/index.js';

/** A workflow as the API shows it. */
export interface Workflow {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly created_at: string;
  readonly updated_at: string;
}

/** One page of the user's workflows, newest first. */
export interface WorkflowPage {
  readonly workflows: readonly Workflow[];
  readonly next_cursor: string | null;
}

/** The draft of a workflow. */
export interface Draft {
  readonly revision: number;
  readonly files: FileTree;
}

/** A published version as listed. */
export interface VersionSummary {
  readonly version: number;
  readonly draft_revision: number;
  readonly created_at: string;
  readonly file_count: number;
}

/** Which draft paths a proposal adds, modifies and deletes. */
export interface Changes {
  readonly added: readonly string[];
  readonly modified: readonly string[];
  readonly deleted: readonly string[];
}

/** A proposal: the result of one refinement, and its review state. */
export interface Proposal {
  readonly id: string;
  readonly workflow_id: string;
  readonly thread_id: string;
  readonly status: 'processing' | 'completed' | 'failed' | 'resolved';
  readonly resolution: 'approved' | 'rejected' | null;
  readonly generated_files: unknown;
  readonly error: Record<string, unknown> | null;
  readonly changes: Changes;
  readonly created_at: string;
}

/** A proposal as a workflow's list shows it. */
export interface ProposalSummary {
  readonly id: string;
  readonly status: Proposal['status'];
  readonly resolution: Proposal['resolution'];
  readonly instructions?: string;
  readonly thread_id: string;
  readonly created_at: string;
}

/** What starting a refinement answers (202). */
export interface StartedRefinement {
  readonly proposal_id: string;
  readonly thread_id: string;
  readonly status: 'processing';
}
