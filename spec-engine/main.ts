import { createLogger } from '../common/observability/index.js';
import { startTracing } from '../common/observability/tracing.js';
import { assertAuthConfigured, loadConfig } from './config.js';
import { startSpecEngine } from './server.js';

/** Entry point of `npm run start:spec-engine`: start, then stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  assertAuthConfigured(config);
  const tracing = startTracing('spec-engine');
  const logger = createLogger({ service: 'spec-engine', level: config.logLevel });
  if (!config.token) {
    logger.warn(
      'SPEC_ENGINE_ALLOW_UNAUTHENTICATED=true and no SPEC_ENGINE_TOKEN: every route is open to whoever reaches the port',
    );
  }
  if (config.model.provider === 'offline') {
    logger.warn('SPEC_ENGINE_MODEL=offline: a deterministic model for development and tests, not an LLM');
  }
  let isStopping = false;
  const stop = async (signal: string, code = 0) => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'stopping');
    await engine.stop();
    await tracing.shutdown().catch(() => {});
    process.exit(code);
  };
  const engine = await startSpecEngine({
    config,
    logger,
    // NATS came back and refused (credentials, certificate, permission): as at start, one line and exit 1.
    onFatal: (error) => {
      console.error(`spec engine stopped: ${error.message}`);
      void stop('refused', 1);
    },
  });
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  // A refusal, a bad setting or a missing token is the operator's to fix: one line; a stack would bury it.
  console.error(`spec engine did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
