import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { defaultConfig } from '../../config.js';
import type { JsonObject } from '../../render/go/values.js';
import { runRenderCommand } from '../commands/render.js';
import { renderXrFile } from './run.js';
import { captureIo as io } from '../../testing/capture-io.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const MINIMAL = path.resolve(here, '..', '..', 'apis', 'webservice', 'examples', 'valid', 'minimal.yaml');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'zt-render-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests are read with deep paths
type Obj = Record<string, any>;

/** What the cluster would report for the rendered resources once they exist and are healthy. */
function observe(resources: readonly { name: string; resource: JsonObject }[], healthy: boolean): Obj[] {
  return resources.map(({ resource }) => {
    const o = structuredClone(resource) as Obj;
    if (o['kind'] === 'Deployment') {
      o['status'] = {
        readyReplicas: healthy ? 2 : 0,
        conditions: [{ type: 'Available', status: healthy ? 'True' : 'False' }],
      };
    }
    return o;
  });
}

describe('zt render --observed', () => {
  const desired = renderXrFile({ xrFile: MINIMAL, config: defaultConfig }).output!;

  it('patches observed status into the XR (ToCompositeFieldPath, CombineToComposite) and marks ready resources', () => {
    const file = path.join(tmp, 'healthy.yaml');
    writeFileSync(
      file,
      observe(desired.resources, true)
        .map((o) => `---\n${stringify(o)}`)
        .join(''),
    );
    const report = renderXrFile({ xrFile: MINIMAL, config: defaultConfig, observedDir: file });
    expect(report.exitCode, report.stderr.join('\n')).toBe(0);
    const status = report.output!.xr['status'] as Obj;
    expect(status['readyReplicas']).toBe(2);
    expect(status['address']).toBe('shop.team-a.svc.cluster.local:8080');
    expect(status['conditions']).toContainEqual({ type: 'Ready', status: 'True', reason: 'Available' });
    expect(report.output!.resources.every((r) => r.ready)).toBe(true);
  });

  it('keeps the XR unready while the Deployment is not Available', () => {
    const file = path.join(tmp, 'unhealthy.yaml');
    writeFileSync(
      file,
      observe(desired.resources, false)
        .map((o) => `---\n${stringify(o)}`)
        .join(''),
    );
    const report = renderXrFile({ xrFile: MINIMAL, config: defaultConfig, observedDir: file });
    const ready = (report.output!.xr['status'] as Obj)['conditions'].find((c: Obj) => c['type'] === 'Ready');
    expect(ready).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'Creating',
      message: 'Unready resources: deployment',
    });
  });
});

describe('zt render command', () => {
  it('prints only composed resources on stdout (the XR first with --include-xr), JSON with --output json', () => {
    const yaml = io();
    expect(runRenderCommand(MINIMAL, {}, yaml.io)).toBe(0);
    const kinds = parseAllDocuments(yaml.out.join('')).map((d) => (d.toJS() as Obj)['kind']);
    expect(kinds).toEqual(['ServiceAccount', 'Deployment', 'Service', 'PodDisruptionBudget']);
    const json = io();
    expect(runRenderCommand(MINIMAL, { includeXr: true, output: 'json' }, json.io)).toBe(0);
    const docs = JSON.parse(json.out.join('')) as Obj[];
    expect(docs.map((d) => d['kind'])).toEqual([
      'WebService',
      'ServiceAccount',
      'Deployment',
      'Service',
      'PodDisruptionBudget',
    ]);
  });

  it('rejects an invalid claim with file, line and path (exit 1) and bad usage with exit 2', () => {
    const bad = path.join(tmp, 'bad.yaml');
    writeFileSync(
      bad,
      'apiVersion: platform.zerotouch.dev/v1alpha1\nkind: WebService\nmetadata: { name: a, namespace: b }\nspec: { port: 0 }\n',
    );
    const c = io();
    expect(runRenderCommand(bad, {}, c.io)).toBe(1);
    expect(c.err.join('')).toContain(`${bad}:4 spec.image: Required value`);
    expect(c.out).toEqual([]);
    expect(runRenderCommand(path.join(tmp, 'missing.yaml'), {}, io().io)).toBe(2);
    expect(runRenderCommand(MINIMAL, { output: 'xml' }, io().io)).toBe(2);
    const other = path.join(tmp, 'other.yaml');
    writeFileSync(other, 'apiVersion: example.com/v1\nkind: XThing\nmetadata: { name: a }\n');
    const d = io();
    expect(runRenderCommand(other, {}, d.io)).toBe(2);
    expect(d.err.join('')).toContain('use --composition FILE');
  });

  it('renders with a Composition from a file and reports a fatal function result (exit 1)', () => {
    const xr = path.join(tmp, 'xthing.yaml');
    writeFileSync(
      xr,
      'apiVersion: example.com/v1\nkind: XThing\nmetadata: { name: a, namespace: ns }\nspec: { size: 3 }\n',
    );
    const composition = (patchType: string) => ({
      apiVersion: 'apiextensions.crossplane.io/v1',
      kind: 'Composition',
      metadata: { name: 'xthing' },
      spec: {
        compositeTypeRef: { apiVersion: 'example.com/v1', kind: 'XThing' },
        mode: 'Pipeline',
        pipeline: [
          {
            step: 'patch-and-transform',
            functionRef: { name: 'function-patch-and-transform' },
            input: {
              apiVersion: 'pt.fn.crossplane.io/v1beta1',
              kind: 'Resources',
              resources: [
                {
                  name: 'cm',
                  base: { apiVersion: 'v1', kind: 'ConfigMap', data: {} },
                  patches: [
                    {
                      type: patchType,
                      fromFieldPath: 'spec.size',
                      toFieldPath: 'data.size',
                      transforms: [{ type: 'string', string: { type: 'Format', fmt: '%v items' } }],
                    },
                  ],
                },
              ],
            },
          },
        ],
      },
    });
    const good = path.join(tmp, 'comp.yaml');
    writeFileSync(good, stringify(composition('FromCompositeFieldPath')));
    const c = io();
    expect(runRenderCommand(xr, { composition: good, output: 'json' }, c.io)).toBe(0);
    const [cm] = JSON.parse(c.out.join('')) as Obj[];
    expect(cm!['data']).toEqual({ size: '3 items' });
    expect(cm!['metadata']['name']).toMatch(/^a-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const broken = path.join(tmp, 'comp-bad.yaml');
    writeFileSync(broken, stringify(composition('FromNowhere')));
    const d = io();
    expect(runRenderCommand(xr, { composition: broken }, d.io)).toBe(1);
    expect(d.err.join('')).toContain(
      '[Fatal] step "patch-and-transform": invalid Function input: resources[0].patches[0].type: Invalid value: "FromNowhere": unknown patch type',
    );
  });
});
