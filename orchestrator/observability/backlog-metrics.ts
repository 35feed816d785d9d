import type { Registry } from 'prom-client';
import type { Logger } from '../../common/observability/index.js';
import { registerMetric } from '../../common/observability/index.js';
import { type Backlog, readBacklog } from '../db/backlog.js';
import type { Queryable } from '../db/queryable.js';
import { orchestratorCatalog } from './catalog.js';

/**
 * Registers the backlog gauges (processing proposals, finalizer lag, cleanup outbox), read from
 * the database at scrape time. Every replica reports the same value: rules take `max`. When the
 * database does not answer, the gauges keep their last values and `/metrics` still answers.
 */
export function registerBacklogMetrics(registry: Registry, sql: Queryable, logger: Logger): void {
  // prom-client collects all gauges of a scrape at once: they share the one read in flight.
  let inFlight: Promise<Backlog | undefined> | undefined;
  const read = () => {
    inFlight ??= readBacklog(sql)
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'backlog metrics: database read failed');
        return undefined;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  const m = orchestratorCatalog.metrics;
  const gauges: [typeof m.proposalsProcessing, keyof Backlog][] = [
    [m.proposalsProcessing, 'processing'],
    [m.proposalsProcessingOldest, 'processingOldestSeconds'],
    [m.finalizerUnclaimedOldest, 'unclaimedOldestSeconds'],
    [m.cleanupBacklog, 'cleanupPending'],
    [m.cleanupBacklogOldest, 'cleanupOldestSeconds'],
  ];
  for (const [spec, field] of gauges) {
    registerMetric(registry, spec, {
      async collect() {
        const backlog = await read();
        if (backlog) this.set(backlog[field]);
      },
    });
  }
}
