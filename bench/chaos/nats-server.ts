import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { Socket } from 'node:net';

/** The chaos run's own NATS JetStream server, restartable on the same port and store. */
export interface NatsServer {
  readonly url: string;
  readonly pid: () => number;
  /** Stops the server (SIGTERM) and starts it again on the same port and store directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Why a NATS server cannot be started here, or '' when the binary is on PATH. */
export function natsServerMissing(binary = 'nats-server'): string {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return probe.error
    ? `'${binary}' was not found on PATH: the chaos run needs its own NATS JetStream server (apt-get install -y nats-server)`
    : '';
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const socket = new Socket();
    const isOpen = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true)).once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    socket.destroy();
    if (isOpen) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nats-server did not listen on port ${port} within ${timeoutMs} ms`);
}

/** Starts `nats-server -js` on loopback, `port`, with its store in `storeDir`. */
export async function startNatsServer(port: number, storeDir: string): Promise<NatsServer> {
  let child: ChildProcess;
  const start = async () => {
    child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
      stdio: 'ignore',
    });
    await waitForPort(port, 15_000);
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await once(child, 'exit');
    clearTimeout(timer);
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    pid: () => child.pid ?? -1,
    async restart() {
      await stop();
      await start();
    },
    stop,
  };
}
