import { useCallback, useEffect, useState } from 'react';
import { type ConsoleApi, describeFailure, type Workflow } from '../api/index.js';
import { Alert, Field, FormDialog } from '../components/dialog.js';
import { RouteLink } from '../components/route-link.js';
import type { Route } from '../routing/route.js';

/** Props of {@link WorkflowsPage}. */
export interface WorkflowsProps {
  readonly api: ConsoleApi;
  readonly navigate: (route: Route) => void;
}

/** The dialog that creates a workflow (Name, Description, Create). */
function NewWorkflowDialog({
  api,
  onCreated,
  onClose,
}: {
  api: ConsoleApi;
  onCreated: (w: Workflow) => void;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string>();
  const [isBusy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    try {
      onCreated(await api.createWorkflow(name, description));
    } catch (e) {
      setError(describeFailure(e));
      setBusy(false);
    }
  };
  return (
    <FormDialog
      title="New workflow"
      submitLabel="Create"
      onSubmit={create}
      onClose={onClose}
      isBusy={isBusy}
      error={error}
    >
      <Field label="Name" value={name} onChange={setName} isRequired />
      <Field label="Description" value={description} onChange={setDescription} isMultiline />
    </FormDialog>
  );
}

/** The user's workflows, newest first, a page at a time. */
export function WorkflowsPage({ api, navigate }: WorkflowsProps) {
  const [workflows, setWorkflows] = useState<readonly Workflow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [isLoading, setLoading] = useState(true);
  const [isCreating, setCreating] = useState(false);
  const load = useCallback(
    async (after?: string) => {
      setLoading(true);
      try {
        const page = await api.listWorkflows(after);
        setWorkflows((current) => (after ? [...current, ...page.workflows] : page.workflows));
        setCursor(page.next_cursor);
        setError(undefined);
      } catch (e) {
        setError(describeFailure(e));
      } finally {
        setLoading(false);
      }
    },
    [api],
  );
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <main>
      <h1>Workflows</h1>
      <p>
        <button type="button" onClick={() => setCreating(true)}>
          New workflow
        </button>
      </p>
      <Alert message={error} />
      {!isLoading && workflows.length === 0 && !error && (
        <p>No workflows yet. Create one to start a specification.</p>
      )}
      <ul className="workflow-list" aria-label="Your workflows">
        {workflows.map((w) => {
          const route: Route = { page: 'workflow', workflowId: w.id };
          return (
            <li key={w.id}>
              <RouteLink route={route} navigate={navigate}>
                {w.name}
              </RouteLink>
              {w.description && <span className="muted"> {w.description}</span>}
            </li>
          );
        })}
      </ul>
      {cursor && (
        <button type="button" disabled={isLoading} onClick={() => load(cursor)}>
          Load more
        </button>
      )}
      {isCreating && (
        <NewWorkflowDialog
          api={api}
          onClose={() => setCreating(false)}
          onCreated={(w) => navigate({ page: 'workflow', workflowId: w.id })}
        />
      )}
    </main>
  );
}
