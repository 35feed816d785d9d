import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { KindValidators } from '../../validate/index.js';
import { crdValidators, loadPinnedCrdValidators } from '../../validate/index.js';
import { parseYamlSource } from '../input/yaml-source.js';

/**
 * Validators for the CRDs under `target`, a directory (searched recursively) or one file, as a
 * cluster export gives them: one CRD per document, several per file, or `kubectl get crd -o yaml`
 * Lists, each parsed once.
 */
export function loadCrdValidators(target: string): KindValidators {
  // A flat folder of YAML CRDs (like ../shared/crds) loads directly: parsing it twice is slow.
  if (isPlainCrdFolder(target)) return loadPinnedCrdValidators(target);
  const crds = collectFiles(target).flatMap((file) => crdsIn(file));
  if (crds.length === 0) throw new Error('no CustomResourceDefinition found');
  return crdValidators(crds);
}

function isPlainCrdFolder(target: string): boolean {
  if (!statSync(target).isDirectory()) return false;
  const entries = readdirSync(target, { withFileTypes: true });
  if (entries.some((e) => e.isDirectory() || /\.json$/.test(e.name))) return false;
  const yamls = entries.filter((e) => /\.ya?ml$/.test(e.name));
  if (yamls.length === 0) return false;
  // Lists (kubectl get crd -o yaml) need unwrapping; everything else the pinned loader reads as is.
  return yamls.every(
    (e) => !/^kind:\s*["']?[A-Za-z]*List["']?\s*$/m.test(readFileSync(path.join(target, e.name), 'utf8')),
  );
}

function collectFiles(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const p = path.join(target, e.name);
      if (e.isDirectory()) return collectFiles(p);
      return /\.(ya?ml|json)$/.test(e.name) ? [p] : [];
    });
}

function crdsIn(file: string): unknown[] {
  const { documents } = parseYamlSource(file, readFileSync(file, 'utf8'));
  const out: unknown[] = [];
  const visit = (v: unknown) => {
    if (v === null || typeof v !== 'object') return;
    const o = v as { kind?: unknown; items?: unknown };
    if (o.kind === 'CustomResourceDefinition') out.push(v);
    else if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items))
      o.items.forEach(visit);
  };
  for (const d of documents) visit(d.value);
  return out;
}
