/**
 * `npm start`: the whole product on one machine. One PostgreSQL (embedded unless
 * `DATABASE_URL`) with the databases `ide_orchestrator` and `deepagents_runtime`, the Spec
 * Engine (in-process queue unless `NATS_URL`, `offline` model unless configured) and the IDE
 * Orchestrator (a generated development JWT secret unless auth is configured). Prints the URLs
 * and a development token once both services are ready; Ctrl-C or SIGTERM stops everything.
 */
import { type StackConfig, loadStackConfig } from './stack/config.js';
import { mintDevToken } from './stack/dev-auth.js';
import { type Stack, startStack } from './stack/stack.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function modelOf(config: StackConfig): string {
  if (config.model) return config.model;
  const env = process.env;
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL || env.ANTHROPIC_API_KEY || env.ANTHROPIC_BASE_URL) {
    return "the engine's default model for the configured provider key";
  }
  return 'offline (deterministic development model, not an LLM; see README for a real one)';
}

function banner(config: StackConfig, stack: Stack, token: string | undefined): string {
  const orchestrator = `http://localhost:${stack.orchestrator.port}`;
  const engine = `http://localhost:${stack.specEngine.port}`;
  const lines = [
    '',
    'zerotouch local stack is ready',
    `  IDE Orchestrator  ${orchestrator}`,
    `  API docs          ${orchestrator}/api/docs`,
    `  Spec Engine       ${engine}`,
    `  PostgreSQL        ${stack.database.description} (databases ide_orchestrator, deepagents_runtime)`,
    `  Job queue         ${config.natsUrl ? `NATS JetStream at ${config.natsUrl}` : 'in process (set NATS_URL for NATS JetStream)'}`,
    `  Model             ${modelOf(config)}`,
  ];
  if (token) {
    lines.push(
      `  Dev token         sub=${config.tokenSubject}, valid 12 h${stack.auth.secretFile ? `, secret kept in ${stack.auth.secretFile}` : ''}`,
      '',
      `export TOKEN=${token}`,
    );
  } else {
    lines.push('  Dev token         none: AUTH_JWKS_URL is set, use a token from your identity provider');
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const aborter = new AbortController();
  let stack: Stack | undefined;
  let exitCode: number | undefined;
  const shutdown = async (code: number) => {
    if (exitCode !== undefined) return;
    exitCode = code;
    aborter.abort();
    if (stack) {
      console.log('\nstopping the orchestrator, the Spec Engine and PostgreSQL…');
      await stack.stop();
      console.log('stopped.');
      process.exit(code);
    }
  };
  for (const signal of SIGNALS) process.on(signal, () => void shutdown(0));

  let config: StackConfig;
  try {
    config = await loadStackConfig(process.env);
    console.log(
      `starting the local stack (orchestrator on port ${config.orchestratorPort}, Spec Engine on port ${config.specEnginePort})…`,
    );
    stack = await startStack(config, {
      signal: aborter.signal,
      onLine: (service, line) => console.log(`[${service}] ${line}`),
    });
  } catch (error) {
    if (exitCode !== undefined) process.exit(exitCode); // stopped by a signal while starting
    console.error(`npm start failed: ${(error as Error).message}`);
    process.exit(1);
  }
  if (exitCode !== undefined) {
    await stack.stop();
    process.exit(exitCode);
  }
  const token = stack.auth.secret
    ? await mintDevToken(stack.auth.secret, {
        sub: config.tokenSubject,
        issuer: process.env.AUTH_ISSUER,
        audience: process.env.AUTH_AUDIENCE,
      })
    : undefined;
  console.log(banner(config, stack, token));
  const gone = await stack.firstExit;
  if (exitCode === undefined) {
    console.error(`${gone.name} stopped unexpectedly; stopping the stack.\n${gone.recentOutput()}`);
    await shutdown(1);
  }
}

await main();
