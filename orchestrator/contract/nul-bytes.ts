import { ApiError } from '../../common/http/errors.js';

/**
 * The path (`name`, `content[3]`, `context.file`) of the first string or key in `value` that
 * holds a NUL character, or undefined. PostgreSQL stores no NUL in `text` or `jsonb`, so such
 * a value could only fail later, as a 500.
 */
function nulFieldPath(value: unknown, at = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? at || '(body)' : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulFieldPath(item, `${at}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const path = at ? `${at}.${key}` : key;
      if (key.includes('\u0000')) return path;
      const found = nulFieldPath(item, path);
      if (found) return found;
    }
  }
  return undefined;
}

/** Throws 400 naming the field when a request body holds a NUL character anywhere. */
export function rejectNulBytes(body: unknown): void {
  const field = nulFieldPath(body);
  if (field) throw ApiError.invalid(`'${field}' must not contain NUL characters (\\u0000)`);
}
