import { randomUUID } from 'node:crypto';
import { SPEC_BUILDER_DEFINITION } from '../../common/agents/spec-builder-definition.js';
import type { Sql } from '../../common/db/index.js';
import type { Logger } from '../../common/observability/index.js';
import { appendAudit } from '../db/audit.js';
import { findDraft, listDraftFiles } from '../db/drafts.js';
import { insertProposal, markFailed, type ProposalRow, setProposalThread } from '../db/proposals.js';
import type { RefinementStarted, StartRefinementInput } from '../contract/refinements.js';
import { ApiError } from '../../common/http/errors.js';
import { requireDraftWithin } from './drafts.js';
import { toFileTree } from './file-tree.js';
import { requireFilePath } from './file-paths.js';
import { hashFiles } from './merge.js';
import { type SpecEngineClient, SpecEngineError } from '../engine/spec-engine-client.js';
import { requireWorkflow } from './workflows.js';

/** What a refinement needs besides the database. */
export interface RefinementDeps {
  readonly sql: Sql;
  readonly engine: SpecEngineClient;
  readonly logger: Logger;
  /** Called once the engine accepted the run (issue 6 starts the server-side finalizer here). */
  readonly onRefinementStarted?: ((proposal: ProposalRow) => void) | undefined;
  /** `WORKFLOW_DRAFT_MAX_BYTES`: a larger draft (grown by an approved proposal) is refused with 413, not sent. */
  readonly maxDraftBytes: number;
}

interface RefinementInput {
  readonly instructions: string;
  readonly contextFilePath: string | null;
  readonly contextSelection: string | null;
}

/** The run's input from a validated body: `instructions` (or its older name `user_prompt`) plus optional context. */
function parseRefinementInput(body: StartRefinementInput): RefinementInput {
  const instructions = body.instructions ?? body.user_prompt ?? null;
  if (instructions === null || instructions.trim() === '') {
    throw ApiError.invalid("'instructions' (or 'user_prompt') is required and must not be empty");
  }
  const contextFilePath = body.context_file_path ?? null;
  if (contextFilePath !== null) requireFilePath(contextFilePath);
  return { instructions, contextFilePath, contextSelection: body.context_selection ?? null };
}

/** Maps a client failure to the HTTP answer a frontend can show. */
function engineErrorToApi(error: SpecEngineError): ApiError {
  switch (error.code) {
    case 'engine_unavailable':
    case 'breaker_open': {
      // The breaker's message already tells the user to try again shortly; say it once.
      const message = /try again/.test(error.message)
        ? error.message
        : `${error.message}; please try again shortly`;
      return new ApiError(503, error.code, message, {
        'Retry-After': String(error.retryAfterSeconds ?? 5),
      });
    }
    case 'engine_rejected':
      return new ApiError(502, error.code, error.message, {}, { cause: error });
    default:
      return new ApiError(502, error.code, error.message, {}, { cause: error });
  }
}

/**
 * Starts a refinement: records a `processing` proposal based on the current draft
 * revision, then asks the Spec Engine to run the spec-builder agent on the draft. When the
 * engine refuses or cannot be reached the proposal is marked failed and the caller gets
 * 502/503.
 */
export async function startRefinement(
  deps: RefinementDeps,
  userId: string,
  rawWorkflowId: string | undefined,
  body: StartRefinementInput,
  traceId?: string,
): Promise<RefinementStarted> {
  const input = parseRefinementInput(body);
  const workflow = await requireWorkflow(deps.sql, userId, rawWorkflowId);
  const jobId = randomUUID();
  // Draft files and revision from one snapshot, so the proposal's base matches what the engine saw.
  const { proposal, files } = await deps.sql.begin('isolation level repeatable read', async (tx) => {
    const draft = await findDraft(tx, workflow.id);
    // Before any proposal exists: a draft the engine could not take is the caller's 413, never a 502.
    await requireDraftWithin(tx, workflow.id, deps.maxDraftBytes);
    const rows = await listDraftFiles(tx, workflow.id);
    const created = await insertProposal(tx, {
      workflowId: workflow.id,
      createdBy: userId,
      jobId,
      instructions: input.instructions,
      contextFilePath: input.contextFilePath,
      contextSelection: input.contextSelection,
      baseRevision: draft?.revision ?? '0',
      basePaths: rows.map((row) => row.path),
      baseHashes: hashFiles(rows),
    });
    await appendAudit(tx, {
      actorId: userId,
      action: 'refinement.started',
      workflowId: workflow.id,
      proposalId: created.id,
      detail: { job_id: jobId, base_revision: Number(created.base_revision) },
    });
    return { proposal: created, files: toFileTree(rows) };
  });
  const log = deps.logger.child({ workflowId: workflow.id, proposalId: proposal.id, jobId });
  let threadId: string;
  try {
    const started = await deps.engine.invoke({
      job_id: jobId,
      trace_id: traceId ?? jobId.replaceAll('-', ''),
      agent_definition: SPEC_BUILDER_DEFINITION,
      input_payload: {
        messages: [{ role: 'user', content: input.instructions }],
        instructions: input.instructions,
        context: input.contextSelection ?? '',
        context_file_path: input.contextFilePath,
        files,
      },
    });
    threadId = started.thread_id;
  } catch (error) {
    if (!(error instanceof SpecEngineError)) throw error;
    log.warn(
      {
        code: error.code,
        engineStatus: error.engineStatus,
        detail: (error.cause as Error | undefined)?.message,
      },
      'refinement could not start',
    );
    await markFailed(deps.sql, proposal.id, { error: error.message, context: 'invoke', code: error.code });
    throw engineErrorToApi(error);
  }
  const running =
    threadId === proposal.thread_id ? proposal : await setProposalThread(deps.sql, proposal.id, threadId);
  log.info({ threadId }, 'refinement started');
  deps.onRefinementStarted?.(running);
  return {
    proposal_id: running.id,
    thread_id: running.thread_id,
    status: 'processing',
    websocket_url: `/api/ws/refinements/${encodeURIComponent(running.thread_id)}`,
    created_at: running.created_at.toISOString(),
  };
}
