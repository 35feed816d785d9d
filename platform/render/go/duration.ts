import { GoError } from './errors.js';

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const LIMIT = 1n << 63n;

/**
 * Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` in nanoseconds, with Go's errors
 * (`time: invalid duration "5 minutes"`, `time: unknown unit " minutes" in duration "5 minutes"`).
 */
export function parseGoDuration(orig: string): bigint {
  const invalid = () => new GoError(`time: invalid duration ${timeQuote(orig)}`);
  let s = orig;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let d = 0n;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const [whole = '', frac] = [num[1], num[2]];
    if (whole === '' && (frac === undefined || frac === '')) throw invalid();
    s = s.slice(num[0].length);
    const unitLength = s.search(/[.\d]/);
    const u = unitLength === -1 ? s : s.slice(0, unitLength);
    if (u === '') throw new GoError(`time: missing unit in duration ${timeQuote(orig)}`);
    s = s.slice(u.length);
    const unit = UNITS[u];
    if (unit === undefined)
      throw new GoError(`time: unknown unit ${timeQuote(u)} in duration ${timeQuote(orig)}`);
    const v = whole === '' ? 0n : BigInt(whole);
    if (v > LIMIT || v > LIMIT / unit) throw invalid();
    let ns = v * unit;
    // Go scales the fraction in float64, keeping at most the digits that fit in 63 bits.
    if (frac) ns += BigInt(Math.trunc(Number(`0.${frac}`) * Number(unit)));
    if (ns > LIMIT) throw invalid();
    d += ns;
    if (d > LIMIT) throw invalid();
  }
  if (!neg && d > LIMIT - 1n) throw invalid();
  return neg ? -d : d;
}

/** The time package's `quote`: non-ASCII and control bytes as `\xNN`, `"` and `\` escaped. */
function timeQuote(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (code >= 0x80 || code < 0x20) {
      for (const b of Buffer.from(c)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else out += c === '"' || c === '\\' ? `\\${c}` : c;
  }
  return `${out}"`;
}
