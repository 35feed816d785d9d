import { ApiError } from '../../common/http/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID in canonical text form. */
function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Returns `value` lower-cased when it is a UUID, else throws 400 naming `what`. */
export function parseUuid(value: string | undefined, what: string): string {
  if (value === undefined || !isUuid(value)) throw ApiError.malformedId(what);
  return value.toLowerCase();
}
