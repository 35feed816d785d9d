import { useMemo, useState } from 'react';
import { type FileTree, isFileTree } from '../../../common/events/index.js';
import { type ConsoleApi, describeFailure, type Proposal } from '../api/index.js';
import { approvalSelection, diffProposal, type FileDiff, takenPaths } from '../review/diff-model.js';
import { Alert } from './dialog.js';

/** Props of {@link ProposalReview}. */
export interface ProposalReviewProps {
  readonly api: ConsoleApi;
  readonly proposal: Proposal;
  readonly draftFiles: FileTree;
  /** Approved or rejected: the draft and the proposal are read again. */
  readonly onResolved: () => Promise<void>;
}

function FileDiffView({
  diff,
  isTaken,
  onToggle,
}: {
  diff: FileDiff;
  isTaken: boolean;
  onToggle: () => void;
}) {
  return (
    <article className={`file-diff diff-${diff.change}`} aria-label={`${diff.change} ${diff.path}`}>
      <label>
        <input type="checkbox" checked={isTaken} onChange={onToggle} /> {diff.path}
      </label>{' '}
      <span className="muted">
        {diff.change}, +{diff.added} −{diff.removed}
      </span>
      {diff.conflict && (
        <strong className="conflict"> Conflicts with your edits: the draft changed this file too</strong>
      )}
      <pre>
        {diff.lines.map((line, i) => (
          // Lines have no identity beyond their position in this diff.
          // biome-ignore lint/suspicious/noArrayIndexKey: a diff is rendered whole and never reordered
          <div key={i} className={`line-${line.kind}`}>
            {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
            {line.text}
          </div>
        ))}
      </pre>
    </article>
  );
}

function outcomeOf(proposal: Proposal): string {
  if (proposal.status === 'resolved') return proposal.resolution === 'approved' ? 'Approved' : 'Rejected';
  if (proposal.status === 'failed') return 'The run failed; nothing to apply.';
  return proposal.status === 'processing'
    ? 'Waiting for the server to store the result.'
    : 'Ready for review.';
}

/** **Proposal**: per-file diffs against the draft, a checkbox per file, **Approve** and **Reject**. */
export function ProposalReview({ api, proposal, draftFiles, onResolved }: ProposalReviewProps) {
  const proposed = useMemo(
    () => (isFileTree(proposal.generated_files) ? proposal.generated_files : {}),
    [proposal.generated_files],
  );
  const diffs = useMemo(
    () => diffProposal(draftFiles, proposed, proposal.changes),
    [draftFiles, proposed, proposal.changes],
  );
  // Only the files the person ticked or unticked; the others follow the server's conflicts.
  const [choices, setChoices] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [error, setError] = useState<string>();
  const [isBusy, setBusy] = useState(false);
  const taken = takenPaths(diffs, choices);
  const toggle = (path: string) => setChoices((c) => new Map(c).set(path, !taken.has(path)));
  const resolve = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      await onResolved();
    } catch (e) {
      setError(describeFailure(e));
    } finally {
      setBusy(false);
    }
  };
  const canApprove = proposal.status === 'completed' && taken.size > 0;
  const canReject =
    proposal.status === 'completed' || proposal.status === 'failed' || proposal.status === 'processing';
  return (
    <section aria-labelledby="proposal-heading" className="proposal">
      <h2 id="proposal-heading">Proposal</h2>
      <p role="status">{outcomeOf(proposal)}</p>
      <Alert message={error} />
      {proposal.status === 'completed' && diffs.length === 0 && <p>The run changed no files.</p>}
      {proposal.status === 'completed' &&
        diffs.map((diff) => (
          <FileDiffView
            key={diff.path}
            diff={diff}
            isTaken={taken.has(diff.path)}
            onToggle={() => toggle(diff.path)}
          />
        ))}
      <div className="actions">
        <button
          type="button"
          disabled={!canApprove || isBusy}
          onClick={() => resolve(() => api.approveProposal(proposal.id, approvalSelection(diffs, taken)))}
        >
          Approve
        </button>
        <button
          type="button"
          disabled={!canReject || isBusy}
          onClick={() => resolve(() => api.rejectProposal(proposal.id))}
        >
          Reject
        </button>
      </div>
    </section>
  );
}
