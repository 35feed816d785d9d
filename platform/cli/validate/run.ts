import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { platformApis } from '../../apis/index.js';
import type { PlatformConfig } from '../../config.js';
import type { FieldError, KindValidators, XrApis } from '../../validate/index.js';
import {
  checkXr,
  combineValidators,
  formatFieldError,
  shippedCrdValidators,
  validateObjectMeta,
} from '../../validate/index.js';
import { closestMatch } from '../../text/did-you-mean.js';
import { validateCoreKind } from './core-kinds.js';
import { loadCrdValidators } from './crds-dir.js';
import { describeYamlError, firstLine, lineOfPath } from '../input/yaml-source.js';
import { coreKinds } from './unknown-fields.js';

/** What `zt validate` was asked to check. */
export interface ValidateRequest {
  /** Files or directories (searched recursively for .yaml, .yml and .json). */
  readonly targets: readonly string[];
  /**
   * CRDs (a directory or file, e.g. exported from a cluster, Lists included) for other kinds; they
   * take precedence over the pinned CRDs' schemas shipped with the CLI.
   */
  readonly crdsDir?: string;
  readonly config: PlatformConfig;
}

/** The verdict: one line per problem, and the exit code (0 valid, 1 invalid, 2 cannot run). */
export interface ValidateReport {
  readonly problems: string[];
  /** Reasons the run could not check everything (bad YAML, missing file, unknown kind). */
  readonly failures: string[];
  readonly documents: number;
  readonly exitCode: 0 | 1 | 2;
}

/**
 * Validates every document of every target: our claims/XRs against the generated XRD schemas
 * (defaulting, schema, CEL rules), other kinds against --crds, core kinds with kubernetes-models
 * plus an unknown-field check. Never throws: problems and failures are lines of the report.
 */
export async function validateTargets(req: ValidateRequest): Promise<ValidateReport> {
  const problems: string[] = [];
  const failures: string[] = [];
  let documents = 0;
  // The pinned CRDs' schemas ship with the CLI: what `zt synth` writes validates out of the box.
  let crds: KindValidators = shippedCrdValidators();
  if (req.crdsDir !== undefined) {
    try {
      crds = combineValidators(loadCrdValidators(req.crdsDir), crds);
    } catch (err) {
      failures.push(`${req.crdsDir}: cannot read CRDs: ${(err as Error).message}`);
    }
  }
  const apis = platformApis(req.config);
  for (const file of expandTargets(req.targets, failures)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      failures.push(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      continue;
    }
    const lines = new LineCounter();
    const docs = parseAllDocuments(text, { lineCounter: lines });
    const parseErrors = docs.flatMap((d) => d.errors);
    if (parseErrors.length > 0) {
      failures.push(describeYamlError(file, parseErrors[0]!));
      continue;
    }
    for (const doc of docs) {
      // file:line, the line of the field at fault (or of the document), as editors and compilers print it.
      const where = `${file}:${firstLine(doc, lines)}`;
      let value: unknown;
      try {
        value = doc.toJS();
      } catch (err) {
        // e.g. an alias to an anchor that does not exist
        failures.push(`${where}: cannot parse YAML: ${(err as Error).message}`);
        continue;
      }
      if (value === null || value === undefined) continue;
      documents++;
      try {
        const errors = await validateManifest(value, apis, crds);
        if (errors === undefined) failures.push(`${where}: ${noSchema(value, apis, crds)}`);
        else
          problems.push(
            ...errors.map(
              (e) =>
                `${file}:${lineOfPath(doc, lines, e.path)} ${e.path ? formatFieldError(e) : `${e.type}: ${e.detail}`}`,
            ),
          );
      } catch (err) {
        failures.push(`${where}: internal error: ${(err as Error).message}`);
      }
    }
  }
  const exitCode = failures.length > 0 ? 2 : problems.length > 0 ? 1 : 0;
  return { problems, failures, documents, exitCode };
}

/** Field errors of one parsed manifest; undefined when no schema knows its kind. Never throws on bad input. */
export async function validateManifest(
  value: unknown,
  apis: XrApis,
  crds: KindValidators | undefined,
): Promise<FieldError[] | undefined> {
  if (typeof value !== 'object' || Array.isArray(value) || value === null) {
    return [{ path: '', type: 'Invalid value', detail: 'a Kubernetes manifest must be a mapping' }];
  }
  const o = value as Record<string, unknown>;
  if (typeof o['apiVersion'] !== 'string' || o['apiVersion'] === '') {
    return [{ path: 'apiVersion', type: 'Required value', detail: '' }];
  }
  if (typeof o['kind'] !== 'string' || o['kind'] === '')
    return [{ path: 'kind', type: 'Required value', detail: '' }];
  const errors = apis.has(`${o['apiVersion']}/${o['kind']}`)
    ? checkXr(o, apis).errors
    : crds?.has(o['apiVersion'], o['kind'])
      ? crds.validate(o)
      : await validateCoreKind(o);
  if (errors === undefined) return undefined;
  // The API server checks metadata before any schema: names, namespace, label and annotation keys.
  const meta = validateObjectMeta(o);
  const seen = new Set(meta.map((e) => `${e.path}|${e.type}`));
  return [...meta, ...errors.filter((e) => !seen.has(`${e.path}|${e.type}`))];
}

/** Why a document has no schema, with the closest known kind when the kind looks misspelt. */
function noSchema(value: unknown, apis: XrApis, crds: KindValidators): string {
  const o = value as Record<string, unknown>;
  const known = [...apis.keys(), ...crds.kinds, ...coreKinds()];
  const byKind = new Map(known.map((k) => [k.slice(k.lastIndexOf('/') + 1), k] as const));
  const guess = closestMatch(String(o['kind']), byKind.keys());
  const hint = guess ? `; did you mean ${byKind.get(guess)!.replace(/\/(?=[^/]*$)/, ' ')}?` : '';
  return `${String(o['apiVersion'])} ${String(o['kind'])}: no schema for this kind (pass --crds DIR with its CRD)${hint}`;
}

/** Files of the targets, directories walked recursively in name order; missing paths are failures. */
function expandTargets(targets: readonly string[], failures: string[]): string[] {
  const out: string[] = [];
  for (const target of targets) {
    let isDir: boolean;
    try {
      isDir = statSync(target).isDirectory();
    } catch {
      failures.push(`${target}: no such file or directory`);
      continue;
    }
    if (!isDir) {
      out.push(target);
      continue;
    }
    for (const entry of readdirSync(target, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const p = path.join(target, entry.name);
      if (entry.isDirectory()) out.push(...expandTargets([p], failures));
      else if (/\.(ya?ml|json)$/.test(entry.name)) out.push(p);
    }
  }
  return out;
}
