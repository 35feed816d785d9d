import { type StackConfig, loadStackConfig } from './config.js';
import { renderBanner } from './banner.js';
import { mintDevToken } from './dev-auth.js';
import { type Stack, startStack } from './stack.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs the local stack until a signal or a service's exit: starts it, prints the banner and,
 * on SIGINT/SIGTERM/SIGHUP, stops the orchestrator, the engine and PostgreSQL, then exits.
 * A terminal's Ctrl-C reaches this process twice (from the terminal and forwarded by npm):
 * the stop runs once.
 */
export async function runStack(env: NodeJS.ProcessEnv = process.env): Promise<void> {
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
    config = await loadStackConfig(env);
    console.log(
      `starting the local stack on ${config.host} (Spec Engine on port ${config.specEnginePort}, then the orchestrator on port ${config.orchestratorPort})…`,
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
  // Only a secret the stack generated mints a token here: an operator's secret signs real users'.
  const token = stack.auth.secret
    ? await mintDevToken(stack.auth.secret, {
        sub: config.tokenSubject,
        issuer: env.AUTH_ISSUER,
        audience: env.AUTH_AUDIENCE,
      })
    : undefined;
  console.log(renderBanner(config, stack, token));
  const gone = await stack.firstExit;
  if (exitCode === undefined) {
    console.error(`${gone.name} stopped unexpectedly; stopping the stack.\n${gone.recentOutput()}`);
    await shutdown(1);
  }
}
