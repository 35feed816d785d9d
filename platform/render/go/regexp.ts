import { RE2JS } from 're2js';
import { GoError } from './errors.js';

/** A compiled Go regular expression (RE2 syntax and semantics). */
export interface GoRegexp {
  /** Go `MatchString`: whether s contains a match (the shape ajv's `code.regExp` expects). */
  test(s: string): boolean;
  /** Go `FindStringSubmatch`: the leftmost match and its groups, or undefined. */
  findStringSubmatch(s: string): string[] | undefined;
  /** The expression, as written. */
  toString(): string;
}

const cache = new Map<string, GoRegexp | GoError>();

/**
 * Go `regexp.Compile` through re2js, a port of RE2 (the engine of Go's regexp package): RE2 syntax
 * that JavaScript lacks (`[[:digit:]]`, `(?i:abc)`, `\z`) compiles, what RE2 refuses (lookarounds,
 * backreferences) fails, and syntax errors carry Go's message, e.g.
 * "error parsing regexp: missing closing ]: `[a-z`". Compiled expressions are cached.
 */
export function compileGoRegexp(expr: string): GoRegexp {
  let re = cache.get(expr);
  if (re === undefined) {
    re = compile(expr);
    if (cache.size > 1000) cache.clear();
    cache.set(expr, re);
  }
  if (re instanceof GoError) throw re;
  return re;
}

function compile(expr: string): GoRegexp | GoError {
  let p: RE2JS;
  try {
    p = RE2JS.compile(expr);
  } catch (err) {
    return new GoError(goMessage(err));
  }
  const native = nativeEquivalent(expr);
  return {
    // ajv keys its compiled patterns by toString(): each expression must name itself.
    toString: () => expr,
    test: native ? (s) => native.test(s) : (s) => p.test(s),
    findStringSubmatch: (s) => {
      const m = p.matcher(s);
      if (!m.find()) return undefined;
      const groups: string[] = [];
      for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i) ?? '');
      return groups;
    },
  };
}

// Plain syntax on which RE2 and JavaScript (u flag) agree; anything else goes through re2js.
const PLAIN_CHAR = /[A-Za-z0-9_\-^$|()*+?{},:/@=!~#%&<>'" ]/;
const PLAIN_ESCAPE = /[.\-/\\*+?()[\]{}|^$dw]/;

/**
 * A JavaScript RegExp that matches exactly the strings the RE2 expression does, for the plain
 * expressions most patterns are (`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`); undefined for anything else.
 * Matching natively is several times faster than re2js, and schemas test patterns in hot loops.
 */
function nativeEquivalent(expr: string): RegExp | undefined {
  let out = '';
  let inClass = false;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (c === '\\') {
      const n = expr[i + 1];
      if (n === undefined || !PLAIN_ESCAPE.test(n)) return undefined;
      out += c + n;
      i++;
    } else if (inClass) {
      if (c === '[') return undefined; // POSIX classes such as [[:digit:]]
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      if (expr[i + 1] === '^') out += expr[++i];
      if (expr[i + 1] === ']') return undefined; // RE2 reads a leading ] as a literal
    } else if (c === '.') {
      out += '[^\\n]'; // RE2's . excludes only \n; JavaScript's also \r, U+2028 and U+2029
    } else if (c === '(' && expr[i + 1] === '?') {
      return undefined; // flags and named groups
    } else if (PLAIN_CHAR.test(c)) {
      out += c;
    } else {
      return undefined;
    }
  }
  try {
    return new RegExp(out, 'u');
  } catch {
    return undefined;
  }
}

function goMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // Go's syntax.Error always ends in ": `expr`", empty for a trailing backslash; re2js drops it.
  return msg.endsWith('trailing backslash at end of expression') ? `${msg}: \`\`` : msg;
}
