import type { ErrorObject } from 'ajv';
import { childPath, type FieldError, pointerToPath } from './field-error.js';

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? 'null');
}

/** Translates ajv errors into Kubernetes-style field errors with full paths. */
export function fromAjvErrors(
  errors: readonly ErrorObject[] | null | undefined,
  root: unknown,
): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    // anyOf/oneOf summaries repeat what their branches said.
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const path = pointerToPath(e.instancePath);
    const value = valueAt(root, e.instancePath);
    const p = e.params as Record<string, unknown>;
    let error: FieldError;
    switch (e.keyword) {
      case 'required':
        error = { path: childPath(path, String(p.missingProperty)), type: 'Required value', detail: '' };
        break;
      case 'additionalProperties':
        error = { path: childPath(path, String(p.additionalProperty)), type: 'Unknown field', detail: '' };
        break;
      case 'enum':
        error = {
          path,
          type: 'Unsupported value',
          detail: `${show(value)}: supported values: ${(p.allowedValues as unknown[]).map(show).join(', ')}`,
        };
        break;
      case 'type':
        error = { path, type: 'Invalid value', detail: `${show(value)}: must be of type ${p.type}` };
        break;
      case 'maxItems':
        error = {
          path,
          type: 'Too many',
          detail: `${(value as unknown[]).length}: must have at most ${p.limit} items`,
        };
        break;
      case 'maxLength':
        error = { path, type: 'Too long', detail: `may not be longer than ${p.limit}` };
        break;
      default:
        error = { path, type: 'Invalid value', detail: `${show(value)}: ${e.message ?? e.keyword}` };
    }
    const key = `${error.path}|${error.type}|${error.detail}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(error);
    }
  }
  return out;
}

function valueAt(root: unknown, pointer: string): unknown {
  let cur = root;
  for (const seg of pointer.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}
