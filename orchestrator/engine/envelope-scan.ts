import { EVENT_TYPES } from '../../common/events/index.js';
import {
  equals,
  isScalarByte,
  openingQuote,
  QUOTE,
  readNumber,
  skipSpace,
  skipSpaceBack,
  skipString,
  skipValue,
} from './json-bytes.js';

/**
 * Event-type labels of relayed frames: the contract's types, then `other` for anything else
 * (an unknown type, a frame that is not an envelope, a binary frame).
 */
export const EVENT_KINDS = [...EVENT_TYPES, 'other'] as const;

/** Index of `other` in {@link EVENT_KINDS}. */
export const OTHER_KIND = EVENT_TYPES.length;

/** What the relay needs from an envelope, read without parsing it (reused between calls). */
export interface EnvelopeFacts {
  /** Index into {@link EVENT_KINDS}. */
  kind: number;
  /** `event_type` when it is not one of the contract's types (rare, so decoded only then). */
  otherType: string | undefined;
  /** Top-level `seq` when it is a number, else NaN. */
  seq: number;
  /** True when `data.files` is present and not null (an `on_state_update` that carries a result). */
  hasFiles: boolean;
}

const KEY_EVENT_TYPE = Buffer.from('event_type');
const KEY_SEQ = Buffer.from('seq');
const KEY_DATA = Buffer.from('data');
const KEY_FILES = Buffer.from('files');
const TYPE_BYTES = EVENT_TYPES.map((t) => Buffer.from(t));
const NULL = Buffer.from('null');

function readType(buf: Buffer, from: number, to: number, facts: EnvelopeFacts): void {
  for (let k = 0; k < TYPE_BYTES.length; k += 1) {
    if (equals(buf, from, to, TYPE_BYTES[k] as Buffer)) {
      facts.kind = k;
      facts.otherType = undefined;
      return;
    }
  }
  // Rare: an unknown type, or a known one written with escapes.
  const decoded = JSON.parse(buf.toString('utf8', from - 1, to + 1)) as string;
  const known = (EVENT_TYPES as readonly string[]).indexOf(decoded);
  facts.kind = known >= 0 ? known : OTHER_KIND;
  facts.otherType = known >= 0 ? undefined : decoded;
}

/** Scan state of the top level: what `event_type` and `data` were (the last of duplicates wins, as in `JSON.parse`). */
let typeIsString = false;
let dataIsObject = true;

/**
 * Walks the members of the object at `i` (a `{`): at `level` 0 the envelope (reading
 * `event_type`, `seq` and `data`), at level 1 its `data` (noting `files`). Returns the index
 * after the object, or -1 when it is malformed.
 */
function scanObject(buf: Buffer, i: number, end: number, level: 0 | 1, facts: EnvelopeFacts): number {
  i = skipSpace(buf, i + 1, end);
  if (buf[i] === 0x7d) return i + 1;
  for (;;) {
    if (buf[i] !== QUOTE) return -1;
    const keyFrom = i + 1;
    const keyEnd = skipString(buf, i, end);
    if (keyEnd < 0) return -1;
    const keyTo = keyEnd - 1;
    const colon = skipSpace(buf, keyEnd, end);
    if (buf[colon] !== 0x3a) return -1;
    const valueAt = skipSpace(buf, colon + 1, end);
    if (valueAt >= end) return -1;
    const first = buf[valueAt] as number;
    let after: number;
    if (level === 1) {
      after = skipValue(buf, valueAt, end);
      if (after > 0 && equals(buf, keyFrom, keyTo, KEY_FILES))
        facts.hasFiles = !equals(buf, valueAt, after, NULL);
    } else if (first === QUOTE && equals(buf, keyFrom, keyTo, KEY_EVENT_TYPE)) {
      after = skipString(buf, valueAt, end);
      if (after > 0) readType(buf, valueAt + 1, after - 1, facts);
      typeIsString = true;
    } else if (first === 0x7b && equals(buf, keyFrom, keyTo, KEY_DATA)) {
      facts.hasFiles = false;
      after = scanObject(buf, valueAt, end, 1, facts);
      dataIsObject = true;
    } else {
      after = skipValue(buf, valueAt, end);
      if (equals(buf, keyFrom, keyTo, KEY_EVENT_TYPE)) typeIsString = false;
      else if (equals(buf, keyFrom, keyTo, KEY_DATA)) dataIsObject = false;
      else if (after > 0 && equals(buf, keyFrom, keyTo, KEY_SEQ)) {
        facts.seq =
          first === 0x2d || (first >= 0x30 && first <= 0x39) ? readNumber(buf, valueAt, after) : Number.NaN;
      }
    }
    if (after < 0) return -1;
    i = skipSpace(buf, after, end);
    if (buf[i] === 0x7d) return i + 1;
    if (buf[i] !== 0x2c) return -1;
    i = skipSpace(buf, i + 1, end);
  }
}

/**
 * Reads `event_type`, the top-level `seq` and whether `data.files` is set from the JSON text
 * in `buf[start, end)` without building it: strings are skipped with `indexOf`, everything else
 * is only walked, nothing is allocated. Fills `facts` and returns true when the text is an
 * envelope (an object with a string `event_type` and, if present, an object `data`), as
 * `readEnvelope` decides. Keys are compared as written (a key spelled with `\u` escapes is
 * not recognised; no engine writes one).
 */
export function scanEnvelope(buf: Buffer, start: number, end: number, facts: EnvelopeFacts): boolean {
  typeIsString = false;
  dataIsObject = true;
  facts.kind = OTHER_KIND;
  facts.otherType = undefined;
  facts.seq = Number.NaN;
  facts.hasFiles = false;
  const at = skipSpace(buf, start, end);
  if (buf[at] !== 0x7b) return false;
  const after = scanObject(buf, at, end, 0, facts);
  if (after >= 0 && skipSpace(buf, after, end) === end && typeIsString && dataIsObject) return true;
  facts.kind = OTHER_KIND;
  facts.otherType = undefined;
  facts.seq = Number.NaN;
  facts.hasFiles = false;
  return false;
}

/**
 * The quick read of an envelope as engines write it (`event_type` first, scalar members such
 * as `seq`, `thread_id` and `ts` after `data`): walks the members before the first nested value
 * forwards and the members after the last nested value backwards, never `data` itself. Returns
 * 1 (an envelope; `facts` filled except `hasFiles`), or 0 when it cannot tell and the full walk
 * must decide. With a name given twice, RFC 8259 §4 leaves the meaning open; this read takes the
 * last one it sees, which is not always the last one in the text.
 */
function quickScan(buf: Buffer, start: number, end: number, facts: EnvelopeFacts): 0 | 1 {
  let hasType = false;
  let isTypeString = false;
  let isDataObject = true;
  let seqAt = -1;
  let seqEnd = -1;
  let i = skipSpace(buf, start, end);
  if (buf[i] !== 0x7b) return 0;
  i = skipSpace(buf, i + 1, end);
  let isWhole = false;
  // Forwards, up to the first nested value.
  while (i < end) {
    if (buf[i] !== QUOTE) return 0;
    const keyEnd = skipString(buf, i, end);
    if (keyEnd < 0) return 0;
    const colon = skipSpace(buf, keyEnd, end);
    if (buf[colon] !== 0x3a) return 0;
    const valueAt = skipSpace(buf, colon + 1, end);
    const first = buf[valueAt] as number;
    const isData = equals(buf, i + 1, keyEnd - 1, KEY_DATA);
    if (first === 0x7b || first === 0x5b) {
      if (isData) isDataObject = first === 0x7b;
      break;
    }
    const after = skipValue(buf, valueAt, end);
    if (after < 0) return 0;
    if (equals(buf, i + 1, keyEnd - 1, KEY_EVENT_TYPE)) {
      hasType = true;
      isTypeString = first === QUOTE;
      if (isTypeString) readType(buf, valueAt + 1, after - 1, facts);
    } else if (equals(buf, i + 1, keyEnd - 1, KEY_SEQ)) {
      seqAt = valueAt;
      seqEnd = after;
    } else if (isData) isDataObject = false;
    i = skipSpace(buf, after, end);
    if (buf[i] === 0x7d) {
      if (skipSpace(buf, i + 1, end) !== end) return 0;
      isWhole = true;
      break;
    }
    if (buf[i] !== 0x2c) return 0;
    i = skipSpace(buf, i + 1, end);
  }
  // Backwards from the end, down to the last nested value: these members come last, so win.
  let j = skipSpaceBack(buf, end - 1, start);
  if (!isWhole) {
    if (buf[j] !== 0x7d) return 0;
    j = skipSpaceBack(buf, j - 1, start);
    let seenType = false;
    let seenSeq = false;
    let seenData = false;
    for (;;) {
      const last = buf[j] as number;
      if (last === 0x7d || last === 0x5d) break;
      let valueAt: number;
      if (last === QUOTE) valueAt = openingQuote(buf, j, start);
      else {
        if (!isScalarByte(last)) return 0;
        valueAt = j;
        while (valueAt - 1 >= start && isScalarByte(buf[valueAt - 1] as number)) valueAt -= 1;
      }
      if (valueAt < start) return 0;
      const colon = skipSpaceBack(buf, valueAt - 1, start);
      if (buf[colon] !== 0x3a) return 0;
      const keyEnd = skipSpaceBack(buf, colon - 1, start);
      if (buf[keyEnd] !== QUOTE) return 0;
      const keyAt = openingQuote(buf, keyEnd, start);
      if (keyAt < 0) return 0;
      if (!seenType && equals(buf, keyAt + 1, keyEnd, KEY_EVENT_TYPE)) {
        seenType = true;
        hasType = true;
        isTypeString = buf[valueAt] === QUOTE;
        if (isTypeString) readType(buf, valueAt + 1, j, facts);
      } else if (!seenSeq && equals(buf, keyAt + 1, keyEnd, KEY_SEQ)) {
        seenSeq = true;
        seqAt = valueAt;
        seqEnd = j + 1;
      } else if (!seenData && equals(buf, keyAt + 1, keyEnd, KEY_DATA)) {
        seenData = true;
        isDataObject = false;
      }
      const before = skipSpaceBack(buf, keyAt - 1, start);
      if (buf[before] !== 0x2c) return 0;
      j = skipSpaceBack(buf, before - 1, start);
    }
  }
  if (!hasType || !isTypeString || !isDataObject) return 0;
  const c = seqAt >= 0 ? (buf[seqAt] as number) : 0;
  facts.seq =
    seqAt >= 0 && (c === 0x2d || (c >= 0x30 && c <= 0x39)) ? readNumber(buf, seqAt, seqEnd) : Number.NaN;
  facts.hasFiles = false;
  return 1;
}

/**
 * Reads `event_type` and the top-level `seq` from the JSON text in `buf[start, end)` without
 * building it (see {@link scanEnvelope}); `facts.hasFiles` is left false, for
 * {@link scanEnvelope} to tell when it matters. Returns true for an envelope.
 */
export function scanEnvelopeHead(buf: Buffer, start: number, end: number, facts: EnvelopeFacts): boolean {
  facts.kind = OTHER_KIND;
  facts.otherType = undefined;
  if (quickScan(buf, start, end, facts) === 1) return true;
  const isEnvelope = scanEnvelope(buf, start, end, facts);
  facts.hasFiles = false;
  return isEnvelope;
}
