import { Ajv, type ValidateFunction } from 'ajv';
import { type ApiDefinition, toXrdSchema } from '../schema/index.js';
import { fromAjvErrors } from './ajv-errors.js';
import { evaluateRules } from './cel.js';
import { applyDefaults } from './defaults.js';
import type { FieldError } from './field-error.js';
import { checkListKeys } from './lists.js';
import { rejectUnknownFields, type SchemaNode } from './structural.js';

/** The outcome of checking one XR (claim). */
export interface XrCheck {
  /** The XR after structural defaulting (what the API server would store). */
  readonly defaulted: unknown;
  /** Field errors with full paths; empty when the XR is valid. */
  readonly errors: FieldError[];
}

interface Compiled {
  readonly api: ApiDefinition;
  readonly schema: SchemaNode;
  readonly validate: ValidateFunction;
}

/** The APIs an XR may be of, keyed by `apiVersion/kind` (the platform's: `platformApis` in platform/apis). */
export type XrApis = ReadonlyMap<string, ApiDefinition>;

const cache = new WeakMap<XrApis, Map<string, Compiled>>();

/** The XRD schema as the API server sees it, with the fields Crossplane adds to every v2 XR. */
export function xrSchema(api: ApiDefinition): SchemaNode {
  const schema = toXrdSchema(api) as unknown as SchemaNode;
  const open = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  return {
    ...schema,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      ...schema.properties,
      spec: {
        ...schema.properties!.spec!,
        properties: { ...schema.properties!.spec!.properties, crossplane: open },
      },
      status: {
        ...schema.properties!.status!,
        properties: { ...schema.properties!.status!.properties, conditions: { type: 'array', items: open } },
      },
    },
  };
}

function compiled(apis: XrApis): Map<string, Compiled> {
  let byKind = cache.get(apis);
  if (!byKind) {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    byKind = new Map();
    for (const [key, api] of apis) {
      const schema = xrSchema(api);
      byKind.set(key, { api, schema, validate: ajv.compile(rejectUnknownFields(schema)) });
    }
    cache.set(apis, byKind);
  }
  return byKind;
}

/**
 * Checks an XR of one of `apis` like the API server would: defaulting, schema (unknown fields
 * rejected), list keys and the XRD's CEL rules. Returns the defaulted XR and the field errors.
 */
export function checkXr(xr: unknown, apis: XrApis): XrCheck {
  if (!xr || typeof xr !== 'object' || Array.isArray(xr)) {
    return {
      defaulted: xr,
      errors: [{ path: '', type: 'Invalid value', detail: 'an XR must be a mapping' }],
    };
  }
  const { apiVersion, kind, metadata } = xr as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown };
  };
  const entry = compiled(apis).get(`${String(apiVersion)}/${String(kind)}`);
  if (!entry) {
    const known = [...apis.keys()].join(', ');
    return {
      defaulted: xr,
      errors: [
        {
          path: 'kind',
          type: 'Unsupported value',
          detail: `${String(apiVersion)} ${String(kind)}: known kinds are ${known}`,
        },
      ],
    };
  }
  const defaulted = applyDefaults(entry.schema, xr);
  const errors: FieldError[] = [];
  if (typeof metadata?.name !== 'string' || metadata.name === '') {
    errors.push({ path: 'metadata.name', type: 'Required value', detail: '' });
  }
  if (!entry.validate(defaulted)) errors.push(...fromAjvErrors(entry.validate.errors, defaulted));
  errors.push(...checkListKeys(entry.schema, defaulted, ''));
  errors.push(...evaluateRules(entry.schema, defaulted, ''));
  return { defaulted, errors };
}

/** Field errors of an XR (see checkXr); empty when valid. */
export function validateXr(xr: unknown, apis: XrApis): FieldError[] {
  return checkXr(xr, apis).errors;
}
