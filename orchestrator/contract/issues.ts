import type { z } from '@hono/zod-openapi';

type Issue = z.core.$ZodIssue;

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}

function isPresent(data: unknown, path: readonly PropertyKey[]): boolean {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !(key in node)) return false;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node !== undefined;
}

function sizeProblem(issue: Issue & { code: 'too_small' | 'too_big' }): string {
  const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  if (issue.origin === 'string') {
    if (issue.code === 'too_small' && Number(bound) === 1) return 'must not be empty';
    return `must be ${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} characters`;
  }
  if (issue.origin === 'array') {
    return `must have ${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} items`;
  }
  return `must be ${issue.code === 'too_small' ? '>=' : '<='} ${bound}`;
}

/** The first custom message inside a union's branches (e.g. "lines must not contain newlines"). */
function customInUnion(issue: Issue & { code: 'invalid_union' }): string | undefined {
  for (const branch of issue.errors) {
    const custom = branch.find((inner) => inner.code === 'custom');
    if (custom) return custom.message;
  }
  return undefined;
}

/**
 * One sentence naming the field for the first problem of a failed validation, in the
 * words the API always used (`'name' is required`, `'bogus' is not allowed`).
 * `data` is the input that failed, to tell a missing field from a wrong one.
 */
export function describeIssue(issue: Issue, data: unknown, what = 'request body'): string {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    return `'${fieldName([...path, issue.keys[0] ?? ''])}' is not allowed`;
  }
  if (path.length === 0) {
    return issue.code === 'invalid_type' ? `${what} must be a JSON object` : `${what} ${issue.message}`;
  }
  const field = `'${fieldName(path)}'`;
  if (!isPresent(data, path)) return `${field} is required`;
  switch (issue.code) {
    case 'invalid_type':
      return `${field} must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
    case 'too_big':
      return `${field} ${sizeProblem(issue)}`;
    case 'invalid_value':
      return `${field} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return `${field} ${customInUnion(issue) ?? issue.message}`;
    default:
      return `${field} ${issue.message}`;
  }
}
