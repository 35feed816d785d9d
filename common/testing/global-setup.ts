import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { type EmbeddedServer, startEmbeddedPostgres } from '../db/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the PostgreSQL server tests create their databases on. */
    pgAdminUrl: string;
    /** NATS URL, or '' when no server is reachable (see natsSkipReason). */
    natsUrl: string;
    natsSkipReason: string;
  }
}

const isCI = process.env.CI === 'true';

async function canConnectPostgres(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

async function canConnectTcp(host: string, port: number): Promise<boolean> {
  const socket = new Socket();
  try {
    return await new Promise<boolean>((resolve) => {
      socket.setTimeout(2000);
      socket.once('connect', () => resolve(true));
      socket.once('timeout', () => resolve(false));
      socket.once('error', () => resolve(false));
      socket.connect(port, host);
    });
  } finally {
    socket.destroy();
  }
}

let embedded: EmbeddedServer | undefined;

/**
 * Finds the real services tests run against: PostgreSQL on 127.0.0.1:5432 (or
 * TEST_DATABASE_URL), else an embedded PostgreSQL server; NATS on 127.0.0.1:4222 (or
 * TEST_NATS_URL), else NATS tests skip with a reason. With CI=true nothing may skip.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await canConnectPostgres(pgUrl)) {
    project.provide('pgAdminUrl', pgUrl);
  } else if (isCI) {
    throw new Error(`CI=true but PostgreSQL is not reachable at ${pgUrl}; .ci/run should have started it`);
  } else {
    console.warn(`[tests] PostgreSQL not reachable at ${pgUrl}: starting an embedded PostgreSQL server`);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(tmpdir(), `zt-test-pg-${process.pid}`) });
    project.provide('pgAdminUrl', embedded.url('postgres'));
  }

  const natsUrl = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
  const natsHost = new URL(natsUrl.replace(/^nats:/, 'http:'));
  if (await canConnectTcp(natsHost.hostname, Number(natsHost.port || 4222))) {
    project.provide('natsUrl', natsUrl);
    project.provide('natsSkipReason', '');
  } else if (isCI) {
    throw new Error(`CI=true but NATS is not reachable at ${natsUrl}; .ci/run should have started it`);
  } else {
    const reason = `NATS JetStream not reachable at ${natsUrl}: NATS tests skip (start nats-server -js to run them)`;
    console.warn(`[tests] ${reason}`);
    project.provide('natsUrl', '');
    project.provide('natsSkipReason', reason);
  }

  return async () => {
    await embedded?.stop();
  };
}
