import type { Context } from 'hono';
import { ApiError } from '../errors.js';
import { rejectNulBytes } from '../services/nul-bytes.js';

/** The request body as a JSON object; 400 naming the problem (or the field holding a NUL) when it is not one. */
export async function readJsonObject(c: Context, optional = false): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '' && optional) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw ApiError.invalid('request body must be valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw ApiError.invalid('request body must be a JSON object');
  }
  rejectNulBytes(value);
  return value as Record<string, unknown>;
}
