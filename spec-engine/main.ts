import { createLogger } from '../common/observability/index.js';
import { startTracing } from '../common/observability/tracing.js';
import { loadConfig } from './config.js';
import { NatsSettingError } from './nats/connection-settings.js';
import { NatsRefusedError } from './nats/refusal.js';
import { startSpecEngine } from './server.js';

/** Entry point of `npm run start:spec-engine`: start, then stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = startTracing('spec-engine');
  const logger = createLogger({ service: 'spec-engine', level: config.logLevel });
  if (config.model.provider === 'offline') {
    logger.warn('SPEC_ENGINE_MODEL=offline: a deterministic model for development and tests, not an LLM');
  }
  const engine = await startSpecEngine({ config, logger });
  let isStopping = false;
  const stop = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'stopping');
    await engine.stop();
    await tracing.shutdown().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  // A refusal or a bad setting is the operator's to fix: one line, no stack.
  const isExpected = error instanceof NatsRefusedError || error instanceof NatsSettingError;
  console.error(isExpected ? `spec engine did not start: ${(error as Error).message}` : error);
  process.exit(1);
});
