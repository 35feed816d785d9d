import { useEffect, useState } from 'react';
import { type ConsoleApi, describeFailure, useResource, type Workflow } from '../api/index.js';
import { Alert, Field, FormDialog } from '../components/dialog.js';
import { DraftPanel } from '../components/draft-panel.js';
import { ProposalReview } from '../components/proposal-review.js';
import { ProposalsList } from '../components/proposals-list.js';
import { RefinePanel } from '../components/refine-panel.js';
import { RouteLink } from '../components/route-link.js';
import { RunLog } from '../components/run-log.js';
import { VersionsPanel } from '../components/versions-panel.js';
import type { Route } from '../routing/route.js';
import { useRun } from '../run/index.js';

/** Props of {@link WorkflowPage}. */
export interface WorkflowProps {
  readonly api: ConsoleApi;
  readonly workflowId: string;
  /** The proposal whose run and review are shown (from the URL, so a reload keeps it). */
  readonly proposalId: string | undefined;
  readonly navigate: (route: Route, options?: { replace?: boolean }) => void;
}

/** Rename (Name, Description, Save) and delete (Delete) dialogs of a workflow. */
function WorkflowActions({
  api,
  workflow,
  onChanged,
  onDeleted,
}: {
  api: ConsoleApi;
  workflow: Workflow;
  onChanged: () => Promise<void>;
  onDeleted: () => void;
}) {
  const [dialog, setDialog] = useState<'rename' | 'delete'>();
  const [name, setName] = useState(workflow.name);
  const [description, setDescription] = useState(workflow.description);
  const [error, setError] = useState<string>();
  const act = async (action: () => Promise<unknown>, then: () => unknown) => {
    try {
      await action();
      setDialog(undefined);
      await then();
    } catch (e) {
      setError(describeFailure(e));
    }
  };
  const close = () => {
    setDialog(undefined);
    setError(undefined);
  };
  return (
    <>
      <button type="button" onClick={() => setDialog('rename')}>
        Rename
      </button>{' '}
      <button type="button" onClick={() => setDialog('delete')}>
        Delete workflow
      </button>
      {dialog === 'rename' && (
        <FormDialog
          title="Rename workflow"
          submitLabel="Save"
          error={error}
          onClose={close}
          onSubmit={() => act(() => api.updateWorkflow(workflow.id, { name, description }), onChanged)}
        >
          <Field label="Name" value={name} onChange={setName} isRequired />
          <Field label="Description" value={description} onChange={setDescription} isMultiline />
        </FormDialog>
      )}
      {dialog === 'delete' && (
        <FormDialog
          title={`Delete ${workflow.name}?`}
          submitLabel="Delete"
          error={error}
          onClose={close}
          onSubmit={() => act(() => api.deleteWorkflow(workflow.id), onDeleted)}
        >
          <p>The draft, every version and every proposal of this workflow go with it.</p>
        </FormDialog>
      )}
    </>
  );
}

/** One workflow: its draft, versions, refinement with the live run, the proposal review and past proposals. */
export function WorkflowPage({ api, workflowId, proposalId, navigate }: WorkflowProps) {
  const workflow = useResource(() => api.getWorkflow(workflowId), workflowId);
  const draft = useResource(() => api.getDraft(workflowId), workflowId);
  const run = useRun(api, proposalId);
  const proposal = run.proposal;
  const status = run.view.isOver ? run.view.status : proposal ? 'processing' : undefined;
  const revision = draft.value?.revision;
  const isReviewable = proposal?.status === 'completed';
  const { reloadProposal } = run;
  // The proposal's changes and conflicts are against the draft: read them again after each edit.
  useEffect(() => {
    // A failed read leaves the last view; approve answers with the current state anyway.
    if (isReviewable && revision !== undefined) reloadProposal().catch(() => undefined);
  }, [isReviewable, revision, reloadProposal]);
  return (
    <main className="workflow">
      <p>
        <RouteLink route={{ page: 'workflows' }} navigate={navigate}>
          All workflows
        </RouteLink>
      </p>
      <Alert message={workflow.error} />
      {workflow.value && (
        <header>
          <h1>{workflow.value.name}</h1>
          {workflow.value.description && <p className="muted">{workflow.value.description}</p>}
          <WorkflowActions
            key={workflow.value.updated_at}
            api={api}
            workflow={workflow.value}
            onChanged={workflow.reload}
            onDeleted={() => navigate({ page: 'workflows' }, { replace: true })}
          />
        </header>
      )}
      <DraftPanel api={api} workflowId={workflowId} draft={draft} />
      <RefinePanel
        api={api}
        workflowId={workflowId}
        isRunning={status === 'processing'}
        onStarted={(id) => navigate({ page: 'workflow', workflowId, proposalId: id })}
      />
      {proposalId && (
        <section aria-labelledby="run-heading">
          <h2 id="run-heading">Run</h2>
          <p role="status" aria-label="Run status">
            Status: {status ?? 'loading'}
            {run.view.error ? ` (${run.view.error})` : ''}
          </p>
          <Alert message={run.problem} />
          <RunLog view={run.view} />
        </section>
      )}
      {proposal && run.view.isOver && (
        <ProposalReview
          key={`${proposal.id}:${proposal.status}`}
          api={api}
          proposal={proposal}
          draftFiles={draft.value?.files ?? {}}
          onResolved={async () => {
            await Promise.all([draft.reload(), run.reloadProposal()]);
          }}
        />
      )}
      <VersionsPanel api={api} workflowId={workflowId} />
      <ProposalsList
        api={api}
        workflowId={workflowId}
        version={`${proposalId}:${proposal?.status}`}
        navigate={(route) => navigate(route)}
      />
    </main>
  );
}
