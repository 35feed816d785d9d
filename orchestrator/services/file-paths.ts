import { ApiError } from '../../common/http/errors.js';

/** Longest file path accepted, in characters, leading `/` included. */
const MAX_PATH_LENGTH = 500;

/**
 * Why `path` is not an acceptable file path (absolute, `/`-separated, no empty, `.` or
 * `..` segments, no control characters, at most 500 characters), or undefined when it is.
 */
export function filePathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return `file path '${path}' must be absolute (start with '/')`;
  if (path.length > MAX_PATH_LENGTH) return `file path must be at most ${MAX_PATH_LENGTH} characters`;
  if (path.length < 2 || path.endsWith('/')) return `file path '${path}' must name a file`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(path))
    return 'file path must not contain control characters or backslashes';
  for (const segment of path.slice(1).split('/')) {
    if (segment === '') return `file path '${path}' must not contain empty segments`;
    if (segment === '.' || segment === '..')
      return `file path '${path}' must not contain '.' or '..' segments`;
  }
  return undefined;
}

/** Returns `path` when acceptable, else throws 400 with the reason. */
export function requireFilePath(path: string): string {
  const problem = filePathProblem(path);
  if (problem) throw ApiError.invalid(problem);
  return path;
}

/**
 * Turns the URL tail after `/draft/files/` (the path without its leading `/`, segments
 * URL-encoded) into an absolute file path, validated.
 */
export function filePathFromUrlTail(tail: string): string {
  if (tail === '') throw ApiError.invalid('file path is missing after /draft/files/');
  let decoded: string;
  try {
    decoded = tail
      .split('/')
      .map((segment) => decodeURIComponent(segment))
      .join('/');
  } catch {
    throw ApiError.invalid('file path is not valid URL encoding');
  }
  return requireFilePath(`/${decoded}`);
}
