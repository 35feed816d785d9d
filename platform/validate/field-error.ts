/** A validation problem at one field, in Kubernetes wording (`spec.nats.stream: Required value`). */
export interface FieldError {
  /** Full path from the object root: `spec.env[0].name`. */
  readonly path: string;
  /** Kubernetes error type: `Required value`, `Invalid value`, `Unsupported value`, `Unknown field`, … */
  readonly type: string;
  /** What is wrong, without the path; may be empty. */
  readonly detail: string;
}

/** Formats an error the way the API server and the CLI print it. */
export function formatFieldError(error: FieldError): string {
  return `${error.path}: ${error.type}${error.detail ? `: ${error.detail}` : ''}`;
}

/** Joins a parent path and a property name: `spec` + `nats` → `spec.nats`; odd keys are bracketed. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (!/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent ? `${parent}.${key}` : key;
}

/** Turns a JSON pointer (`/spec/env/0/name`) into a field path (`spec.env[0].name`). */
export function pointerToPath(pointer: string): string {
  if (!pointer) return '';
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<string>((path, seg) => childPath(path, /^\d+$/.test(seg) ? Number(seg) : seg), '');
}
