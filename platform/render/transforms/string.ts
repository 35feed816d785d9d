import { createHash } from 'node:crypto';
import { GoError, wrapError } from '../go/errors.js';
import { goSprintf } from '../go/fmt.js';
import { goJsonMarshal } from '../go/json.js';
import type { GoRegexp } from '../go/regexp.js';
import { compileGoRegexp } from '../go/regexp.js';
import type { StringTransform } from '../core/input.js';

// Messages of function-patch-and-transform v0.10.8 transforms.go (string), verbatim.
const ERR_STRING_TRANSFORM_TYPE_FAILED = 'type %s is not supported for string transform type';
const ERR_STRING_TRANSFORM_TYPE_FORMAT = 'string transform of type %s fmt is not set';
const ERR_STRING_TRANSFORM_TYPE_CONVERT = 'string transform of type %s convert is not set';
const ERR_STRING_TRANSFORM_TYPE_TRIM = 'string transform of type %s trim is not set';
const ERR_STRING_TRANSFORM_TYPE_REGEXP = 'string transform of type %s regexp is not set';
const ERR_STRING_TRANSFORM_TYPE_JOIN = 'string transform of type %s join is not set';
const ERR_STRING_TRANSFORM_TYPE_JOIN_FAILED = 'could not parse input array';
const ERR_STRING_TRANSFORM_TYPE_REGEXP_FAILED = 'could not compile regexp';
const ERR_STRING_TRANSFORM_TYPE_REGEXP_NO_MATCH = 'regexp %q had no matches for group %d';
const ERR_STRING_TRANSFORM_TYPE_REPLACE = 'string transform of type %s replace is not set';
const ERR_STRING_CONVERT_TYPE_FAILED = 'type %s is not supported for string convert';
const ERR_DECODE_STRING = 'string is not valid base64';
const ERR_MARSHAL_JSON = 'cannot marshal to JSON';
const ERR_HASH = 'cannot generate hash';
const ERR_ADLER = 'unable to generate Adler checksum';

/** `ResolveString`: Format, Convert, TrimPrefix/TrimSuffix, Regexp, Join, Replace. */
export function resolveString(t: StringTransform, input: unknown): string {
  const type = t.type ?? '';
  switch (type) {
    case 'Format':
      if (t.fmt === undefined) throw new GoError(goSprintf(ERR_STRING_TRANSFORM_TYPE_FORMAT, [type]));
      return goSprintf(t.fmt, [input]);
    case 'Convert':
      if (t.convert === undefined) throw new GoError(goSprintf(ERR_STRING_TRANSFORM_TYPE_CONVERT, [type]));
      return stringConvertTransform(t.convert, input);
    case 'TrimPrefix':
    case 'TrimSuffix': {
      if (t.trim === undefined) throw new GoError(goSprintf(ERR_STRING_TRANSFORM_TYPE_TRIM, [type]));
      const str = goSprintf('%v', [input]);
      if (type === 'TrimPrefix')
        return t.trim !== '' && str.startsWith(t.trim) ? str.slice(t.trim.length) : str;
      return t.trim !== '' && str.endsWith(t.trim) ? str.slice(0, str.length - t.trim.length) : str;
    }
    case 'Regexp':
      if (t.regexp === undefined) throw new GoError(goSprintf(ERR_STRING_TRANSFORM_TYPE_REGEXP, [type]));
      return stringRegexpTransform(input, t.regexp.match ?? '', t.regexp.group);
    case 'Join':
      if (t.join === undefined) throw new GoError(goSprintf(ERR_STRING_TRANSFORM_TYPE_JOIN, [type]));
      return stringJoinTransform(input, t.join.separator ?? '');
    case 'Replace':
      if (t.replace === undefined) throw new GoError(goSprintf(ERR_STRING_TRANSFORM_TYPE_REPLACE, [type]));
      return goSprintf('%v', [input])
        .split(t.replace.search ?? '')
        .join(t.replace.replace ?? '');
    default:
      throw new GoError(goSprintf(ERR_STRING_TRANSFORM_TYPE_FAILED, [type]));
  }
}

function stringConvertTransform(conversion: string, input: unknown): string {
  const str = goSprintf('%v', [input]);
  switch (conversion) {
    case 'ToUpper':
      return str.toUpperCase();
    case 'ToLower':
      return str.toLowerCase();
    case 'ToJson':
      try {
        return goJsonMarshal(input);
      } catch (err) {
        throw wrapError(err, ERR_MARSHAL_JSON);
      }
    case 'ToBase64':
      return Buffer.from(str, 'utf8').toString('base64');
    case 'FromBase64':
      try {
        return goBase64Decode(Buffer.from(str, 'utf8')).toString('utf8');
      } catch (err) {
        throw wrapError(err, ERR_DECODE_STRING);
      }
    case 'ToSha1':
      return createHash('sha1').update(hashInput(input, ERR_HASH)).digest('hex');
    case 'ToSha256':
      return createHash('sha256').update(hashInput(input, ERR_HASH)).digest('hex');
    case 'ToSha512':
      return createHash('sha512').update(hashInput(input, ERR_HASH)).digest('hex');
    case 'ToAdler32':
      return String(adler32(hashInput(input, ERR_ADLER)));
    default:
      throw new GoError(goSprintf(ERR_STRING_CONVERT_TYPE_FAILED, [conversion]));
  }
}

/** stringGenerateHash's input: a string's bytes, anything else as JSON. */
function hashInput(input: unknown, wrap: string): Buffer {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  try {
    return Buffer.from(goJsonMarshal(input), 'utf8');
  } catch (err) {
    throw wrapError(wrapError(err, ERR_MARSHAL_JSON), wrap);
  }
}

function adler32(b: Buffer): number {
  let a = 1;
  let s = 0;
  for (const byte of b) {
    a = (a + byte) % 65521;
    s = (s + a) % 65521;
  }
  return ((s << 16) | a) >>> 0;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_MAP = new Map([...B64].map((c, i) => [c.charCodeAt(0), i]));

/** base64.StdEncoding.DecodeString with Go's `illegal base64 data at input byte N` errors. */
function goBase64Decode(src: Buffer): Buffer {
  const out: number[] = [];
  let si = 0;
  const corrupt = (n: number) => new GoError(`illegal base64 data at input byte ${n}`);
  const isNl = (c: number | undefined) => c === 0x0a || c === 0x0d;
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailing: GoError | undefined;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(out);
        throw corrupt(si - j);
      }
      const c = src[si++]!;
      const v = B64_MAP.get(c);
      if (v !== undefined) {
        dbuf[j] = v;
        continue;
      }
      if (isNl(c)) {
        j--;
        continue;
      }
      if (c !== 0x3d) throw corrupt(si - 1);
      if (j < 2) throw corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && isNl(src[si])) si++;
        if (si === src.length) throw corrupt(src.length);
        if (src[si] !== 0x3d) throw corrupt(si - 1);
        si++;
      }
      while (si < src.length && isNl(src[si])) si++;
      if (si < src.length) trailing = corrupt(si);
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (trailing) throw trailing;
    if (dlen < 4) return Buffer.from(out);
  }
}

function stringJoinTransform(input: unknown, separator: string): string {
  if (!Array.isArray(input)) throw new GoError(ERR_STRING_TRANSFORM_TYPE_JOIN_FAILED);
  if (input.length === 0) return '';
  const result = input.map((v) => goSprintf('%v%s', [v, separator])).join('');
  // Upstream trims one byte, not the whole separator: kept for fidelity.
  if (separator.length > 0) {
    const bytes = Buffer.from(result, 'utf8');
    return bytes.subarray(0, bytes.length - 1).toString('utf8');
  }
  return result;
}

function stringRegexpTransform(input: unknown, match: string, group: number | undefined): string {
  let re: GoRegexp;
  try {
    re = compileGoRegexp(match);
  } catch (err) {
    throw wrapError(err, ERR_STRING_TRANSFORM_TYPE_REGEXP_FAILED);
  }
  const groups = re.findStringSubmatch(goSprintf('%v', [input]));
  const g = group ?? 0;
  if (groups === undefined || g >= groups.length) {
    throw new GoError(goSprintf(ERR_STRING_TRANSFORM_TYPE_REGEXP_NO_MATCH, [match, BigInt(g)]));
  }
  return groups[g]!;
}
