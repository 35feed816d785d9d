import { parse } from '@marcbachmann/cel-js';
import { childPath, type FieldError } from './field-error.js';
import type { SchemaNode } from './structural.js';

/** How `evaluateRules` treats rules it cannot evaluate. */
export interface CelOptions {
  /**
   * Skip rules that use functions the CEL library does not implement (upstream CRDs use Kubernetes
   * extensions such as `quantity()`); when false such a rule is reported as an error.
   */
  readonly skipUnsupported?: boolean;
}

type Program = ReturnType<typeof parse>;
const programs = new Map<string, Program | Error>();

function compile(rule: string): Program | Error {
  let program = programs.get(rule);
  if (!program) {
    try {
      program = parse(rule);
    } catch (error) {
      program = error as Error;
    }
    programs.set(rule, program);
  }
  return program;
}

/**
 * Evaluates every `x-kubernetes-validations` rule of `schema` on `value`, walking properties, list items
 * and map values like the API server: a rule runs only where its node is present, with `self` bound
 * to that node. Transition rules (`oldSelf`) only run on updates and are skipped. Errors carry full paths.
 */
export function evaluateRules(
  schema: SchemaNode,
  value: unknown,
  path: string,
  options: CelOptions = {},
): FieldError[] {
  if (value === undefined || value === null) return [];
  const errors: FieldError[] = [];
  for (const v of schema['x-kubernetes-validations'] ?? []) {
    if (/\boldSelf\b/.test(v.rule)) continue;
    const at = v.fieldPath ? joinFieldPath(path, v.fieldPath) : path;
    const program = compile(v.rule);
    if (program instanceof Error) {
      if (!options.skipUnsupported)
        errors.push({ path: at, type: 'Invalid value', detail: `rule does not compile: ${program.message}` });
      continue;
    }
    let result: unknown;
    try {
      result = program({ self: value });
    } catch (error) {
      const message = (error as Error).message;
      // cel-js lacks some Kubernetes CEL (extension functions, has() on an indexed operand).
      if (options.skipUnsupported && /function|overload|Unknown|has\(\) invalid argument/i.test(message))
        continue;
      errors.push({
        path: at,
        type: 'Invalid value',
        detail: `rule ${JSON.stringify(v.rule)} failed: ${message}`,
      });
      continue;
    }
    if (result !== true) {
      errors.push({
        path: at,
        type: 'Invalid value',
        detail: `${describe(value)}: ${v.message ?? `failed rule: ${v.rule}`}`,
      });
    }
  }
  if (typeof value !== 'object') return errors;
  if (Array.isArray(value)) {
    const items = schema.items;
    if (items) {
      value.forEach((item, i) => {
        errors.push(...evaluateRules(items, item, childPath(path, i), options));
      });
    }
    return errors;
  }
  const record = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    errors.push(...evaluateRules(child, record[key], childPath(path, key), options));
  }
  if (typeof schema.additionalProperties === 'object') {
    for (const [key, child] of Object.entries(record)) {
      errors.push(...evaluateRules(schema.additionalProperties, child, childPath(path, key), options));
    }
  }
  return errors;
}

function joinFieldPath(path: string, fieldPath: string): string {
  const rel = fieldPath.replace(/^\./, '');
  return path ? `${path}.${rel}` : rel;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return '"array"';
  if (typeof value === 'object') return '"object"';
  return JSON.stringify(value);
}
