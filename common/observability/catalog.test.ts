import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { counter, defineCatalog, gauge, histogram, registerMetric } from './catalog.js';

describe('a metrics catalog', () => {
  it('refuses a metric declared twice, a bad label and a counter not ending in _total', () => {
    const jobs = counter('x_jobs_total', { help: 'Jobs.', labels: [] });
    expect(() =>
      defineCatalog({ service: 's', job: 's', description: '', metrics: { a: jobs, b: jobs } }),
    ).toThrow("catalog s: metric 'x_jobs_total' is declared twice");
    expect(() =>
      defineCatalog({
        service: 's',
        job: 's',
        description: '',
        metrics: { a: gauge('x_depth', { help: 'Depth.', labels: ['le'] }) },
      }),
    ).toThrow("catalog s: metric 'x_depth' has an invalid label 'le'");
    expect(() => counter('x_jobs', { help: 'Jobs.', labels: [] })).toThrow(
      "metric 'x_jobs': a counter's name must end in _total",
    );
  });

  it('registers each kind with its labels and buckets, and exports closed label sets as 0 from the start', async () => {
    const registry = new Registry();
    const spec = counter('x_runs_total', {
      help: 'Runs.',
      labels: ['status', 'source'],
      labelValues: { status: ['ok', 'failed'], source: ['http', 'nats'] },
    });
    const runs = registerMetric(registry, spec);
    registerMetric(
      registry,
      histogram('x_seconds', {
        help: 'Time.',
        labels: ['status'],
        labelValues: { status: ['ok'] },
        buckets: [1, 5],
      }),
    );
    registerMetric(registry, counter('x_open_total', { help: 'Open labels.', labels: ['route'] }));
    runs.inc({ status: 'ok', source: 'http' });
    const text = await registry.metrics();
    expect(text).toContain('# HELP x_runs_total Runs.');
    expect(text).toContain('x_runs_total{status="ok",source="http"} 1');
    expect(text).toContain('x_runs_total{status="failed",source="nats"} 0');
    expect(text.match(/^x_runs_total\{/gm)).toHaveLength(4);
    expect(text).toContain('x_seconds_bucket{le="5",status="ok"} 0');
    // A label without listed values (a route) has no series until it is used.
    expect(text).not.toMatch(/^x_open_total\{/m);
  });

  it('reads a gauge at scrape time through collect', async () => {
    const registry = new Registry();
    let depth = 3;
    registerMetric(registry, gauge('x_depth', { help: 'Depth.', labels: [] }), {
      async collect() {
        this.set(depth);
      },
    });
    expect(await registry.metrics()).toContain('x_depth 3');
    depth = 5;
    expect(await registry.metrics()).toContain('x_depth 5');
  });
});

/** Source files of the services and what they share (tests and generated code aside). */
function serviceSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : serviceSources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('the services', () => {
  it('create prom-client metrics only through registerMetric, so /metrics is what the catalogs say', () => {
    const root = path.resolve(import.meta.dirname, '..', '..');
    const offenders = ['common', 'orchestrator', 'spec-engine']
      .flatMap((dir) => serviceSources(path.join(root, dir)))
      .filter((file) => !file.endsWith(path.join('observability', 'catalog.ts')))
      .filter((file) => /new (Counter|Gauge|Histogram|Summary)\b/.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });
});
