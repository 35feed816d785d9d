/** Byte-level JSON walking: find where strings and values end without building them. */

/** `"` */
export const QUOTE = 0x22;
/** `\\` */
const BACKSLASH = 0x5c;

/** True for JSON whitespace. */
function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** Index of the first non-whitespace byte at or after `i` (or `end`). */
export function skipSpace(buf: Buffer, i: number, end: number): number {
  while (i < end && isSpace(buf[i] as number)) i += 1;
  return i;
}

/** Bytes of a string looked at one by one before the search is handed to `indexOf` (a native call). */
const SHORT_STRING = 48;

/** Index just after the string starting at `i` (a quote); -1 when unterminated. */
export function skipString(buf: Buffer, i: number, end: number): number {
  // Keys and most values are short: a loop beats a call into C++ for them.
  const shortEnd = Math.min(end, i + SHORT_STRING);
  let at = i + 1;
  while (at < shortEnd) {
    const c = buf[at] as number;
    if (c === QUOTE) return at + 1;
    at += c === BACKSLASH ? 2 : 1;
  }
  for (;;) {
    if (at >= end) return -1;
    const quote = buf.indexOf(QUOTE, at);
    if (quote < 0 || quote >= end) return -1;
    let slashes = 0;
    while (quote - 1 - slashes >= at && buf[quote - 1 - slashes] === BACKSLASH) slashes += 1;
    if (slashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/** Index just after the value starting at `i`; -1 when it is malformed or unterminated. */
export function skipValue(buf: Buffer, i: number, end: number): number {
  const b = buf[i];
  if (b === QUOTE) return skipString(buf, i, end);
  if (b === 0x7b || b === 0x5b) {
    let depth = 0;
    while (i < end) {
      const c = buf[i] as number;
      if (c === QUOTE) {
        i = skipString(buf, i, end);
        if (i < 0) return -1;
        continue;
      }
      if (c === 0x7b || c === 0x5b) depth += 1;
      else if (c === 0x7d || c === 0x5d) {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
      i += 1;
    }
    return -1;
  }
  // A number or a literal: up to the next delimiter.
  const from = i;
  while (i < end) {
    const c = buf[i] as number;
    if (c === 0x2c || c === 0x7d || c === 0x5d || isSpace(c)) break;
    i += 1;
  }
  return i > from ? i : -1;
}

/** True when `buf[from, to)` holds exactly the bytes of `key`. */
export function equals(buf: Buffer, from: number, to: number, key: Buffer): boolean {
  if (to - from !== key.length) return false;
  for (let k = 0; k < key.length; k += 1) if (buf[from + k] !== key[k]) return false;
  return true;
}

/** The number written in `buf[from, to)` (digits without a call into the runtime). */
export function readNumber(buf: Buffer, from: number, to: number): number {
  let value = 0;
  for (let k = from; k < to; k += 1) {
    const digit = (buf[k] as number) - 0x30;
    if (digit < 0 || digit > 9) return Number(buf.toString('latin1', from, to));
    value = value * 10 + digit;
  }
  return value;
}

/** True for the bytes of a number or a literal (`true`, `false`, `null`). */
export function isScalarByte(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x2e ||
    c === 0x2b ||
    c === 0x2d ||
    c === 0x45
  );
}

/** Index of the first non-whitespace byte at or before `i` (or `start - 1`). */
export function skipSpaceBack(buf: Buffer, i: number, start: number): number {
  while (i >= start && isSpace(buf[i] as number)) i -= 1;
  return i;
}

/** Index of the quote opening the string that ends at `close` (a quote); -1 when there is none. */
export function openingQuote(buf: Buffer, close: number, start: number): number {
  // Inside a string every quote is escaped, so going back the first unescaped quote opens it.
  let at = close - 1;
  for (;;) {
    if (close - at < SHORT_STRING) {
      while (at >= start && close - at < SHORT_STRING && buf[at] !== QUOTE) at -= 1;
      if (at < start) return -1;
      if (buf[at] !== QUOTE) continue;
    } else {
      at = buf.lastIndexOf(QUOTE, at);
      if (at < start) return -1;
    }
    let slashes = 0;
    while (at - 1 - slashes >= start && buf[at - 1 - slashes] === BACKSLASH) slashes += 1;
    if (slashes % 2 === 0) return at;
    at -= 1;
  }
}
