import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRoots, listRuntimeAssets } from '../scripts/build.js';
import { commandOf, copiesOf, effectiveUser, parseDockerfile } from './support/dockerfile.js';

// There is no Docker engine on this machine: the Dockerfile is checked statically.
const repoRoot = path.resolve(import.meta.dirname, '..');
const stages = parseDockerfile(readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'));
const ignored = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const SERVICES = ['orchestrator', 'spec-engine'] as const;

/** `dist/x/main.js` → `x/main.ts`, the source tsc compiles it from. */
function sourceOf(distPath: string): string {
  return distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

describe('Dockerfile', () => {
  it('is multi-stage with one target per service', () => {
    const names = stages.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['build', ...SERVICES]));
    expect(new Set(names).size).toBe(names.length);
    for (const stage of stages) expect(stage.base, `stage ${stage.name}`).not.toBe('');
  });

  it('copies only paths that exist in the repository and are not in .dockerignore', () => {
    const fromContext = copiesOf(stages).filter((c) => c.from === undefined);
    expect(fromContext.length).toBeGreaterThan(0);
    for (const copy of fromContext) {
      for (const source of copy.sources) {
        expect(existsSync(path.join(repoRoot, source)), `COPY ${source} (line ${copy.line})`).toBe(true);
        const top = source.replace(/^\.\//, '').split('/')[0];
        expect(ignored, `COPY ${source} (line ${copy.line}) is excluded by .dockerignore`).not.toContain(top);
      }
    }
  });

  it('copies patches/ before every npm ci, so postinstall can apply them', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    expect(pkg.scripts.postinstall).toContain('patch-package');
    const installing = stages.filter((s) =>
      s.instructions.some((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args)),
    );
    expect(installing.length).toBeGreaterThan(0);
    for (const stage of installing) {
      const firstCi = stage.instructions.findIndex((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
      const copied = stage.instructions
        .slice(0, firstCi)
        .filter((i) => i.keyword === 'COPY')
        .map((i) => i.args);
      expect(
        copied.some((a) => /(^|\s)patches(\s|$)/.test(a)),
        `stage ${stage.name} copies patches/`,
      ).toBe(true);
    }
  });

  it('copies from stages defined earlier in the file', () => {
    for (const copy of copiesOf(stages).filter((c) => c.from !== undefined)) {
      const from = stages.findIndex((s) => s.name === copy.from);
      const into = stages.findIndex((s) => s.name === copy.stage);
      expect(from, `COPY --from=${copy.from} (line ${copy.line})`).toBeGreaterThanOrEqual(0);
      expect(from).toBeLessThan(into);
    }
  });

  it('compiles every build root and the build script in the build stage', () => {
    const build = stages.find((s) => s.name === 'build')!;
    const copied = copiesOf([build]).flatMap((c) => c.sources);
    for (const needed of ['tsconfig.build.json', 'scripts/build.ts']) expect(copied).toContain(needed);
    return buildRoots().then((roots) => {
      for (const root of roots) expect(copied, `build root ${root}`).toContain(root);
      const runs = build.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
      expect(runs).toContain('npm run build');
      const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
      expect(pkg.scripts.build).toContain('scripts/build.ts');
    });
  });

  it.each(SERVICES)('runs %s as a non-root user', (service) => {
    const user = effectiveUser(stages, service);
    expect(['', 'root', '0', '0:0']).not.toContain(user);
    expect(user).not.toMatch(/^(root|0)(:|$)/);
  });

  it.each(SERVICES)(
    'starts %s from a compiled entrypoint whose source is in the repository',
    async (service) => {
      const command = commandOf(stages, service);
      expect(command[0]).toBe('node');
      expect(command[1]).toBe(`dist/${service}/main.js`);
      const roots = await buildRoots();
      for (const entry of [`dist/${service}/main.js`, `dist/${service}/migrate.js`]) {
        const source = sourceOf(entry);
        expect(existsSync(path.join(repoRoot, source)), `${entry} is compiled from ${source}`).toBe(true);
        expect(roots, `${source} is outside tsconfig.build.json's include`).toContain(source.split('/')[0]);
      }
    },
  );

  it('builds the web console and ships it in the orchestrator image only, where CONSOLE_DIR points', () => {
    const build = stages.find((s) => s.name === 'build')!;
    expect(copiesOf([build]).flatMap((c) => c.sources)).toContain('console');
    expect(build.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args)).toContain(
      'npm run build:console',
    );
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    expect(pkg.scripts['build:console']).toContain('console/vite.config.ts');
    const shipped = (service: string) =>
      copiesOf(stages.filter((s) => s.name === service)).filter((c) => c.from === 'build');
    expect(shipped('orchestrator').map((c) => c.sources)).toContainEqual(['/app/console/dist']);
    expect(shipped('spec-engine')).toEqual([]);
    const env = stages
      .find((s) => s.name === 'orchestrator')!
      .instructions.filter((i) => i.keyword === 'ENV');
    expect(env.map((i) => i.args).join(' ')).toContain('CONSOLE_DIR=/app/console/dist');
  });

  it('ships every SQL migration next to the compiled code', async () => {
    const assets = (await Promise.all((await buildRoots()).map((r) => listRuntimeAssets(r)))).flat();
    for (const service of SERVICES) {
      const migrations = assets.filter(
        (a) => a.startsWith(`${service}/db/migrations/`) && a.endsWith('.sql'),
      );
      expect(migrations.length, `${service} SQL migrations to ship`).toBeGreaterThan(0);
    }
    expect(assets.some((a) => a.endsWith('.ts') || a.includes('/testdata/'))).toBe(false);
  });
});
