import { ORCHESTRATOR_DATABASE, SPEC_ENGINE_DATABASE } from '../../common/contracts/databases.js';
import type { StackConfig } from './config.js';
import type { Stack } from './stack.js';

function modelOf(config: StackConfig): string {
  if (config.model) return config.model;
  const env = process.env;
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL || env.ANTHROPIC_API_KEY || env.ANTHROPIC_BASE_URL) {
    return "the engine's default model for the configured provider key";
  }
  return 'offline (deterministic development model, not an LLM; see README for a real one)';
}

/** The host name to print in URLs: a wildcard bind is reachable as `localhost`. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

function tokenLines(config: StackConfig, stack: Stack, token: string | undefined): string[] {
  if (token) {
    return [
      `  Dev token         sub=${config.tokenSubject}, valid 12 h${stack.auth.secretFile ? `, secret kept in ${stack.auth.secretFile}` : ''}`,
      '',
      `export TOKEN=${token}`,
    ];
  }
  if (stack.auth.configuredBy === 'AUTH_JWT_SECRET') {
    // The operator's secret signs real users' tokens: the stack does not mint one and print it.
    return [
      '  Dev token         none printed: AUTH_JWT_SECRET is yours; make one with',
      '                    npm run token -- --sub <user> --ttl 3600   (same AUTH_JWT_SECRET in the environment)',
    ];
  }
  return ['  Dev token         none: AUTH_JWKS_URL is set, use a token from your identity provider'];
}

/** What `npm start` prints once both services are ready. */
export function renderBanner(config: StackConfig, stack: Stack, token: string | undefined): string {
  const host = reachableHost(config.host);
  const orchestrator = `http://${host}:${stack.orchestrator.port}`;
  const engine = `http://${host}:${stack.specEngine.port}`;
  const lines = [
    '',
    'zerotouch local stack is ready',
    `  Console           ${orchestrator}/`,
    `  IDE Orchestrator  ${orchestrator}`,
    `  API docs          ${orchestrator}/api/docs`,
    `  Spec Engine       ${engine} (requires SPEC_ENGINE_TOKEN${stack.auth.serviceTokenFile ? `, kept in ${stack.auth.serviceTokenFile}` : ''})`,
    `  PostgreSQL        ${stack.database.description} (databases ${ORCHESTRATOR_DATABASE}, ${SPEC_ENGINE_DATABASE})`,
    `  Job queue         ${config.natsUrl ? `NATS JetStream at ${config.natsUrl}` : 'in process (set NATS_URL for NATS JetStream)'}`,
    `  Model             ${modelOf(config)}`,
    ...tokenLines(config, stack, token),
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  return lines.join('\n');
}
