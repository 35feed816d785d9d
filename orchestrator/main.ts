import { ConfigError, loadConfig } from './config.js';
import { startOrchestrator } from './server.js';

/** Entry point: `npm run start:orchestrator` (or `node dist/orchestrator/main.js`). */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`ide-orchestrator: configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const running = await startOrchestrator(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.logger.info({ signal }, 'shutting down');
    // A hung drain must not keep the pod from terminating.
    setTimeout(() => process.exit(1), 25_000).unref();
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('ide-orchestrator failed to start:', error);
  process.exit(1);
});
