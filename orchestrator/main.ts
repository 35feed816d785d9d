import { startTracing } from '../common/observability/tracing.js';
import { ConfigError, loadConfig, type OrchestratorConfig } from './settings/config.js';
import { startOrchestrator } from './server.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

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
  // An unreachable database or a taken port is the operator's to fix: one line, no stack to bury it.
  const code = (error as { code?: unknown })?.code;
  const reason = error instanceof Error ? error.message : String(error);
  console.error(
    `ide-orchestrator failed to start: ${reason}${typeof code === 'string' && !reason.includes(code) ? ` (${code})` : ''}`,
  );
  process.exit(1);
});
