import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../common/db/index.js';
import { captureIo, healthyCluster, runAgainstCluster } from '../../doctor/testing/cluster-fixture.js';
import { startFakeKubeApi } from '../../doctor/testing/fake-kube-api.js';
import type { TestContext, TestKubeconfig } from '../../doctor/testing/kubeconfig.js';
import { writeKubeconfig } from '../../doctor/testing/kubeconfig.js';
import { runDoctorCommand } from './doctor.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function kubeconfig(contexts: TestContext[]): TestKubeconfig {
  const written = writeKubeconfig(contexts);
  cleanups.push(() => written.remove());
  return written;
}

async function listening(server: Server | ReturnType<typeof createHttpServer>): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function doctor(file: string, options: Parameters<typeof runDoctorCommand>[0] = {}) {
  const io = captureIo({ KUBECONFIG: file, HOME: '/nonexistent' });
  const code = await runDoctorCommand(options, io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

describe('zt doctor when the cluster cannot be used', () => {
  it('exits 2 naming the address and the network error when nothing listens', async () => {
    const port = await freePort();
    const { file } = kubeconfig([{ name: 'down', server: `http://127.0.0.1:${port}` }]);
    const run = await doctor(file);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `zt doctor: cannot reach the cluster at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    });
  });

  it('exits 2 when the API server does not answer within --request-timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => sockets.push(socket));
    const url = await listening(silent);
    // Runs before the server's close, which would otherwise wait for these sockets forever.
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy();
    });
    const { file } = kubeconfig([{ name: 'silent', server: url }]);
    const started = Date.now();
    const run = await doctor(file, { requestTimeout: '300ms' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `zt doctor: cannot reach the cluster at ${url}: no answer within the request timeout\n`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('exits 2 when the credentials are rejected', async () => {
    const run = await runAgainstCluster(healthyCluster(), (io) => runDoctorCommand({}, io), {
      token: 'right',
      kubeconfigToken: 'wrong',
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^zt doctor: the API server at http:\/\/127\.0\.0\.1:\d+ rejected our credentials \(401 Unauthorized\): renew the token or client certificate of the kubeconfig user\n$/,
    );
  });

  it('exits 2 when the server is not a Kubernetes API server', async () => {
    const other = createHttpServer((_req, res) => {
      res.writeHead(404).end();
    });
    const url = await listening(other);
    const { file } = kubeconfig([{ name: 'web', server: url }]);
    const run = await doctor(file);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `zt doctor: ${url} does not answer as a Kubernetes API server (GET /version: HTTP 404)\n`,
    );
  });

  it('exits 2 when it may not list CRDs, and names the call', async () => {
    const run = await runAgainstCluster(healthyCluster(), (io) => runDoctorCommand({}, io), {
      forbidden: ['/apis/apiextensions.k8s.io/'],
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'zt doctor: doctor needs to list CRDs: list CustomResourceDefinitions: forbidden: ' +
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions is forbidden: User "dev" cannot get resource\n',
    );
  });

  it('exits 2 for an unknown --context and lists the known ones', async () => {
    const { file } = kubeconfig([
      { name: 'prod', server: 'https://prod.example:6443' },
      { name: 'staging', server: 'https://staging.example:6443' },
    ]);
    const run = await doctor(file, { context: 'dev' });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: "zt doctor: context 'dev' is not in the kubeconfig (contexts: prod, staging)\n",
    });
  });

  it('exits 2 when there is no kubeconfig at all', async () => {
    const io = captureIo({ HOME: '/nonexistent' });
    const code = await runDoctorCommand({}, io);
    expect(code).toBe(2);
    expect(io.err.join('')).toBe(
      'zt doctor: no kubeconfig: KUBECONFIG is unset, /nonexistent/.kube/config does not exist and this is not a pod with a service account\n',
    );
  });

  it('rejects an unknown --output format with exit 2 before touching the cluster', async () => {
    const io = captureIo({ HOME: '/nonexistent' });
    expect(await runDoctorCommand({ output: 'yaml' }, io)).toBe(2);
    expect(io.err.join('')).toBe("zt doctor: --output must be text or json, got 'yaml'\n");
  });
});

describe('zt doctor options', () => {
  it('uses --context instead of the current context', async () => {
    const api = await startFakeKubeApi(healthyCluster());
    cleanups.push(() => api.close());
    const { file } = kubeconfig([
      { name: 'down', server: `http://127.0.0.1:${await freePort()}` },
      { name: 'fake', server: api.url },
    ]);
    const run = await doctor(file, { context: 'fake' });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`Cluster: context fake, ${api.url} (Kubernetes v1.34.1)`);
  });

  it('turns a forbidden read into a ✘ line with an RBAC hint', async () => {
    const run = await runAgainstCluster(healthyCluster(), (io) => runDoctorCommand({}, io), {
      forbidden: ['/apis/pkg.crossplane.io/v1/providers'],
    });
    expect(run.code).toBe(1);
    const out = run.stdout.split('\n');
    const at = out.findIndex((l) => l.startsWith('✘'));
    expect(out.slice(at, at + 2)).toEqual([
      '✘ cannot check Provider provider-sql: get providers.pkg.crossplane.io/v1 provider-sql: forbidden: ' +
        '/apis/pkg.crossplane.io/v1/providers/provider-sql is forbidden: User "dev" cannot get resource',
      '    fix: grant your user get/list on this resource (kubectl auth can-i --list) or run doctor with a cluster-admin context',
    ]);
    expect(out.filter((l) => l.startsWith('✘'))).toHaveLength(1);
  });

  it('still checks Crossplane when it may not list Deployments, without the version', async () => {
    const run = await runAgainstCluster(healthyCluster(), (io) => runDoctorCommand({}, io), {
      forbidden: ['/apis/apps/v1/deployments'],
    });
    expect(run.stdout.split('\n')[1]).toBe(
      '✔ Crossplane (version not found) is installed and serves apiextensions.crossplane.io/v2 XRDs',
    );
    expect(run.code).toBe(0);
  });

  it('prints the same facts as JSON with --output json', async () => {
    const run = await runAgainstCluster(healthyCluster(), (io) => runDoctorCommand({ output: 'json' }, io));
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      context: 'fake',
      kubernetesVersion: 'v1.34.1',
      ok: true,
      summary: { passed: 24, failed: 0 },
    });
    expect(report.checks).toHaveLength(24);
    expect(report.checks[0]).toEqual({
      id: 'crossplane',
      ok: true,
      message: 'Crossplane v2.1.3 is installed and serves apiextensions.crossplane.io/v2 XRDs',
    });
    expect(report.checks.map((c: { id: string }) => c.id)).toContain('crd/ScaledObject.keda.sh');
  });
});
