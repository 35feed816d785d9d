import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { CommandIo } from '../cluster-command.js';
import type { KubeObject } from '../kube/kube-object.js';
import type { FakeKubeApiOptions } from './fake-kube-api.js';
import { startFakeKubeApi } from './fake-kube-api.js';
import { writeKubeconfig } from './kubeconfig.js';

const HEALTHY = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'testdata',
  'healthy-cluster.yaml',
);

/** The recorded objects of a healthy cluster (a fresh deep copy each call, so fixtures can mutate it). */
export function healthyCluster(): KubeObject[] {
  return parseAllDocuments(readFileSync(HEALTHY, 'utf8'))
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);
}

function matches(object: KubeObject, kind: string, name: string): boolean {
  return object.kind === kind && object.metadata?.name === name;
}

/** The objects without the one of `kind` named `name` (throws when absent, so a fixture cannot silently test nothing). */
export function without(objects: readonly KubeObject[], kind: string, name: string): KubeObject[] {
  if (!objects.some((o) => matches(o, kind, name))) throw new Error(`fixture has no ${kind} ${name}`);
  return objects.filter((o) => !matches(o, kind, name));
}

/** The objects with the one of `kind` named `name` changed by `change` (a deep copy is passed). */
export function changed(
  objects: readonly KubeObject[],
  kind: string,
  name: string,
  change: (object: KubeObject) => void,
): KubeObject[] {
  if (!objects.some((o) => matches(o, kind, name))) throw new Error(`fixture has no ${kind} ${name}`);
  return objects.map((o) => {
    if (!matches(o, kind, name)) return o;
    const copy = structuredClone(o);
    change(copy);
    return copy;
  });
}

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Captures a command's output; `env` is what it sees as process.env. */
export function captureIo(
  env: Record<string, string | undefined>,
): CommandIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, env, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
}

/**
 * Serves `objects` from a fake API server, writes a kubeconfig pointing at it (context `fake`,
 * namespace `intelligence`) and runs `command` with `KUBECONFIG` set to it; cleans everything up.
 */
export async function runAgainstCluster(
  objects: readonly KubeObject[],
  command: (io: CommandIo) => Promise<number>,
  options: FakeKubeApiOptions & { kubeconfigToken?: string } = {},
): Promise<CliRun & { requests: string[] }> {
  const api = await startFakeKubeApi(objects, options);
  const kubeconfig = writeKubeconfig([
    {
      name: 'fake',
      server: api.url,
      namespace: 'intelligence',
      ...((options.kubeconfigToken ?? options.token)
        ? { token: options.kubeconfigToken ?? options.token }
        : {}),
    },
  ]);
  try {
    const io = captureIo({ KUBECONFIG: kubeconfig.file, HOME: path.dirname(kubeconfig.file) });
    const code = await command(io);
    return { code, stdout: io.out.join(''), stderr: io.err.join(''), requests: api.requests };
  } finally {
    kubeconfig.remove();
    await api.close();
  }
}
