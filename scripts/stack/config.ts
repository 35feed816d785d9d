import { createServer } from 'node:net';
import { ENV } from '../../common/contracts/env.js';
import { freePort } from '../../common/db/index.js';

/** Settings of the local stack, from the environment of `npm start`. */
export interface StackConfig {
  /** `STACK_DATA_DIR`: embedded PostgreSQL data and the generated dev secret. @default '.data' */
  readonly dataDir: string;
  /** `DATABASE_URL`: a real PostgreSQL server for both databases; embedded when unset. */
  readonly databaseUrl: string | undefined;
  /** `NATS_URL`: the Spec Engine's job queue; in process when unset. */
  readonly natsUrl: string | undefined;
  /** `SPEC_ENGINE_MODEL`; the engine picks `offline` when unset and no key is configured. */
  readonly model: string | undefined;
  /** `ORCHESTRATOR_PORT` (0 = any free port). @default 8080, or a free port when taken */
  readonly orchestratorPort: number;
  /** `SPEC_ENGINE_PORT` (0 = any free port). @default 8000, or a free port when taken */
  readonly specEnginePort: number;
  /** `HOST`: the interface both services listen on. @default '127.0.0.1' (this machine only) */
  readonly host: string;
  /** `LOG_LEVEL` of both services. @default 'warn' (keeps the terminal readable) */
  readonly logLevel: string;
  /** `DEV_TOKEN_SUB`: the user of the printed development token. @default 'dev-user' */
  readonly tokenSubject: string;
}

function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

async function resolvePort(env: NodeJS.ProcessEnv, name: string, preferred: number): Promise<number> {
  const value = read(env, name);
  if (value === undefined) return (await isPortFree(preferred)) ? preferred : freePort();
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} '${value}' must be an integer between 0 and 65535`);
  }
  return port === 0 ? freePort() : port;
}

/** Reads the stack's settings, choosing ports (defaults when free, else free ones). */
export async function loadStackConfig(env: NodeJS.ProcessEnv = process.env): Promise<StackConfig> {
  return {
    dataDir: read(env, 'STACK_DATA_DIR') ?? '.data',
    databaseUrl: read(env, ENV.databaseUrl),
    natsUrl: read(env, ENV.natsUrl),
    model: read(env, 'SPEC_ENGINE_MODEL'),
    orchestratorPort: await resolvePort(env, 'ORCHESTRATOR_PORT', 8080),
    specEnginePort: await resolvePort(env, 'SPEC_ENGINE_PORT', 8000),
    host: read(env, 'HOST') ?? '127.0.0.1',
    logLevel: read(env, 'LOG_LEVEL') ?? 'warn',
    tokenSubject: read(env, 'DEV_TOKEN_SUB') ?? 'dev-user',
  };
}
