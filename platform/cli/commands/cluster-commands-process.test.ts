import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthyCluster } from '../../doctor/testing/cluster-fixture.js';
import type { FakeKubeApi } from '../../doctor/testing/fake-kube-api.js';
import { startFakeKubeApi } from '../../doctor/testing/fake-kube-api.js';
import type { TestKubeconfig } from '../../doctor/testing/kubeconfig.js';
import { writeKubeconfig } from '../../doctor/testing/kubeconfig.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin.js');

let api: FakeKubeApi;
let kubeconfig: TestKubeconfig;

beforeAll(async () => {
  api = await startFakeKubeApi(healthyCluster());
  kubeconfig = writeKubeconfig([{ name: 'fake', server: api.url, namespace: 'intelligence' }]);
});

afterAll(async () => {
  kubeconfig.remove();
  await api.close();
});

/** Runs the real `zt` executable (async, so this process's fake API server can answer it). */
function zt(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, KUBECONFIG: kubeconfig.file, ZT_CONFIG: '' };
    execFile(process.execPath, [BIN, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('zt doctor and zt status as processes', () => {
  it('zt doctor exits 0 and prints the report on a healthy cluster', async () => {
    const run = await zt('doctor');
    expect(run.stderr).toBe('');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('All 24 checks passed.');
    expect(run.code).toBe(0);
  });

  it('zt status -A -o json exits 0 with both of our services', async () => {
    const run = await zt('status', '-A', '-o', 'json');
    expect(run.code).toBe(0);
    const names = JSON.parse(run.stdout).items.map((i: { name: string }) => i.name);
    expect(names).toEqual(['deepagents-runtime', 'ide-orchestrator']);
  });

  it('an unknown option is a usage error: exit 2', async () => {
    const unknown = await zt('doctor', '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
  });
});
