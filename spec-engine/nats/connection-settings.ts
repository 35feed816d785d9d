import { access, readFile } from 'node:fs/promises';
import { credsAuthenticator, type NodeConnectionOptions } from '@nats-io/transport-node';
import { ENV } from '../../common/contracts/env.js';
import type { NatsNames } from '../../common/contracts/nats.js';
import { NATS_SERVER_PATTERN } from '../../common/nats/servers.js';

/** A NATS setting is malformed or names a file that cannot be read; the message names the variable. */
export class NatsSettingError extends Error {
  readonly code = 'nats_setting';
}

/** How the engine authenticates to NATS (at most one method; none for an open server). */
export type NatsAuth =
  | { readonly method: 'none' }
  | { readonly method: 'password'; readonly user: string; readonly password: string }
  | { readonly method: 'token'; readonly token: string }
  | { readonly method: 'creds'; readonly credsFile: string };

/** TLS towards NATS: a CA to trust and, for mutual TLS, a client certificate. */
export interface NatsTls {
  /** `NATS_TLS_CA_FILE`; the system's CAs when unset. */
  readonly caFile?: string;
  /** `NATS_TLS_CERT_FILE` + `NATS_TLS_KEY_FILE`. */
  readonly certFile?: string;
  readonly keyFile?: string;
  /**
   * `NATS_TLS_CERT_OPTIONAL`: cert and key files that are both absent mean "no client
   * certificate" (a mounted Secret whose `tls.crt`/`tls.key` are optional); otherwise they must exist.
   */
  readonly isCertOptional: boolean;
}

/** Everything needed to reach NATS, parsed from the environment. */
export interface NatsConnectionSettings {
  /** `NATS_URL`, comma-separated: `nats://host:port` or `tls://host:port` (TLS required). */
  readonly servers: readonly string[];
  readonly auth: NatsAuth;
  /** Set when any TLS variable is set or a server is `tls://`: the connection then requires TLS. */
  readonly tls?: NatsTls;
}

const SERVER = new RegExp(NATS_SERVER_PATTERN);

function serversOf(raw: string): string[] {
  const servers = raw.split(',').map((s) => s.trim());
  for (const server of servers) {
    if (/^[a-z]+:\/\/[^/]*@/i.test(server)) {
      // Kept out of the URL so it never reaches a log line or /ready.
      throw new NatsSettingError(
        'NATS_URL must not carry credentials: set NATS_USER/NATS_PASSWORD, NATS_TOKEN or NATS_CREDS_FILE',
      );
    }
    if (!SERVER.test(server)) {
      throw new NatsSettingError(
        `NATS_URL entry '${server}' must be nats://host:port or tls://host:port (several separated by commas)`,
      );
    }
  }
  return servers;
}

function authOf(env: NodeJS.ProcessEnv): NatsAuth {
  const user = env.NATS_USER || undefined;
  const password = env.NATS_PASSWORD || undefined;
  const token = env.NATS_TOKEN || undefined;
  const credsFile = env[ENV.natsCredsFile] || undefined;
  const methods = [
    user || password ? 'NATS_USER/NATS_PASSWORD' : '',
    token ? 'NATS_TOKEN' : '',
    credsFile ? ENV.natsCredsFile : '',
  ];
  const chosen = methods.filter(Boolean);
  if (chosen.length > 1) throw new NatsSettingError(`NATS credentials: set only one of ${chosen.join(', ')}`);
  if (user || password) {
    if (!user || !password) throw new NatsSettingError('NATS_USER and NATS_PASSWORD must be set together');
    return { method: 'password', user, password };
  }
  if (token) return { method: 'token', token };
  if (credsFile) return { method: 'creds', credsFile };
  return { method: 'none' };
}

function tlsOf(env: NodeJS.ProcessEnv, servers: readonly string[]): NatsTls | undefined {
  const caFile = env[ENV.natsTlsCaFile] || undefined;
  const certFile = env[ENV.natsTlsCertFile] || undefined;
  const keyFile = env[ENV.natsTlsKeyFile] || undefined;
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new NatsSettingError('NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE must be set together');
  }
  const isCertOptional = ['1', 'true', 'yes'].includes((env[ENV.natsTlsCertOptional] ?? '').toLowerCase());
  if (!caFile && !certFile && !servers.some((s) => s.startsWith('tls://'))) return undefined;
  return {
    ...(caFile ? { caFile } : {}),
    ...(certFile && keyFile ? { certFile, keyFile } : {}),
    isCertOptional,
  };
}

/** Reads the NATS settings; undefined when `NATS_URL` is unset. Throws naming the variable at fault. */
export function parseNatsConnection(env: NodeJS.ProcessEnv): NatsConnectionSettings | undefined {
  const raw = env[ENV.natsUrl]?.trim();
  if (!raw) return undefined;
  const servers = serversOf(raw);
  const tls = tlsOf(env, servers);
  return { servers, auth: authOf(env), ...(tls ? { tls } : {}) };
}

/** Who connects, for messages: the user name, or the method (never a secret). */
export function describeIdentity(auth: NatsAuth): string {
  switch (auth.method) {
    case 'password':
      return `user '${auth.user}'`;
    case 'token':
      return 'the token in NATS_TOKEN';
    case 'creds':
      return `the credentials in ${auth.credsFile}`;
    default:
      return 'no credentials';
  }
}

async function readSetting(variable: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new NatsSettingError(
      `${variable} '${file}' cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function tlsOptions(tls: NatsTls): Promise<NonNullable<NodeConnectionOptions['tls']>> {
  const options: Record<string, string> = {};
  if (tls.caFile) options.ca = (await readSetting(ENV.natsTlsCaFile, tls.caFile)).toString();
  if (tls.certFile && tls.keyFile) {
    const present = [await exists(tls.certFile), await exists(tls.keyFile)];
    if (!(tls.isCertOptional && !present[0] && !present[1])) {
      options.cert = (await readSetting(ENV.natsTlsCertFile, tls.certFile)).toString();
      options.key = (await readSetting(ENV.natsTlsKeyFile, tls.keyFile)).toString();
    }
  }
  return options;
}

/**
 * The client options for the settings: files are read here, at start, so a missing or unreadable
 * one stops start-up naming its variable. An empty `tls` object still makes TLS required.
 */
export async function natsConnectOptions(settings: NatsConnectionSettings): Promise<NodeConnectionOptions> {
  const { auth } = settings;
  const credentials =
    auth.method === 'password'
      ? { user: auth.user, pass: auth.password }
      : auth.method === 'token'
        ? { token: auth.token }
        : auth.method === 'creds'
          ? { authenticator: credsAuthenticator(await readSetting(ENV.natsCredsFile, auth.credsFile)) }
          : {};
  return {
    servers: [...settings.servers],
    name: 'spec-engine',
    ...credentials,
    ...(settings.tls ? { tls: await tlsOptions(settings.tls) } : {}),
  };
}

/** The settings of the service's config the NATS link reads. */
export interface NatsLinkConfig {
  /**
   * `NATS_URL` (comma-separated servers, `nats://` or `tls://`), credentials (`NATS_USER` +
   * `NATS_PASSWORD`, `NATS_TOKEN` or `NATS_CREDS_FILE`) and TLS (`NATS_TLS_CA_FILE`,
   * `NATS_TLS_CERT_FILE` + `NATS_TLS_KEY_FILE`); jobs are queued in process when `NATS_URL` is unset.
   */
  readonly natsConnection: NatsConnectionSettings | undefined;
  /** `SPEC_ENGINE_NATS_SETUP` (default true): create streams and consumer when missing. */
  readonly natsSetup: boolean;
  /** Stream, consumer and subject names; `SPEC_ENGINE_NATS_PREFIX` isolates test runs. */
  readonly nats: NatsNames;
  /**
   * `SPEC_ENGINE_EVENTS_MAX_AGE_HOURS`: how long SPEC_EVENTS keeps every run's events (users'
   * specification text) when the engine creates the stream. @default 24
   */
  readonly eventsMaxAgeMs: number;
  /** `SPEC_ENGINE_ACK_WAIT_MS`: redelivery delay after a worker dies. @default 30000 */
  readonly ackWaitMs: number;
  /** `SPEC_ENGINE_MAX_DELIVER`: attempts per job. @default 5 */
  readonly maxDeliver: number;
}
