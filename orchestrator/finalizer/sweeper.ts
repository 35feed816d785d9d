import type { Sql } from '../../common/db/index.js';
import type { Logger } from '../../common/observability/index.js';
import type { StreamingOptions } from '../settings/streaming-options.js';
import type { Finalizer } from './finalizer.js';
import { claimFreeProposals } from '../db/leases.js';
import { runPeriodically } from './periodic.js';

/** A running sweeper. */
export interface Sweeper {
  /** Claims and hands over free `processing` proposals now; resolves with how many. */
  sweep(): Promise<number>;
  stop(): void;
}

/**
 * Starts the sweeper: at start and every `pollMs` it claims `processing` proposals whose
 * finalizer lease is free or expired (left by a stopped or dead replica, or never taken)
 * and gives them to the finalizer. Proposals older than `stuckAfterMs` are reconciled from
 * the engine's state first instead of replaying their whole stream, and so are runs this
 * replica has been following for that long (a stream gone silent without `end`).
 */
export function startSweeper(
  sql: Sql,
  finalizer: Finalizer,
  options: StreamingOptions,
  logger: Logger,
): Sweeper {
  const sweep = async (): Promise<number> => {
    const rows = await claimFreeProposals(
      sql,
      options.replicaId,
      options.leaseMs,
      finalizer.capacity,
      options.claimGraceMs,
    );
    const now = Date.now();
    for (const row of rows) {
      const isStuck = now - row.created_at.getTime() > options.stuckAfterMs;
      if (isStuck)
        logger.info({ proposalId: row.id, threadId: row.thread_id }, 'reconciling a stuck proposal');
      finalizer.adopt(row, isStuck);
    }
    if (rows.length > 0) logger.info({ count: rows.length }, 'picked up processing proposals');
    await finalizer.reconcileStuck();
    return rows.length;
  };
  const loop = runPeriodically(sweep, options.pollMs, logger, 'sweep failed');
  return {
    sweep: loop.runOnce,
    stop: () => void loop.stop(),
  };
}
