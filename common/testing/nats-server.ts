import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../db/index.js';
import { toolSkipReason } from './tool-skip.js';

/** The nats-server binary tests start their own servers with (Debian's `nats-server` package). */
const BINARY = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

/** Why tests that start their own `nats-server` skip on this machine ('' when the binary runs). */
export function natsServerSkipReason(): string {
  return toolSkipReason({
    command: [BINARY, '--version'],
    tests: 'tests with their own NATS server',
    aptPackage: 'nats-server',
  });
}

/** A nats-server started for a test. */
export interface TestNatsServer {
  /** `nats://127.0.0.1:<port>` (the client decides on TLS from the server's INFO). */
  readonly url: string;
  readonly port: number;
  /** The scratch directory (config, JetStream store, files the test wrote there). */
  readonly dir: string;
  /** The server's log so far (permission violations and TLS handshake errors show here). */
  log(): string;
  stop(): Promise<void>;
}

function isListening(port: number): Promise<boolean> {
  const socket = new Socket();
  return new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  }).finally(() => socket.destroy());
}

/**
 * Starts a real nats-server with JetStream on a loopback port (`port`, else a free one), its store
 * in a temporary directory, and `config` (nats-server configuration text: `authorization`, `tls` …)
 * appended. `prepare` may write files (certificates, JWTs) into the directory before the server starts.
 */
export async function startNatsServer(
  config: (dir: string) => string,
  prepare?: (dir: string) => Promise<void>,
  port?: number,
): Promise<TestNatsServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'zt-nats-'));
  await prepare?.(dir);
  port ??= await freePort();
  const file = path.join(dir, 'nats.conf');
  await writeFile(
    file,
    `listen: "127.0.0.1:${port}"\njetstream { store_dir: "${path.join(dir, 'js')}" }\n${config(dir)}\n`,
  );
  const child: ChildProcess = spawn(BINARY, ['-c', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-32_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (!(await isListening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`nats-server did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `nats://127.0.0.1:${port}`, port, dir, log: () => log, stop };
}
