import { describe, expect, it } from 'vitest';
import { loadStreamingOptions, StreamingConfigError } from './streaming-options.js';

describe('streaming options', () => {
  it('applies the documented defaults', () => {
    const options = loadStreamingOptions({});
    expect(options).toMatchObject({
      heartbeatMs: 30_000,
      maxBufferedBytes: 32 * 1024 * 1024,
      replayBufferBytes: 8 * 1024 * 1024,
      replayBudgetBytes: 64 * 1024 * 1024,
      maxFinalizers: 500,
      maxProcessingMs: 7_200_000,
    });
  });

  it('reads the variables, seconds as milliseconds', () => {
    const options = loadStreamingOptions({
      WS_REPLAY_BUDGET_BYTES: '1048576',
      WS_HEARTBEAT_SECONDS: '5',
      ORCHESTRATOR_REPLICA_ID: 'replica-a',
    });
    expect(options).toMatchObject({
      replayBudgetBytes: 1_048_576,
      heartbeatMs: 5_000,
      replicaId: 'replica-a',
    });
  });

  it('names the variable whose value is not a positive number', () => {
    expect(() => loadStreamingOptions({ WS_REPLAY_BUDGET_BYTES: 'lots' })).toThrow(
      new StreamingConfigError("WS_REPLAY_BUDGET_BYTES 'lots' must be a positive number"),
    );
    expect(() => loadStreamingOptions({ FINALIZER_LEASE_SECONDS: '0' })).toThrow(
      /FINALIZER_LEASE_SECONDS '0'/,
    );
  });
});
