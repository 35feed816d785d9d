import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderXrFile } from '../platform/cli/render/run.js';
import { orchestratorHostname, resolveConfig } from '../platform/config.js';
import { buildRoots } from '../scripts/build.js';
import { commandOf, effectiveUser, parseDockerfile } from './support/dockerfile.js';

// Our two services as the platform deploys them: the claims in charts-out/, rendered offline
// through their Compositions, checked against the images the Dockerfile builds.
const repoRoot = path.resolve(import.meta.dirname, '..');
const stages = parseDockerfile(readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'));
const config = resolveConfig({}, {});

type Json = Record<string, unknown>;
interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  envFrom?: { secretRef?: { name: string } }[];
  ports?: { containerPort: number }[];
}

function render(file: string): Json[] {
  const report = renderXrFile({ xrFile: path.join(repoRoot, 'charts-out', 'our-services', file), config });
  expect(report.exitCode, report.stderr.join('\n')).toBe(0);
  return (report.output?.resources ?? []).map((r) => r.resource as Json);
}

function deploymentOf(resources: Json[]): { pod: Json; app: Container; init: Container[] } {
  const deployment = resources.find((r) => r.kind === 'Deployment') as Json;
  expect(deployment).toBeDefined();
  const pod = (deployment.spec as { template: { spec: Json } }).template.spec;
  const containers = pod.containers as Container[];
  return { pod, app: containers[0]!, init: (pod.initContainers as Container[] | undefined) ?? [] };
}

function envOf(container: Container): Map<string, string | undefined> {
  return new Map((container.env ?? []).map((e) => [e.name, e.value]));
}

const SERVICES = [
  { claim: 'WebService.ide-orchestrator.k8s.yaml', target: 'orchestrator', database: 'ide_orchestrator' },
  {
    claim: 'EventDrivenService.deepagents-runtime.k8s.yaml',
    target: 'spec-engine',
    database: 'deepagents_runtime',
  },
] as const;

describe.each(SERVICES)('$claim rendered', ({ claim, target, database }) => {
  const resources = render(claim);
  const { pod, app, init } = deploymentOf(resources);

  it('runs the image the Dockerfile target builds, with its command', () => {
    const image = target === 'orchestrator' ? config.images.orchestrator : config.images.specEngine;
    expect(app.image).toBe(`${config.imageRegistry}/${image.repository}:${image.tag}`);
    // No command override: the container runs the target's CMD.
    expect(app.command).toBeUndefined();
    expect(commandOf(stages, target)).toEqual(['node', `dist/${target}/main.js`]);
  });

  it('migrates in an init container from the same image, with a compiled entrypoint that exists', async () => {
    expect(init).toHaveLength(1);
    expect(init[0]!.image).toBe(app.image);
    expect(init[0]!.command).toEqual(['node', `dist/${target}/migrate.js`]);
    const source = `${target}/migrate.ts`;
    expect(existsSync(path.join(repoRoot, source)), source).toBe(true);
    expect(await buildRoots()).toContain(target);
  });

  it('runs as the non-root user the image declares', () => {
    const ctx = pod.securityContext as { runAsNonRoot: boolean; runAsUser: number };
    expect(ctx.runAsNonRoot).toBe(true);
    expect(effectiveUser(stages, target)).toBe(`${ctx.runAsUser}:${ctx.runAsUser}`);
  });

  it(`connects to ${database} on the shared PostgreSQL instance`, () => {
    for (const container of [app, ...init]) {
      const url = envOf(container).get('DATABASE_URL') ?? '';
      expect(url).toContain(`/${database}?`);
      expect(url).toContain(`${config.database.instanceName}-rw.${config.database.namespace}.svc`);
    }
  });
});

describe('the two services together', () => {
  const orchestrator = render(SERVICES[0].claim);
  const engine = render(SERVICES[1].claim);
  const orchestratorApp = deploymentOf(orchestrator).app;
  const engineApp = deploymentOf(engine).app;

  it('points the orchestrator at the engine Service and port, with the shared engine token', () => {
    const service = engine.find((r) => r.kind === 'Service') as {
      metadata: Json;
      spec: { ports: { port: number }[] };
    };
    const meta = service.metadata as { name: string; namespace: string };
    const url = new URL(envOf(orchestratorApp).get('SPEC_ENGINE_URL') ?? '');
    expect(url.hostname).toBe(`${meta.name}.${meta.namespace}.svc.cluster.local`);
    expect(service.spec.ports.map((p) => p.port)).toContain(Number(url.port));
    expect(engineApp.ports?.map((p) => p.containerPort)).toContain(
      Number(envOf(engineApp).get('PORT') ?? 8000),
    );
    const secrets = (c: Container) => (c.envFrom ?? []).map((e) => e.secretRef?.name);
    const shared = secrets(orchestratorApp).filter((s) => secrets(engineApp).includes(s));
    expect(shared.length).toBeGreaterThan(0);
  });

  it("mounts the engine's NATS credentials and TLS Secrets read-only and points its NATS variables at them", () => {
    const pod = deploymentOf(engine).pod as { volumes: { name: string; secret?: { secretName: string } }[] };
    expect(pod.volumes.filter((v) => v.secret).map((v) => [v.name, v.secret!.secretName])).toEqual([
      ['nats-credentials', 'deepagents-runtime-nats-credentials'],
      ['nats-tls', 'deepagents-runtime-nats-tls'],
    ]);
    const mounts = (engineApp as { volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[] })
      .volumeMounts;
    expect(mounts).toEqual(
      expect.arrayContaining([
        { name: 'nats-credentials', mountPath: '/etc/nats/creds', readOnly: true },
        { name: 'nats-tls', mountPath: '/etc/nats/tls', readOnly: true },
      ]),
    );
    const env = envOf(engineApp);
    expect(env.get('NATS_CREDS_FILE')).toBe('/etc/nats/creds/nats.creds');
    expect(env.get('NATS_TLS_CA_FILE')).toBe('/etc/nats/tls/ca.crt');
    expect(env.get('NATS_TLS_CERT_OPTIONAL')).toBe('true');
  });

  it('gives the engine its queue and keeps it reachable only from the orchestrator, and its HTTP port from Prometheus', () => {
    expect(envOf(engineApp).get('NATS_URL')).toBe(config.nats.url);
    expect(engine.filter((r) => r.kind === 'HTTPRoute')).toEqual([]);
    // The orchestrator is public on its hostname through the Gateway's TLS listener.
    const routes = orchestrator.filter((r) => r.kind === 'HTTPRoute') as {
      spec: { hostnames: string[]; parentRefs: { sectionName?: string }[] };
    }[];
    const tls = routes.filter((r) =>
      r.spec.parentRefs.some((p) => p.sectionName === config.gateway.httpsListener),
    );
    expect(tls).toHaveLength(1);
    expect(tls[0]!.spec.hostnames).toEqual([orchestratorHostname(config)]);
    const policy = engine.find((r) => r.kind === 'NetworkPolicy') as {
      spec: {
        ingress: {
          from: { podSelector: { matchLabels: Json }; namespaceSelector?: Json }[];
          ports?: Json[];
        }[];
      };
    };
    const [callers, scraper] = policy.spec.ingress;
    expect(callers).toEqual({
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ide-orchestrator' } } }],
    });
    // Prometheus of the monitoring namespace, on the port /metrics answers on, and nothing else.
    expect(scraper).toEqual({
      from: [
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': config.monitoring.namespace } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': config.monitoring.prometheusName } },
        },
      ],
      ports: [{ port: 8000 }],
    });
    expect(policy.spec.ingress).toHaveLength(2);
  });
});
