import { GoError } from './errors.js';
import { goQuote } from './fmt.js';

/**
 * k8s.io/apimachinery `field.Error` for the renderer's input validation, with the upstream message
 * format: `resources[0].patches[1].fromFieldPath: Required value: …` or
 * `type: Invalid value: "Olala": unknown readiness check type`.
 */
export class FieldError extends GoError {
  readonly type: 'Required' | 'Invalid';
  readonly path: string;
  readonly badValue: unknown;
  readonly detail: string;

  constructor(type: 'Required' | 'Invalid', path: string, badValue: unknown, detail: string) {
    super(formatFieldError(type, path, badValue, detail), { field: { type, field: path } });
    this.type = type;
    this.path = path;
    this.badValue = badValue;
    this.detail = detail;
  }

  /** WrapFieldError: the same error with `parent` prefixed to its field path. */
  under(parent: string): FieldError {
    return new FieldError(this.type, joinPath(parent, this.path), this.badValue, this.detail);
  }
}

/** `field.Required(path, detail)`. */
export function required(path: string, detail: string): FieldError {
  return new FieldError('Required', path, undefined, detail);
}

/** `field.Invalid(path, value, detail)`. */
export function invalid(path: string, value: unknown, detail: string): FieldError {
  return new FieldError('Invalid', path, value, detail);
}

/** field.Path.Child: `a` + `b` → `a.b`, `a` + `[0].b` → `a[0].b`. */
export function joinPath(parent: string, child: string): string {
  if (parent === '') return child;
  if (child === '') return parent;
  return child.startsWith('[') ? parent + child : `${parent}.${child}`;
}

function formatFieldError(
  type: 'Required' | 'Invalid',
  path: string,
  badValue: unknown,
  detail: string,
): string {
  let body: string;
  if (type === 'Required') {
    body = 'Required value';
  } else if (badValue === null || badValue === undefined) {
    body = 'Invalid value: "null"';
  } else if (typeof badValue === 'string') {
    body = `Invalid value: ${goQuote(badValue)}`;
  } else {
    body = `Invalid value: ${String(badValue)}`;
  }
  return `${path}: ${body}${detail ? `: ${detail}` : ''}`;
}
