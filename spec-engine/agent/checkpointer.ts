import type { EventEmitter } from 'node:events';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';

/**
 * The PostgreSQL checkpointer on `url`; `onWrite` is told the duration of every checkpoint written. Its `pg` pool emits `error` when the server drops an
 * idle connection (a restart, a failover, `pg_terminate_backend`); without a listener Node
 * would crash the process, so the error is reported and the pool reconnects on next use.
 */
export function createCheckpointer(
  url: string,
  onError: (error: unknown) => void,
  onWrite?: (seconds: number) => void,
): PostgresSaver {
  const saver = PostgresSaver.fromConnString(url);
  if (onWrite) {
    // Timed around the saver's own `put`: one call per checkpoint LangGraph writes.
    const put = saver.put.bind(saver);
    saver.put = async (...args) => {
      const started = performance.now();
      const written = await put(...args);
      onWrite((performance.now() - started) / 1000);
      return written;
    };
  }
  // `pool` is private in the 1.0.5 typings; the pool is the only way to attach the listener
  // without a direct dependency on `pg`.
  const pool = (saver as unknown as { pool?: EventEmitter }).pool;
  pool?.on('error', onError);
  // The pool's listener covers idle clients only: a client checked out (a checkpoint being
  // written) whose connection is terminated emits `error` on itself, which would end the process.
  pool?.on('connect', (client: EventEmitter) => client.on('error', onError));
  return saver;
}
