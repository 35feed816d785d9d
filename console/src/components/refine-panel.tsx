import { useEffect, useRef, useState } from 'react';
import { ApiFailure, type ConsoleApi, describeFailure } from '../api/index.js';
import { Alert, Field } from './dialog.js';

/** Props of {@link RefinePanel}. */
export interface RefinePanelProps {
  readonly api: ConsoleApi;
  readonly workflowId: string;
  /** A refinement started: its proposal becomes the one shown. */
  readonly onStarted: (proposalId: string) => void;
  readonly isRunning: boolean;
}

const DEFAULT_RETRY_SECONDS = 5;

/**
 * **Instructions** and **Refine**. When the Spec Engine is unavailable (503 with Retry-After)
 * it says so and tries again after the pause the server asked for, until it starts or is cancelled.
 */
export function RefinePanel({ api, workflowId, onStarted, isRunning }: RefinePanelProps) {
  const [instructions, setInstructions] = useState('');
  const [error, setError] = useState<string>();
  const [retryIn, setRetryIn] = useState<number>();
  const [isBusy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const start = async (text: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const started = await api.startRefinement(workflowId, text);
      setRetryIn(undefined);
      onStarted(started.proposal_id);
    } catch (e) {
      setError(describeFailure(e));
      if (e instanceof ApiFailure && e.isEngineUnavailable) {
        const seconds = e.retryAfterSeconds ?? DEFAULT_RETRY_SECONDS;
        setRetryIn(seconds);
        timer.current = setTimeout(() => void start(text), seconds * 1000);
      } else {
        setRetryIn(undefined);
      }
    } finally {
      setBusy(false);
    }
  };
  const cancelRetry = () => {
    clearTimeout(timer.current);
    setRetryIn(undefined);
  };
  return (
    <section aria-labelledby="refine-heading">
      <h2 id="refine-heading">Refinement</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          cancelRetry();
          void start(instructions);
        }}
      >
        <Field label="Instructions" value={instructions} onChange={setInstructions} isMultiline />
        <button
          type="submit"
          disabled={isBusy || isRunning || retryIn !== undefined || instructions.trim() === ''}
        >
          Refine
        </button>
      </form>
      <Alert message={error} />
      {retryIn !== undefined && (
        <p role="status">
          Trying again in {retryIn} s.{' '}
          <button type="button" onClick={cancelRetry}>
            Stop retrying
          </button>
        </p>
      )}
    </section>
  );
}
