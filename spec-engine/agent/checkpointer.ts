import type { EventEmitter } from 'node:events';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';

/**
 * The PostgreSQL checkpointer on `url`. Its `pg` pool emits `error` when the server drops an
 * idle connection (a restart, a failover, `pg_terminate_backend`); without a listener Node
 * would crash the process, so the error is reported and the pool reconnects on next use.
 */
export function createCheckpointer(url: string, onError: (error: unknown) => void): PostgresSaver {
  const saver = PostgresSaver.fromConnString(url);
  // `pool` is private in the 1.0.5 typings; the pool is the only way to attach the listener
  // without a direct dependency on `pg`.
  const pool = (saver as unknown as { pool?: EventEmitter }).pool;
  pool?.on('error', onError);
  return saver;
}
