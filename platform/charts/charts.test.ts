import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Chart } from 'cdk8s';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { platformApis } from '../apis/index.js';
import { WebService } from '../apis/claims/webservice.js';
import { diffOutputs, runSynthCommand } from '../cli/commands/synth.js';
import { FUNCTION_NAMES } from '../compositions/pipeline.js';
import { defaultConfig } from '../config.js';
import { pinnedValidators } from '../testing/pinned-validators.js';
import { repoRoot } from '../testing/shared-dir.js';
import { applyDefaults, formatFieldError, validateXr } from '../validate/index.js';
import { SYNC_WAVES } from './defaulted.js';
import { jetStreamManifests } from './streams.js';
import { PlatformOnceChart } from './platform-once.js';
import { synthCharts } from './synth.js';

type Json = Record<string, unknown> & { apiVersion: string; kind: string; metadata: Json & { name: string } };

const dirs: string[] = [];
function synthToTemp() {
  const dir = mkdtempSync(path.join(tmpdir(), 'zt-charts-'));
  dirs.push(dir);
  const files = synthCharts(defaultConfig, dir);
  return { dir, files };
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const { dir: out, files } = synthToTemp();
const objects: Json[] = files.flatMap((f) =>
  parseAllDocuments(readFileSync(path.join(out, f), 'utf8')).map((d) => d.toJS() as Json),
);
const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
const wave = (o: Json) =>
  Number((o.metadata.annotations as Record<string, string>)['argocd.argoproj.io/sync-wave']);

describe('zt synth', () => {
  it('is deterministic: two runs write identical files', () => {
    expect(diffOutputs(out, synthToTemp().dir)).toEqual([]);
  });

  it('matches the committed charts-out/ (run `npm run synth` after changing the platform code)', () => {
    expect(diffOutputs(out, path.join(repoRoot, 'charts-out'))).toEqual([]);
  });

  it('reports drift with --check and exit code 1', () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'zt-drift-'));
    dirs.push(copy);
    cpSync(out, copy, { recursive: true });
    const victim = path.join(copy, files[0]!);
    writeFileSync(victim, `${readFileSync(victim, 'utf8')}# edited\n`);
    const stderr: string[] = [];
    const io = { stdout: () => {}, stderr: (t: string) => stderr.push(t), env: {} };
    expect(runSynthCommand({ out: copy, check: true }, io)).toBe(1);
    expect(stderr).toEqual([`${path.join(copy, files[0]!)}: differs from the code (run zt synth)\n`]);
    expect(runSynthCommand({ out, check: true }, io)).toBe(0);
  });

  it('writes one file per object, one folder per chart', () => {
    expect(files).toContain('apis/Composition.webservice.k8s.yaml');
    expect(files).toContain('our-services/WebService.ide-orchestrator.k8s.yaml');
    expect(
      files.every((f) =>
        /^(platform-once|apis|our-services|observability)\/[A-Za-z]+\.[a-z0-9.-]+\.k8s\.yaml$/.test(f),
      ),
    ).toBe(true);
  });
});

describe.skipIf(!pinnedValidators())('the synthesized objects', () => {
  const validators = pinnedValidators()!;

  it.each(objects.map((o) => [`${o.kind} ${o.metadata.name}`, o] as const))(
    '%s validates, fully defaulted',
    (_n, object) => {
      if (object.apiVersion.startsWith(`${defaultConfig.apiGroup}/`)) {
        expect(validateXr(object, platformApis()).map(formatFieldError)).toEqual([]);
        return;
      }
      expect(validators.validate(object).map(formatFieldError)).toEqual([]);
      const schema = validators.schemaOf(object.apiVersion, object.kind);
      if (schema && !['v1', 'rbac.authorization.k8s.io/v1'].includes(object.apiVersion)) {
        expect(applyDefaults(schema, object)).toEqual(object);
      }
    },
  );
});

describe('the platform-once chart and the claims', () => {
  it('installs the Functions under the names the Compositions reference', () => {
    const names = byKind('Function').map((f) => f.metadata.name);
    expect(names.sort()).toEqual(Object.values(FUNCTION_NAMES).sort());
    for (const c of byKind('Composition')) {
      const refs = (c.spec as { pipeline: { functionRef: { name: string } }[] }).pipeline.map(
        (s) => s.functionRef.name,
      );
      expect(refs.every((r) => names.includes(r))).toBe(true);
    }
  });

  it('orders CRD providers before XRDs before Compositions before claims', () => {
    const maxOf = (kinds: string[]) => Math.max(...objects.filter((o) => kinds.includes(o.kind)).map(wave));
    const minOf = (kinds: string[]) => Math.min(...objects.filter((o) => kinds.includes(o.kind)).map(wave));
    expect(maxOf(['Function', 'Provider'])).toBe(SYNC_WAVES.packages);
    expect(maxOf(['Function', 'Provider'])).toBeLessThan(minOf(['CompositeResourceDefinition']));
    expect(maxOf(['CompositeResourceDefinition'])).toBeLessThan(minOf(['Composition']));
    expect(maxOf(['Composition'])).toBeLessThan(minOf(['WebService', 'EventDrivenService']));
  });

  it('aggregates RBAC for the composed kinds into Crossplane', () => {
    const [role] = byKind('ClusterRole');
    expect((role!.metadata.labels as Json)['rbac.crossplane.io/aggregate-to-crossplane']).toBe('true');
    expect(JSON.stringify(role!.rules)).toContain('"scaledobjects"');
  });

  it('creates the streams and an explicit-ack pull consumer', () => {
    const streams = byKind('Stream').map((s) => s.spec as Json);
    expect(streams.map((s) => [s.name, s.subjects, s.retention, s.maxAge])).toEqual([
      ['AGENT_EXECUTION', ['agent.execute.*'], 'workqueue', ''],
      ['AGENT_STATUS', ['agent.status.*'], 'limits', ''],
      ['SPEC_EVENTS', ['spec.events.>'], 'limits', '24h'],
    ]);
    const consumer = byKind('Consumer')[0]!.spec as Json;
    expect(consumer).toMatchObject({
      durableName: 'deepagents-runtime-workers',
      ackPolicy: 'explicit',
      ackWait: '30s',
    });
    expect(consumer).not.toHaveProperty('deliverSubject');
  });

  it("keeps run events (users' specification text) as long as nats.eventsMaxAgeHours says", () => {
    const maxAgeOf = (eventsMaxAgeHours: number) =>
      jetStreamManifests({ ...defaultConfig, nats: { ...defaultConfig.nats, eventsMaxAgeHours } }).find(
        (o) => o.metadata.name === 'spec-events',
      )!.spec;
    expect(maxAgeOf(6)).toMatchObject({ maxAge: '6h' });
    expect(() => maxAgeOf(0)).toThrow("config: 'nats.eventsMaxAgeHours' (0) must be an integer >= 1");
  });

  it('gives the engine its NATS credentials and TLS Secrets by name, never their values', () => {
    const engine = byKind('EventDrivenService')[0]!.spec as { nats: Json };
    expect(engine.nats).toMatchObject({
      credentialsSecretName: 'deepagents-runtime-nats-credentials',
      tlsSecretName: 'deepagents-runtime-nats-tls',
    });
  });

  it('contains no Secret and no secret value', () => {
    expect(byKind('Secret')).toEqual([]);
    const text = JSON.stringify(objects);
    expect(text).not.toContain('"stringData"');
    for (const claim of [...byKind('WebService'), ...byKind('EventDrivenService')]) {
      const env = (claim.spec as { env: { name: string }[] }).env.map((e) => e.name);
      expect(env.filter((n) => /TOKEN|SECRET|PASSWORD|API_KEY/.test(n))).toEqual([]);
    }
  });

  it('claims the orchestrator with TLS hostname, database, migrations and both secret slots', () => {
    const ws = byKind('WebService')[0]!.spec as Json;
    expect(ws).toMatchObject({
      hostname: 'ide.zerotouch.dev',
      port: 8080,
      database: { name: 'ide_orchestrator' },
      initContainer: { command: ['node', 'dist/orchestrator/migrate.js'] },
      secret1Name: 'ide-orchestrator-auth',
      secret2Name: 'spec-engine-token',
      // At least two replicas at all times: a rollout or drain always leaves one to resume on.
      autoscaling: { minReplicas: 2, maxReplicas: 6, targetCPUUtilization: 70 },
    });
    expect(ws.env).toContainEqual({
      name: 'SPEC_ENGINE_URL',
      value: 'http://deepagents-runtime.intelligence.svc.cluster.local:8000',
    });
    const eds = byKind('EventDrivenService')[0]!.spec as Json;
    expect(eds).toMatchObject({
      allowedCallers: [{ name: 'ide-orchestrator' }],
      database: { name: 'deepagents_runtime' },
      nats: { stream: 'AGENT_EXECUTION', consumer: 'deepagents-runtime-workers' },
    });
    expect(eds).not.toHaveProperty('hostname');
    // The engine drains within its grace period: pause + drain + a margin to exit.
    expect(eds.shutdown).toEqual({ gracePeriodSeconds: 120, preStopPauseSeconds: 5 });
    expect(eds.env).toContainEqual({ name: 'SPEC_ENGINE_DRAIN_SECONDS', value: '100' });
  });

  it('fails synth naming the fields of an invalid claim', () => {
    const chart = new Chart(new App(), 'c');
    expect(
      () =>
        new WebService(chart, 'bad', {
          name: 'bad',
          namespace: 'n',
          config: defaultConfig,
          spec: { image: 'i', port: 0, pathPrefix: '/x' },
        }),
    ).toThrow(
      'WebService n/bad is invalid: spec.port: Invalid value: 0: must be >= 1; spec.pathPrefix: Invalid value: "object": pathPrefix requires hostname',
    );
  });

  it('refuses an admin Secret name CNPG would not generate', () => {
    const config = { ...defaultConfig, database: { ...defaultConfig.database, adminSecretName: 'pg-admin' } };
    expect(() => new PlatformOnceChart(new App(), 'p', config)).toThrow(
      "'database.adminSecretName' (pg-admin) must be 'shared-postgres-superuser': CNPG generates the superuser Secret under that name",
    );
  });
});

describe('the committed output', () => {
  it('has no file from an older synth lying around', () => {
    const committed = readdirSync(path.join(repoRoot, 'charts-out'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(path.join(repoRoot, 'charts-out'), path.join(e.parentPath, e.name)));
    expect(committed.sort()).toEqual([...files].sort());
  });
});
