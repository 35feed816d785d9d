import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { loadExampleClaims, platformApis } from '../../apis/index.js';
import { defaultConfig } from '../../config.js';
import { runValidateCommand } from '../commands/validate.js';
import { validateManifest, validateTargets } from './run.js';
import { captureIo as io } from '../../testing/capture-io.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const sharedCrds = path.resolve(repoRoot, '..', 'shared', 'crds');
const hasShared = existsSync(sharedCrds);
if (!hasShared && process.env.CI === 'true') throw new Error(`../shared/crds is missing at ${sharedCrds}`);
if (!hasShared) console.warn(`skipping --crds tests: ${sharedCrds} not found`);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'zt-validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

describe('zt validate on the example claims', () => {
  for (const kind of ['WebService', 'EventDrivenService'] as const) {
    for (const example of loadExampleClaims(kind)) {
      it(`${example.isValid ? 'accepts' : 'rejects'} ${kind} example ${example.name}`, async () => {
        const report = await validateTargets({ targets: [example.file], config: defaultConfig });
        if (example.isValid) {
          expect(report.problems).toEqual([]);
          expect(report.exitCode).toBe(0);
        } else {
          expect(report.exitCode).toBe(1);
          // Each line starts with file:line, the line of the field at fault.
          for (const p of report.problems) expect(p).toMatch(/^.+:\d+ /);
          expect(report.problems.map((p) => p.replace(/^.+?:\d+ /, ''))).toEqual(example.expectedErrors);
        }
      });
    }
  }
});

describe('zt validate on core Kubernetes kinds', () => {
  const deployment = (extra: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx
${extra}`;

  it('accepts a valid Deployment and Service in one multi-document file', async () => {
    const file = write(
      'ok.yaml',
      `${deployment('')}---\napiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  ports: [{ port: 80 }]\n`,
    );
    const c = io();
    expect(await runValidateCommand([file], {}, c.io)).toBe(0);
    expect(c.out).toEqual([]);
  });

  it('reports an unknown field and a wrong type with file, line of the field and path', async () => {
    const file = write(
      'bad.yaml',
      `---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n---\n${deployment('          imagePullPolicyy: Always\n  replicas: "3"\n')}`,
    );
    const c = io();
    expect(await runValidateCommand([file], {}, c.io)).toBe(1);
    expect(c.out).toContain(`${file}:17 spec.template.spec.containers[0].imagePullPolicyy: Unknown field\n`);
    expect(c.out.some((l) => l.startsWith(`${file}:18 spec.replicas: Invalid value: "3"`))).toBe(true);
  });
});

describe('zt validate cannot run (exit 2)', () => {
  it('on a missing file, bad YAML or a kind without schema, and says why on stderr', async () => {
    const cases = [
      [path.join(tmp, 'nope.yaml'), 'no such file or directory'],
      [write('broken.yaml', 'a: [1, 2\nb: }'), 'cannot parse YAML'],
      [
        write('crd.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n'),
        'no schema for this kind',
      ],
    ] as const;
    for (const [file, reason] of cases) {
      const c = io();
      expect(await runValidateCommand([file], {}, c.io), file).toBe(2);
      expect(c.err.join('')).toContain(reason);
    }
  });
});

describe.skipIf(!hasShared)('zt validate --crds', () => {
  // A directory holding only the KEDA CRD keeps the test fast (the whole pinned set is megabytes).
  const kedaDir = path.join(tmp, 'crds');
  if (hasShared) {
    mkdirSync(path.join(kedaDir, 'keda'), { recursive: true });
    copyFileSync(
      path.join(sharedCrds, 'keda--keda.sh_scaledobjects.yaml'),
      path.join(kedaDir, 'keda', 'scaledobjects.yaml'),
    );
  }

  it('validates other kinds against the CRDs in the directory, unknown fields rejected', async () => {
    const good = write(
      'so.yaml',
      'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: { name: w }\nspec:\n  scaleTargetRef: { name: w }\n  triggers: [{ type: nats-jetstream, metadata: { stream: S } }]\n',
    );
    const bad = write(
      'so-bad.yaml',
      'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: { name: w }\nspec:\n  scaleTargetRef: { name: w }\n  triggerz: []\n',
    );
    const c = io();
    expect(await runValidateCommand([good], { crds: kedaDir }, c.io)).toBe(0);
    const d = io();
    expect(await runValidateCommand([bad], { crds: kedaDir }, d.io)).toBe(1);
    expect(d.out.join('')).toContain(`${bad}:6 spec.triggerz: Unknown field`);
  });

  it('reads CRDs exported from a cluster as a kubectl List in one file', async () => {
    const crd = readFileSync(path.join(sharedCrds, 'keda--keda.sh_scaledobjects.yaml'), 'utf8');
    const list = write(
      'crds-list.yaml',
      stringify({ apiVersion: 'v1', kind: 'List', items: parseAllDocuments(crd).map((d) => d.toJS()) }),
    );
    const bad = write(
      'so-bad2.yaml',
      'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: { name: w }\nspec:\n  scaleTargetRef: { name: w }\n  triggerz: []\n',
    );
    const c = io();
    expect(await runValidateCommand([bad], { crds: list }, c.io)).toBe(1);
    expect(c.out.join('')).toContain('spec.triggerz: Unknown field');
    const none = io();
    expect(await runValidateCommand([bad], { crds: write('empty.yaml', 'a: 1\n') }, none.io)).toBe(2);
    expect(none.err.join('')).toContain('no CustomResourceDefinition found');
  });
});

describe('zt validate never crashes on malformed input (property)', () => {
  const apis = platformApis(defaultConfig);
  const valid = loadExampleClaims('WebService')
    .concat(loadExampleClaims('EventDrivenService'))
    .filter((e) => e.isValid)
    .map((e) => e.claim);
  const json = fc.jsonValue({ maxDepth: 3 });
  const keys = fc.constantFrom(
    'spec',
    'image',
    'port',
    'nats',
    'env',
    'scaling',
    'database',
    'name',
    'x',
    '0',
  );

  it('gives field errors (never a throw) for claims with random values at random paths', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...valid),
        fc.array(keys, { minLength: 1, maxLength: 4 }),
        json,
        async (claim, p, v) => {
          const mutated = structuredClone(claim) as Record<string, unknown>;
          let node: Record<string, unknown> = mutated;
          for (const k of p.slice(0, -1)) {
            if (node[k] === null || typeof node[k] !== 'object') node[k] = {};
            node = node[k] as Record<string, unknown>;
          }
          node[p[p.length - 1]!] = v;
          const errors = await validateManifest(mutated, apis, undefined);
          expect(Array.isArray(errors)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  }, 90_000);

  it('handles any YAML-ish text without an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        const file = write('fuzz.yaml', text);
        const report = await validateTargets({ targets: [file], config: defaultConfig });
        expect(report.failures.some((f) => f.includes('internal error'))).toBe(false);
        expect([0, 1, 2]).toContain(report.exitCode);
      }),
      { numRuns: 100 },
    );
  }, 90_000);
});
