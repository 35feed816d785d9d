import { type ConsoleApi, useResource } from '../api/index.js';
import type { Route } from '../routing/route.js';
import { RouteLink } from './route-link.js';

/** Props of {@link ProposalsList}. */
export interface ProposalsListProps {
  readonly api: ConsoleApi;
  readonly workflowId: string;
  /** Changes when a proposal starts or is resolved, so the list is read again. */
  readonly version: string;
  readonly navigate: (route: Route) => void;
}

/** The workflow's proposals, newest first; each opens its run and review. */
export function ProposalsList({ api, workflowId, version, navigate }: ProposalsListProps) {
  const proposals = useResource(() => api.listProposals(workflowId), `${workflowId}:${version}`);
  return (
    <section aria-labelledby="proposals-heading">
      <h2 id="proposals-heading">Proposals</h2>
      {proposals.error && <p className="muted">Proposals cannot be listed: {proposals.error}</p>}
      {proposals.value?.length === 0 && <p className="muted">No refinements yet.</p>}
      <ul aria-label="Proposals of this workflow">
        {(proposals.value ?? []).map((p) => {
          const route: Route = { page: 'workflow', workflowId, proposalId: p.id };
          const outcome = p.status === 'resolved' ? (p.resolution ?? 'resolved') : p.status;
          return (
            <li key={p.id}>
              <RouteLink route={route} navigate={navigate}>
                {new Date(p.created_at).toLocaleString()}
              </RouteLink>{' '}
              {outcome}
              {p.instructions ? `: ${p.instructions}` : ''}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
