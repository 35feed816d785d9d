import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const SECRET = 'a'.repeat(32);

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig({ AUTH_JWT_SECRET: SECRET })).toEqual({
      port: 8080,
      host: undefined,
      databaseUrl: undefined,
      databaseStartupRetryMs: 30_000,
      specEngineUrl: 'http://localhost:8000',
      specEnginePathPrefix: '/spec-engine',
      specEngineToken: undefined,
      specEngineBreakerHalfOpenMs: 30_000,
      auth: { jwksUrl: undefined, jwtSecret: SECRET, issuer: undefined, audience: undefined },
      corsAllowedOrigins: [],
      draftMaxBytes: 8 * 1024 * 1024,
      logLevel: 'info',
      console: { dir: path.resolve('console/dist'), oidc: undefined },
    });
  });

  it('reads the console settings and wants both OIDC variables or neither', () => {
    const config = loadConfig({
      AUTH_JWT_SECRET: SECRET,
      CONSOLE_DIR: '/srv/console',
      CONSOLE_OIDC_ISSUER: 'https://login.example.com/',
      CONSOLE_OIDC_CLIENT_ID: 'zerotouch-console',
    });
    expect(config.console).toEqual({
      dir: '/srv/console',
      oidc: { issuer: 'https://login.example.com', clientId: 'zerotouch-console' },
    });
    expect(() =>
      loadConfig({ AUTH_JWT_SECRET: SECRET, CONSOLE_OIDC_ISSUER: 'https://login.example.com' }),
    ).toThrow(
      'CONSOLE_OIDC_CLIENT_ID must be set too: console OIDC sign-in needs both CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID',
    );
  });

  it('refuses a draft limit above the 8 MiB ceiling the engine is sized for, naming the variable', () => {
    expect(() => loadConfig({ AUTH_JWT_SECRET: SECRET, WORKFLOW_DRAFT_MAX_BYTES: '9000000' })).toThrow(
      "WORKFLOW_DRAFT_MAX_BYTES '9000000' must be an integer between 1024 and 8388608",
    );
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9090',
      DATABASE_URL: 'postgres://u@db/ide_orchestrator',
      SPEC_ENGINE_URL: 'http://spec-engine:8000/',
      SPEC_ENGINE_PATH_PREFIX: '/deepagents-runtime',
      SPEC_ENGINE_TOKEN: 'tok',
      SPEC_ENGINE_BREAKER_HALF_OPEN_SECONDS: '2.5',
      AUTH_JWKS_URL: 'https://auth.example.com/jwks.json',
      AUTH_ISSUER: 'https://auth.example.com',
      AUTH_AUDIENCE: 'ide, api',
      CORS_ALLOWED_ORIGINS: 'https://ide.example.com, http://localhost:5173',
      LOG_LEVEL: 'debug',
      HOST: '127.0.0.1',
      WORKFLOW_DRAFT_MAX_BYTES: '65536',
      DATABASE_STARTUP_RETRY_SECONDS: '5',
    });
    expect(config).toMatchObject({
      port: 9090,
      databaseStartupRetryMs: 5_000,
      host: '127.0.0.1',
      draftMaxBytes: 65_536,
      specEngineUrl: 'http://spec-engine:8000',
      specEnginePathPrefix: '/deepagents-runtime',
      specEngineToken: 'tok',
      specEngineBreakerHalfOpenMs: 2_500,
      auth: { jwksUrl: 'https://auth.example.com/jwks.json', audience: ['ide', 'api'], jwtSecret: undefined },
      corsAllowedOrigins: ['https://ide.example.com', 'http://localhost:5173'],
      logLevel: 'debug',
    });
  });

  it.each([
    ['no auth at all', {}, 'no authentication configured: set AUTH_JWKS_URL'],
    ['a short HS256 secret', { AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET must be at least 32 characters'],
    ['a bad JWKS URL', { AUTH_JWKS_URL: 'not a url' }, "AUTH_JWKS_URL 'not a url' is not a valid URL"],
    ['a bad port', { AUTH_JWT_SECRET: SECRET, PORT: 'eighty' }, "PORT 'eighty' must be an integer"],
    ['a wildcard origin', { AUTH_JWT_SECRET: SECRET, CORS_ALLOWED_ORIGINS: '*' }, 'must list exact origins'],
    [
      'an origin with a path',
      { AUTH_JWT_SECRET: SECRET, CORS_ALLOWED_ORIGINS: 'https://a.com/app' },
      "must be an origin like 'https://a.com'",
    ],
    [
      'a prefix without slash',
      { AUTH_JWT_SECRET: SECRET, SPEC_ENGINE_PATH_PREFIX: 'spec' },
      "SPEC_ENGINE_PATH_PREFIX 'spec'",
    ],
    [
      'a zero breaker delay',
      { AUTH_JWT_SECRET: SECRET, SPEC_ENGINE_BREAKER_HALF_OPEN_SECONDS: '0' },
      "SPEC_ENGINE_BREAKER_HALF_OPEN_SECONDS '0' must be a positive number",
    ],
    [
      'a negative database start-up retry',
      { AUTH_JWT_SECRET: SECRET, DATABASE_STARTUP_RETRY_SECONDS: '-5' },
      "DATABASE_STARTUP_RETRY_SECONDS '-5' must be a number of seconds >= 0",
    ],
    [
      'an unknown log level',
      { AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'loud' },
      "LOG_LEVEL 'loud' must be one of",
    ],
  ])('refuses %s, naming the variable', (_reason, env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
