import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadExampleClaims } from '../../apis/index.js';
import { defaultConfig } from '../../config.js';
import type { JsonObject } from '../../render/go/values.js';
import { pinnedValidators } from '../../testing/pinned-validators.js';
import { renderXrFile } from './run.js';

// Golden render of every valid example claim. Each golden file was reviewed by hand; the assertions
// below pin the facts that matter, so a golden file regenerated with UPDATE_GOLDEN=1 cannot hide a
// regression in them.
const GOLDEN = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'render',
  'testdata',
  'golden',
);
const KINDS = ['WebService', 'EventDrivenService'] as const;

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests are read with deep paths
type Obj = Record<string, any>;

function render(file: string, includeXr = true) {
  const report = renderXrFile({ xrFile: file, config: defaultConfig, includeXr, output: 'yaml' });
  expect(report.exitCode, report.stderr.join('\n')).toBe(0);
  const out = report.output!;
  const byName = Object.fromEntries(out.resources.map((r) => [r.name, r.resource as Obj]));
  return { report, out, byName };
}

function container(deployment: Obj): Obj {
  return deployment['spec']['template']['spec']['containers'][0];
}

function env(deployment: Obj): Record<string, Obj> {
  return Object.fromEntries((container(deployment)['env'] ?? []).map((e: Obj) => [e['name'], e]));
}

function secretRefs(deployment: Obj): string[] {
  return (container(deployment)['envFrom'] ?? [])
    .filter((e: Obj) => e['secretRef'])
    .map((e: Obj) => e['secretRef']['name']);
}

describe('golden renders of the example claims', () => {
  const validators = pinnedValidators();
  for (const kind of KINDS) {
    for (const example of loadExampleClaims(kind).filter((e) => e.isValid)) {
      describe(`${kind} ${example.name}`, () => {
        const { report, out } = render(example.file);
        const claim = example.claim as Obj;

        it('matches its golden file', () => {
          const file = path.join(GOLDEN, kind.toLowerCase(), `${example.name}.yaml`);
          if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
            expect(process.env['CI'], `golden file ${file} is missing`).not.toBe('true');
            mkdirSync(path.dirname(file), { recursive: true });
            writeFileSync(file, report.stdout);
          }
          expect(report.stdout).toBe(readFileSync(file, 'utf8'));
        });

        it('adds the metadata Crossplane adds to every composed resource', () => {
          for (const r of out.resources) {
            const meta = r.resource['metadata'] as Obj;
            expect(meta['namespace']).toBe(claim['metadata']['namespace']);
            expect(meta['annotations']['crossplane.io/composition-resource-name']).toBe(r.name);
            expect(meta['labels']['crossplane.io/composite']).toBe(claim['metadata']['name']);
            expect(meta['ownerReferences']).toEqual([
              expect.objectContaining({
                kind,
                name: claim['metadata']['name'],
                controller: true,
                blockOwnerDeletion: true,
              }),
            ]);
          }
        });

        it.skipIf(!validators)(
          'renders only resources that validate against the pinned CRDs (unknown fields rejected)',
          () => {
            for (const r of out.resources) {
              expect(validators!.validate(r.resource), `${r.name} (${r.resource['kind']})`).toEqual([]);
            }
          },
        );
      });
    }
  }
});

describe('rendered facts of the WebService examples', () => {
  const dir = path.join(GOLDEN, '..', '..', '..', 'apis', 'webservice', 'examples', 'valid');
  const full = render(path.join(dir, 'full.yaml')).byName;
  const minimal = render(path.join(dir, 'minimal.yaml')).byName;
  const sameNs = render(path.join(dir, 'backend-same-namespace.yaml')).byName;

  it("routes the claim's hostname over HTTPS and redirects HTTP to HTTPS on the configured listeners", () => {
    const route = full['http-route']!;
    expect(route['spec']['hostnames']).toEqual(['shop.example.com']);
    expect(route['spec']['parentRefs'][0]).toMatchObject({
      name: defaultConfig.gateway.name,
      namespace: defaultConfig.gateway.namespace,
      sectionName: defaultConfig.gateway.httpsListener,
    });
    expect(route['spec']['rules'][0]['matches'][0]['path']).toEqual({ type: 'PathPrefix', value: '/api' });
    const redirect = full['http-redirect-route']!;
    expect(redirect['spec']['hostnames']).toEqual(['shop.example.com']);
    expect(redirect['spec']['parentRefs'][0]['sectionName']).toBe(defaultConfig.gateway.httpListener);
    expect(redirect['spec']['rules'][0]['filters'][0]).toMatchObject({
      type: 'RequestRedirect',
      requestRedirect: { scheme: 'https' },
    });
  });

  it('turns exactly the set secret slots into envFrom entries', () => {
    expect(secretRefs(full['deployment']!)).toEqual(['shop-auth', 'shop-stripe']);
    expect(secretRefs(minimal['deployment']!)).toEqual([]);
  });

  it("wires DATABASE_URL from the Role's connection Secret to a Role and Database named by external-name", () => {
    const e = env(full['deployment']!);
    expect(e['DATABASE_URL']!['value']).toContain('/shop?');
    expect(e['DB_PASSWORD']!['valueFrom']['secretKeyRef']['name']).toBe(
      full['db-role']!['spec']['writeConnectionSecretToRef']['name'],
    );
    expect(full['db-role']!['metadata']['annotations']['crossplane.io/external-name']).toBe('shop');
    expect(full['db-database']!['metadata']['annotations']['crossplane.io/external-name']).toBe('shop');
    expect(full['db-database']!['spec']['providerConfigRef']['kind']).toBe('ClusterProviderConfig');
  });

  it('sets the resources of the size preset', () => {
    expect(container(full['deployment']!)['resources']).toEqual({
      requests: { cpu: '250m', memory: '512Mi' },
      limits: { cpu: '1000m', memory: '2Gi' },
    });
    expect(container(minimal['deployment']!)['resources']).toEqual({
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { cpu: '2000m', memory: '4Gi' },
    });
  });

  it('gives the pod the backend URL, with the namespace defaulted to the claim’s', () => {
    expect(full['backend-config']!['data']['BACKEND_SERVICE_URL']).toBe(
      'http://pricing.team-b.svc.cluster.local:8080',
    );
    const url = sameNs['backend-config']!['data']['BACKEND_SERVICE_URL'] as string;
    expect(url).toMatch(/^http:\/\/[a-z0-9-]+\.team-a\.svc\.cluster\.local:\d+$/);
  });

  it('composes no optional resource when its input is absent', () => {
    // Two replicas by default: the disruption budget is part of the minimal service.
    expect(Object.keys(minimal).sort()).toEqual([
      'deployment',
      'pod-disruption-budget',
      'service',
      'service-account',
    ]);
    expect(env(minimal['deployment']!)['DATABASE_URL']).toBeUndefined();
    expect(env(minimal['deployment']!)['BACKEND_SERVICE_URL']).toBeUndefined();
    expect(Object.keys(sameNs)).not.toContain('http-route');
  });
});

describe('rendered facts of the EventDrivenService examples', () => {
  const dir = path.join(GOLDEN, '..', '..', '..', 'apis', 'event-driven-service', 'examples', 'valid');
  const full = render(path.join(dir, 'full.yaml')).byName;
  const minimal = render(path.join(dir, 'minimal.yaml')).byName;

  it('leaves replicas to KEDA: no spec.replicas on the ScaledObject target', () => {
    for (const r of [full, minimal]) {
      expect(r['deployment']!['spec']).not.toHaveProperty('replicas');
      expect(r['scaled-object']!['spec']['scaleTargetRef']['name']).toBe(
        r['deployment']!['metadata']['name'],
      );
    }
    expect(full['scaled-object']!['spec']).toMatchObject({ minReplicaCount: 2, maxReplicaCount: 20 });
  });

  it('sets the large preset and exactly the set secret slots', () => {
    expect(container(full['deployment']!)['resources']['limits']).toEqual({ cpu: '4000m', memory: '8Gi' });
    expect(secretRefs(full['deployment']!)).toEqual(['orders-keys', 'orders-token']);
  });

  it('composes the HTTP Service, database and NetworkPolicy only when asked for', () => {
    expect(Object.keys(full)).toEqual(
      expect.arrayContaining(['service', 'db-role', 'db-database', 'network-policy']),
    );
    expect(Object.keys(minimal).sort()).toEqual([
      'deployment',
      'pod-disruption-budget',
      'scaled-object',
      'service-account',
    ]);
    expect(env(full['deployment']!)['DATABASE_URL']).toBeDefined();
  });
});

describe('zt render with observed resources', () => {
  const file = path.join(GOLDEN, '..', '..', '..', 'apis', 'webservice', 'examples', 'valid', 'minimal.yaml');

  it('is not Ready before anything is observed, and says which resources are unready', () => {
    const { out } = render(file);
    const ready = ((out.xr as JsonObject)['status'] as Obj)['conditions'].find(
      (c: Obj) => c['type'] === 'Ready',
    );
    expect(ready).toMatchObject({
      status: 'False',
      reason: 'Creating',
      message: 'Unready resources: deployment, pod-disruption-budget, service, and 1 more',
    });
    expect(out.resources.every((r) => !r.ready)).toBe(true);
  });
});
