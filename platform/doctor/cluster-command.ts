import type { ConnectOptions, KubeClient } from './kube/kube-client.js';
import { connectKube } from './kube/kube-client.js';
import { KubeError } from './kube/kube-errors.js';

/** Where a CLI command writes and which environment it reads; tests pass their own. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Record<string, string | undefined>;
}

/** The real process streams and environment. */
export const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

/** Output formats both cluster commands accept. */
export type OutputFormat = 'text' | 'json';

/** Parses `--output`; undefined means invalid. */
export function parseOutputFormat(value: string | undefined): OutputFormat | undefined {
  const format = value ?? 'text';
  return format === 'text' || format === 'json' ? format : undefined;
}

/** Parses `--request-timeout` (milliseconds, or with an `s` suffix); undefined means invalid. */
export function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return 10_000;
  const match = /^(\d+)(ms|s)?$/.exec(value.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const ms = match[2] === 's' ? amount * 1000 : amount;
  return ms > 0 ? ms : undefined;
}

/**
 * Connects to the cluster and runs `body`, turning a fatal KubeError (no kubeconfig, unknown
 * context, unreachable server, rejected credentials) into one stderr line and exit code 2.
 */
export async function withCluster(
  command: string,
  io: CommandIo,
  connect: ConnectOptions,
  body: (client: KubeClient) => Promise<number>,
): Promise<number> {
  try {
    return await body(connectKube({ ...connect, env: io.env }));
  } catch (error) {
    if (error instanceof KubeError && error.isFatal) {
      io.stderr(`zt ${command}: ${error.message}\n`);
      return 2;
    }
    const reason = error instanceof Error ? error.message : String(error);
    io.stderr(`zt ${command}: internal error: ${reason}\n`);
    return 2;
  }
}
