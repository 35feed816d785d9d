import { goTypeOf, isObject } from './values.js';

/**
 * Go `fmt.Sprintf` for decoded JSON values, matching the output of Go's fmt package: `%s` of an
 * int64 is `%!s(int64=5)`, `%d` of a float64 is `%!d(float64=3)`, `%v` of a map is `map[a:1 b:2]`, a missing argument is `%!s(MISSING)`
 * and unused arguments end in `%!(EXTRA string=x)`.
 * @example goSprintf('%s-%d', ['web', 3n]) // 'web-3'
 */
export function goSprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argIndex = 0;
  let reordered = false;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') spec.minus = true;
      else if (c === '+') spec.plus = true;
      else if (c === '#') spec.sharp = true;
      else if (c === ' ') spec.space = true;
      else if (c === '0') spec.zero = !spec.minus;
      else break;
    }
    const width = readNumber(format, i);
    if (width) {
      spec.width = width.value;
      i = width.end;
    } else if (format[i] === '*') {
      spec.width = intArg(args[argIndex++]);
      i++;
    }
    if (format[i] === '.') {
      i++;
      if (format[i] === '*') {
        spec.prec = intArg(args[argIndex++]);
        i++;
      } else {
        const prec = readNumber(format, i);
        spec.prec = prec ? prec.value : 0;
        if (prec) i = prec.end;
      }
    }
    // An explicit argument index, `%[2]v`: later verbs continue from there (fmt's "reordered").
    let badIndex = false;
    if (format[i] === '[') {
      const close = format.indexOf(']', i);
      const n = close > i ? Number(format.slice(i + 1, close)) : Number.NaN;
      reordered = true;
      if (Number.isInteger(n) && n >= 1 && n <= args.length) argIndex = n - 1;
      else badIndex = true;
      i = close > i ? close + 1 : format.length;
    }
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = format[i++]!;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (badIndex) {
      out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argIndex >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatArg(args[argIndex++], verb, spec);
  }
  if (!reordered && argIndex < args.length) {
    const extra = args
      .slice(argIndex)
      .map((a) => (a === null ? '<nil>' : `${goTypeOf(a)}=${formatArg(a, 'v', plain())}`));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

/** A parsed fmt directive: flags, width and precision. */
interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
}

function plain(): Spec {
  return { minus: false, plus: false, sharp: false, space: false, zero: false };
}

function readNumber(s: string, start: number): { value: number; end: number } | undefined {
  let end = start;
  while (end < s.length && s[end]! >= '0' && s[end]! <= '9') end++;
  return end === start ? undefined : { value: Number(s.slice(start, end)), end };
}

function intArg(a: unknown): number {
  return typeof a === 'bigint' ? Number(a) : 0;
}

/** Formats one operand with one verb, following fmt's printArg. */
function formatArg(a: unknown, verb: string, spec: Spec): string {
  if (verb === 'T') return pad(goTypeOf(a), spec);
  if (a === null || a === undefined) {
    return verb === 'v' ? pad('<nil>', spec) : badVerb(verb, a);
  }
  if (typeof a === 'boolean') {
    return verb === 'v' || verb === 't' ? pad(String(a), spec) : badVerb(verb, a);
  }
  if (typeof a === 'string') return formatString(a, verb, spec);
  // A number is a Go float64 (whole or not) and a bigint an int64: `%d` of 3 is `%!d(float64=3)`.
  if (typeof a === 'bigint') return formatInt(a, verb, spec);
  if (typeof a === 'number') return formatFloat(a, verb, spec);
  if (Array.isArray(a)) {
    if (verb === 'T') return goTypeOf(a);
    return `[${a.map((x) => formatArg(x, verb, spec)).join(' ')}]`;
  }
  if (isObject(a)) {
    const keys = Object.keys(a).sort();
    return `map[${keys.map((k) => `${formatArg(k, verb, spec)}:${formatArg(a[k], verb, spec)}`).join(' ')}]`;
  }
  if (typeof a === 'function') return verb === 'v' || verb === 'p' ? '0x0' : badVerb(verb, a);
  return badVerb(verb, a);
}

function badVerb(verb: string, a: unknown): string {
  if (a === null || a === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeOf(a)}=${formatArg(a, 'v', plain())})`;
}

function formatString(s: string, verb: string, spec: Spec): string {
  switch (verb) {
    case 'v':
    case 's':
      return pad(spec.prec !== undefined ? [...s].slice(0, spec.prec).join('') : s, spec);
    case 'q':
      return pad(spec.sharp && !s.includes('`') ? `\`${s}\`` : goQuote(s), spec);
    case 'x':
    case 'X': {
      const hex = Buffer.from(s, 'utf8').toString('hex');
      return pad(verb === 'X' ? hex.toUpperCase() : hex, spec);
    }
    default:
      return badVerb(verb, s);
  }
}

function formatInt(n: bigint, verb: string, spec: Spec): string {
  const neg = n < 0n;
  const abs = neg ? -n : n;
  let digits: string;
  switch (verb) {
    case 'v':
    case 'd':
      digits = abs.toString(10);
      break;
    case 'b':
      digits = abs.toString(2);
      break;
    case 'o':
      digits = (spec.sharp ? '0' : '') + abs.toString(8);
      break;
    case 'O':
      digits = `0o${abs.toString(8)}`;
      break;
    case 'x':
      digits = (spec.sharp ? '0x' : '') + abs.toString(16);
      break;
    case 'X':
      digits = (spec.sharp ? '0X' : '') + abs.toString(16).toUpperCase();
      break;
    case 'c':
      return pad(String.fromCodePoint(Number(n)), spec);
    case 'q':
      return pad(`'${String.fromCodePoint(Number(n))}'`, spec);
    case 'U':
      return pad(`U+${abs.toString(16).toUpperCase().padStart(4, '0')}`, spec);
    default:
      return badVerb(verb, n);
  }
  if (spec.prec !== undefined) digits = digits.padStart(spec.prec, '0');
  return padNumber(digits, neg, spec);
}

function formatFloat(n: number, verb: string, spec: Spec): string {
  const neg = n < 0 || Object.is(n, -0);
  const abs = Math.abs(n);
  let body: string;
  switch (verb) {
    case 'v':
    case 'g':
    case 'G':
      body = spec.prec === undefined ? formatShortestG(abs) : formatPrecisionG(abs, spec.prec);
      if (verb === 'G') body = body.toUpperCase();
      break;
    case 'f':
    case 'F':
      body = abs.toFixed(spec.prec ?? 6);
      break;
    case 'e':
    case 'E':
      body = goExponent(abs.toExponential(spec.prec ?? 6));
      if (verb === 'E') body = body.toUpperCase();
      break;
    default:
      return badVerb(verb, n);
  }
  return padNumber(body, neg, spec);
}

/** strconv.FormatFloat(f, 'g', -1, 64): exponent form when exp < -4 or exp >= 6 (Go's %v). */
function formatShortestG(abs: number): string {
  if (abs === 0) return '0';
  if (!Number.isFinite(abs)) return Number.isNaN(abs) ? 'NaN' : '+Inf';
  const shortest = abs.toExponential();
  const exp = Number(shortest.split('e')[1]);
  // strconv: "if precision was the shortest possible, use precision 6 for this decision".
  if (exp < -4 || exp >= 6) return goExponent(shortest);
  return String(abs);
}

function formatPrecisionG(abs: number, prec: number): string {
  const p = prec === 0 ? 1 : prec;
  const e = Number(abs.toExponential(p - 1).split('e')[1]);
  if (e < -4 || e >= p) return goExponent(abs.toExponential(p - 1).replace(/\.?0+e/, 'e'));
  return abs
    .toFixed(Math.max(0, p - 1 - e))
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** JavaScript writes `1e+6`, Go `1e+06`: at least two exponent digits. */
function goExponent(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function padNumber(digits: string, neg: boolean, spec: Spec): string {
  const sign = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  if (spec.zero && !spec.minus && spec.width !== undefined) {
    return sign + digits.padStart(spec.width - sign.length, '0');
  }
  return pad(sign + digits, spec);
}

function pad(s: string, spec: Spec): string {
  if (spec.width === undefined) return s;
  const len = [...s].length;
  if (len >= spec.width) return s;
  const fill = (spec.zero && !spec.minus ? '0' : ' ').repeat(spec.width - len);
  return spec.minus ? s + fill.replace(/0/g, ' ') : fill + s;
}

/** strconv.Quote: a double-quoted Go string literal. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
