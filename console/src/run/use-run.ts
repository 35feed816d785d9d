import { useCallback, useEffect, useState } from 'react';
import { type ConsoleApi, describeFailure, type Proposal, readToken, watchRun } from '../api/index.js';
import { reduceRun, settleFromProposal } from './reducer.js';
import { EMPTY_RUN, type RunView } from './run-view.js';

/** A run being watched, and the proposal that holds its result once it settled. */
export interface WatchedRun {
  readonly view: RunView;
  readonly proposal: Proposal | undefined;
  readonly problem: string | undefined;
  /** Reads the proposal again (after approve or reject). */
  reloadProposal(): Promise<void>;
}

type RunState = Omit<WatchedRun, 'reloadProposal'>;

const SETTLE_POLL_MS = 500;
const SETTLE_POLLS = 60;

/** Waits until the server finalized the proposal (it does so right after `end`). */
async function settledProposal(api: ConsoleApi, id: string, signal: AbortSignal): Promise<Proposal> {
  let proposal = await api.getProposal(id);
  for (let i = 0; i < SETTLE_POLLS && proposal.status === 'processing' && !signal.aborted; i++) {
    await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
    proposal = await api.getProposal(id);
  }
  return proposal;
}

/**
 * Follows the run of proposal `proposalId` live: an unresolved run is watched over the socket
 * (a reload starts again from a full replay); a resolved one is read from its proposal.
 */
export function useRun(api: ConsoleApi, proposalId: string | undefined): WatchedRun {
  const [run, setRun] = useState<RunState>({ view: EMPTY_RUN, proposal: undefined, problem: undefined });
  useEffect(() => {
    setRun({ view: EMPTY_RUN, proposal: undefined, problem: undefined });
    if (!proposalId) return;
    const aborter = new AbortController();
    const signal = aborter.signal;
    const settle = async () => {
      const proposal = await settledProposal(api, proposalId, signal);
      if (!signal.aborted) setRun((r) => ({ ...r, view: settleFromProposal(r.view, proposal), proposal }));
    };
    void (async () => {
      try {
        const first = await api.getProposal(proposalId);
        if (signal.aborted) return;
        // A resolved run's socket answers 410: its proposal holds the result. Any other run is
        // replayed from its first event, so a reload shows the whole log again.
        if (first.status === 'resolved') {
          setRun((r) => ({ ...r, view: settleFromProposal(r.view, first), proposal: first }));
          return;
        }
        setRun((r) => ({ ...r, proposal: first }));
        const events = watchRun({
          threadId: first.thread_id,
          afterSeq: 0,
          token: readToken,
          isRunOver: async () => (await api.getProposal(proposalId)).status !== 'processing',
          signal,
        });
        for await (const envelope of events) {
          setRun((r) => ({ ...r, view: reduceRun(r.view, envelope) }));
        }
        if (!signal.aborted) await settle();
      } catch (error) {
        if (!signal.aborted) setRun((r) => ({ ...r, problem: describeFailure(error) }));
      }
    })();
    return () => aborter.abort();
  }, [api, proposalId]);
  const reloadProposal = useCallback(async () => {
    if (!proposalId) return;
    const proposal = await api.getProposal(proposalId);
    setRun((r) => ({ ...r, proposal, view: settleFromProposal(r.view, proposal) }));
  }, [api, proposalId]);
  return { ...run, reloadProposal };
}
