import { describe, expect, it } from 'vitest';
import {
  EVENT_KINDS,
  type EnvelopeFacts,
  OTHER_KIND,
  scanEnvelope,
  scanEnvelopeHead,
} from './envelope-scan.js';
import { readEnvelope } from './upstream-frame.js';

/** What the scan must report, derived from a full parse (the reference). */
function reference(text: string) {
  const envelope = readEnvelope(Buffer.from(text));
  if (!envelope)
    return { isEnvelope: false, kind: OTHER_KIND, otherType: undefined, seq: Number.NaN, hasFiles: false };
  const known = EVENT_KINDS.indexOf(envelope.event_type as (typeof EVENT_KINDS)[number]);
  const isKnown = known >= 0 && known !== OTHER_KIND;
  const raw = JSON.parse(text) as { seq?: unknown };
  return {
    isEnvelope: true,
    kind: isKnown ? known : OTHER_KIND,
    otherType: isKnown ? undefined : envelope.event_type,
    seq: typeof raw.seq === 'number' ? raw.seq : Number.NaN,
    hasFiles: envelope.data.files !== undefined && envelope.data.files !== null,
  };
}

function scan(text: string, read = scanEnvelope) {
  const facts: EnvelopeFacts = { kind: -1, otherType: 'stale', seq: 99, hasFiles: true };
  // Bytes around the text, as in a read buffer holding several frames.
  const buf = Buffer.from(`{"seq":5}${text}"seq":6}`);
  const start = Buffer.byteLength('{"seq":5}');
  const isEnvelope = read(buf, start, start + Buffer.byteLength(text), facts);
  return { isEnvelope, ...facts };
}

/** The quick read agrees with the reference on everything but `hasFiles`, which it leaves false. */
function head(text: string) {
  return { ...scan(text, scanEnvelopeHead), hasFiles: undefined };
}
function referenceHead(text: string) {
  return { ...reference(text), hasFiles: undefined };
}

const CASES: Record<string, { reason: string; text: string }> = {
  modern: {
    reason: 'what the engine sends',
    text: '{"event_type":"on_llm_stream","data":{"chunk":"x"},"seq":12,"thread_id":"t","ts":"2026"}',
  },
  'seq first': { reason: 'key order is free', text: '{"seq":3,"data":{},"event_type":"end"}' },
  legacy: {
    reason: 'older engines: no seq',
    text: '{"event_type":"on_state_update","data":{"messages":"Done"}}',
  },
  'no data': { reason: 'data is optional', text: '{"event_type":"end"}' },
  'seq inside data': {
    reason: 'only the top-level seq counts',
    text: '{"event_type":"on_tool_end","data":{"seq":9,"x":{"seq":8}}}',
  },
  'seq inside a string': {
    reason: 'strings are skipped',
    text: '{"event_type":"on_llm_stream","data":{"chunk":"\\"seq\\":4,"}}',
  },
  'escaped quotes and backslashes': {
    reason: 'a string ends at an unescaped quote',
    text: '{"data":{"a":"x\\\\","b":"\\\\\\"}","c":["}",{"d":"]"}]},"event_type":"on_tool_start","seq":2}',
  },
  'long strings with escapes': {
    reason: 'escapes on both sides of where the byte loop hands over to indexOf',
    text: JSON.stringify({
      data: Object.fromEntries(
        Array.from({ length: 12 }, (_, k) => [`k${k}`, `${'x'.repeat(40 + k)}\\"${'\\'.repeat(k)}"}`]),
      ),
      event_type: 'on_tool_end',
      seq: 11,
    }),
  },
  'escapes in trailing members': {
    reason: 'the backward read finds where each string opens',
    text: JSON.stringify({
      event_type: 'on_tool_end',
      data: { x: '"seq":1' },
      seq: 8,
      a: 'q"\\',
      b: `${'z'.repeat(60)}\\"${'w'.repeat(10)}"`,
      c: '\\',
    }),
  },
  'files set': {
    reason: 'a result candidate',
    text: '{"event_type":"on_state_update","data":{"messages":[],"files":{"/a":{"content":["}"]}}},"seq":4}',
  },
  'files null': {
    reason: 'null files are no result',
    text: '{"event_type":"on_state_update","data":{"files":null},"seq":4}',
  },
  'files deeper': {
    reason: 'only data.files counts',
    text: '{"event_type":"on_state_update","data":{"x":{"files":{}}},"seq":4}',
  },
  'files outside data': {
    reason: 'only data.files counts',
    text: '{"event_type":"on_state_update","files":{},"data":{},"seq":4}',
  },
  'unknown type': {
    reason: 'counted as other, kept as text',
    text: '{"event_type":"on_custom","data":{"anything":[1,2,3]},"seq":5}',
  },
  'escaped type': { reason: 'decoded like JSON.parse', text: '{"event_type":"\\u0065nd","data":{},"seq":6}' },
  'unicode and whitespace': {
    reason: 'any JSON whitespace',
    text: ' {\n "event_type" : "on_llm_stream" ,\t"data" : { "chunk" : "é✓😀" } , "seq" : 7 }\r\n',
  },
  'duplicate keys': {
    reason: 'the last wins, as in JSON.parse',
    text: '{"event_type":"error","seq":1,"data":{"files":{}},"event_type":"end","seq":2,"data":{}}',
  },
  'float seq': { reason: 'a fraction is no position', text: '{"event_type":"end","data":{},"seq":2.5}' },
  'exponent seq': { reason: 'read as a number', text: '{"event_type":"end","data":{},"seq":1e2}' },
  'negative seq': { reason: 'read as a number', text: '{"event_type":"end","data":{},"seq":-3}' },
  'string seq': { reason: 'not a number', text: '{"event_type":"end","data":{},"seq":"3"}' },
  'type not a string': { reason: 'not an envelope', text: '{"event_type":5,"data":{}}' },
  'data not an object': { reason: 'not an envelope', text: '{"event_type":"end","data":[]}' },
  'data null': { reason: 'not an envelope', text: '{"event_type":"end","data":null}' },
  array: { reason: 'not an envelope', text: '[{"event_type":"end"}]' },
  'not JSON': { reason: 'not an envelope', text: 'hello' },
  'trailing bytes': { reason: 'one value only', text: '{"event_type":"end","data":{}} x' },
  unterminated: { reason: 'not an envelope', text: '{"event_type":"end","data":{"a":"' },
  empty: { reason: 'not an envelope', text: '' },
};

describe('scanEnvelope: event_type, seq and data.files read without parsing', () => {
  for (const [name, { reason, text }] of Object.entries(CASES)) {
    it(`${name}: ${reason}`, () => {
      expect(scan(text)).toEqual(reference(text));
      if (name !== 'duplicate keys') expect(head(text)).toEqual(referenceHead(text));
    });
  }

  it('agrees with a full parse on generated envelopes', () => {
    const values = [
      1,
      -2.5,
      'a"b\\',
      `${'y'.repeat(45)}\\"\\\\"}`,
      '}{][',
      null,
      true,
      [1, { seq: 3 }],
      { files: { '/x': 1 } },
      '',
    ];
    let seed = 7;
    const pick = <T>(list: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return list[seed % list.length] as T;
    };
    for (let n = 0; n < 2000; n += 1) {
      const envelope: Record<string, unknown> = {};
      const keys = ['event_type', 'data', 'seq', 'thread_id', 'ts', 'extra'];
      for (let k = 0; k < 6; k += 1) {
        const key = pick(keys);
        if (key === 'event_type') envelope[key] = pick([...EVENT_KINDS, 'x', 3]);
        else if (key === 'data')
          envelope[key] = pick([{}, { files: pick(values) }, { a: pick(values) }, pick(values)]);
        else if (key === 'seq') envelope[key] = pick([n, pick(values)]);
        else envelope[key] = pick(values);
      }
      const text = JSON.stringify(envelope, null, pick([0, 1]));
      expect(scan(text), text).toEqual(reference(text));
      expect(head(text), text).toEqual(referenceHead(text));
    }
  });
});
