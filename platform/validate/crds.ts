import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { compileGoRegexp } from '../render/go/regexp.js';
import { fromAjvErrors } from './ajv-errors.js';
import { evaluateRules } from './cel.js';
import type { FieldError } from './field-error.js';
import { rejectUnknownFields, type SchemaNode } from './structural.js';

/** Validates objects of the kinds it knows; unknown kinds are an error, never a pass. */
export interface KindValidators {
  /** `apiVersion/kind` keys it can validate, e.g. `apps/v1/Deployment`. */
  readonly kinds: readonly string[];
  /** Whether it knows the kind. */
  has(apiVersion: string, kind: string): boolean;
  /** Field errors of one object (empty when valid). */
  validate(object: unknown): FieldError[];
  /** The schema used for a kind (after unknown-field rejection), for inspection. */
  schemaOf(apiVersion: string, kind: string): SchemaNode | undefined;
}

interface Entry {
  readonly schema: SchemaNode;
  readonly original: SchemaNode;
  validate?: ValidateFunction;
}

/** CRD `pattern`s are Go RE2 (the API server's engine): `(?i)…` and friends compile as Go would. */
const goPatterns = Object.assign((pattern: string) => compileGoRegexp(pattern), {
  code: 'compileGoRegexp',
});

function newAjv() {
  // Kubernetes ignores formats it does not know and the x-kubernetes-* keywords are ours to handle.
  return new Ajv({ allErrors: true, strict: false, validateFormats: false, code: { regExp: goPatterns } });
}

function keyOf(apiVersion: string, kind: string) {
  return `${apiVersion}/${kind}`;
}

function makeValidators(
  entries: Map<string, Entry>,
  compile: (entry: Entry) => ValidateFunction,
  evaluateCel: boolean,
): KindValidators {
  return {
    kinds: [...entries.keys()].sort(),
    has: (apiVersion, kind) => entries.has(keyOf(apiVersion, kind)),
    schemaOf: (apiVersion, kind) => entries.get(keyOf(apiVersion, kind))?.schema,
    validate(object) {
      const o = object as { apiVersion?: unknown; kind?: unknown } | null;
      if (!o || typeof o !== 'object') return [{ path: '', type: 'Invalid value', detail: 'not an object' }];
      if (typeof o.apiVersion !== 'string')
        return [{ path: 'apiVersion', type: 'Required value', detail: '' }];
      if (typeof o.kind !== 'string') return [{ path: 'kind', type: 'Required value', detail: '' }];
      const entry = entries.get(keyOf(o.apiVersion, o.kind));
      if (!entry) {
        return [
          {
            path: 'kind',
            type: 'Unsupported value',
            detail: `no pinned schema for ${o.apiVersion} ${o.kind}`,
          },
        ];
      }
      entry.validate ??= compile(entry);
      const errors = entry.validate(object) ? [] : fromAjvErrors(entry.validate.errors, object);
      if (evaluateCel) errors.push(...evaluateRules(entry.original, object, '', { skipUnsupported: true }));
      return errors;
    },
  };
}

const parsedDirs = new Map<string, { signature: string; crds: Record<string, unknown>[] }>();

/**
 * Parses every CRD in the YAML files of `dir` (multi-document files included). Parsing the pinned
 * CRDs takes seconds, so the result is kept per directory while its files are unchanged; treat it
 * as read-only.
 */
export function readCrds(dir: string): Record<string, unknown>[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const signature = files
    .map((f) => {
      const stat = statSync(path.join(dir, f));
      return `${f}:${stat.size}:${stat.mtimeMs}`;
    })
    .join('|');
  const cached = parsedDirs.get(path.resolve(dir));
  if (cached?.signature === signature) return cached.crds;
  const crds: Record<string, unknown>[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(path.join(dir, file), 'utf8'))) {
      const value = doc.toJS() as Record<string, unknown> | null;
      if (value?.kind === 'CustomResourceDefinition') crds.push(value);
    }
  }
  parsedDirs.set(path.resolve(dir), { signature, crds });
  return crds;
}

/**
 * Validators for already-parsed CRD objects (every served version). Unknown fields are rejected
 * (Kubernetes would prune them) and the CRDs' CEL rules are evaluated, except transition rules and
 * rules using functions the CEL library lacks. Objects that are not CRDs are ignored.
 */
export function crdValidators(crds: readonly unknown[]): KindValidators {
  const entries = new Map<string, Entry>();
  for (const crd of crds as { kind?: unknown; spec?: unknown }[]) {
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    const spec = crd.spec as {
      group: string;
      names: { kind: string };
      versions: { name: string; served: boolean; schema?: { openAPIV3Schema: SchemaNode } }[];
    };
    for (const version of spec.versions) {
      if (!version.served || !version.schema) continue;
      const original = version.schema.openAPIV3Schema;
      entries.set(keyOf(`${spec.group}/${version.name}`, spec.names.kind), {
        original,
        schema: rejectUnknownFields(original),
      });
    }
  }
  const ajv = newAjv();
  return makeValidators(entries, (entry) => ajv.compile(entry.schema), true);
}

/** Loads the pinned CRDs in `dir` (e.g. `../shared/crds`) as validators; see crdValidators. */
export function loadPinnedCrdValidators(dir: string): KindValidators {
  return crdValidators(readCrds(dir));
}

/**
 * Loads core Kubernetes kinds from a cdk8s `definitions` JSON Schema file
 * (`../shared/crds/k8s/kubernetes-v1.34.0--definitions.jsonschema.json`), rejecting unknown fields.
 */
export function loadCoreKindValidators(file: string): KindValidators {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { definitions: Record<string, SchemaNode> };
  const definitions: Record<string, SchemaNode> = {};
  const entries = new Map<string, Entry>();
  for (const [name, def] of Object.entries(raw.definitions)) {
    definitions[name] = strictDefinition(def);
    const gvks =
      (def['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[]) ?? [];
    for (const g of gvks) {
      const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
      entries.set(keyOf(apiVersion, g.kind), { original: def, schema: { $ref: `#/definitions/${name}` } });
    }
  }
  const ajv = newAjv();
  ajv.addSchema({ $id: 'k8s', definitions }, 'k8s');
  return makeValidators(
    entries,
    (entry) => ajv.compile({ $ref: `k8s${entry.schema.$ref as string}` }),
    false,
  );
}

function strictDefinition(def: SchemaNode): SchemaNode {
  const node: SchemaNode = { ...def };
  if (node.properties) {
    node.properties = Object.fromEntries(
      Object.entries(node.properties).map(([k, v]) => [k, strictDefinition(v)]),
    );
    if (node.additionalProperties === undefined) node.additionalProperties = false;
  }
  if (node.items) node.items = strictDefinition(node.items);
  return node;
}

/** Validates an object with whichever of several validator sets knows its kind. */
export function combineValidators(...sets: KindValidators[]): KindValidators {
  const find = (apiVersion: string, kind: string) => sets.find((s) => s.has(apiVersion, kind));
  return {
    kinds: sets.flatMap((s) => s.kinds).sort(),
    has: (apiVersion, kind) => find(apiVersion, kind) !== undefined,
    schemaOf: (apiVersion, kind) => find(apiVersion, kind)?.schemaOf(apiVersion, kind),
    validate(object) {
      const o = object as { apiVersion?: string; kind?: string };
      return (find(String(o?.apiVersion), String(o?.kind)) ?? sets[0]!).validate(object);
    },
  };
}
