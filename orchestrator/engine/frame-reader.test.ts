import { describe, expect, it } from 'vitest';
import { FrameReader, type FrameSink, OPCODE } from './frame-reader.js';
import { serverFrame } from '../testing/server-frame.js';

const frame = serverFrame;

/** A reader with a sink that records everything. */
function reading(maxPayload = 16 * 1024 * 1024) {
  const seen = {
    data: [] as { raw: Buffer; payload: string; isBinary: boolean }[],
    controls: [] as number[],
    batches: 0,
    errors: [] as { code: number; reason: string }[],
  };
  const sink: FrameSink = {
    onData(raw, headerBytes, isBinary) {
      seen.data.push({ raw, payload: raw.subarray(headerBytes).toString('utf8'), isBinary });
    },
    onControl(_raw, opcode) {
      seen.controls.push(opcode);
    },
    onBatchEnd() {
      seen.batches += 1;
    },
    onProtocolError(code, reason) {
      seen.errors.push({ code, reason });
    },
  };
  return { reader: new FrameReader(sink, maxPayload), seen };
}

/** Each frame's length, and whether all are byte-equal (vitest's deep equality is slow on large Buffers). */
function lengthsAndMatch(raws: Buffer[], frames: Buffer[]): [number[], boolean] {
  return [
    raws.map((r) => r.length),
    raws.length === frames.length && raws.every((r, i) => r.equals(frames[i] as Buffer)),
  ];
}

const SMALL = '{"event_type":"on_llm_stream","data":{"chunk":"a"},"seq":1}';
const MEDIUM = JSON.stringify({ event_type: 'on_llm_stream', data: { chunk: 'm'.repeat(300) }, seq: 2 });
const LARGE = JSON.stringify({ event_type: 'on_state_update', data: { chunk: 'l'.repeat(70_000) }, seq: 3 });

describe('FrameReader: server frames read off the byte stream', () => {
  it('hands on each frame of a read as its exact bytes, without copying, and ends the batch once', () => {
    const { reader, seen } = reading();
    const frames = [frame(SMALL), frame(MEDIUM), frame(LARGE), frame(Buffer.from([1, 2, 3]), { opcode: 2 })];
    const chunk = Buffer.concat(frames);
    reader.push(chunk);
    expect(
      lengthsAndMatch(
        seen.data.map((d) => d.raw),
        frames,
      )[1],
    ).toBe(true);
    expect(seen.data.map((d) => d.payload.slice(0, 60))).toEqual([
      SMALL,
      MEDIUM.slice(0, 60),
      LARGE.slice(0, 60),
      '\u0001\u0002\u0003',
    ]);
    expect(seen.data.map((d) => d.isBinary)).toEqual([false, false, false, true]);
    expect(seen.data.every((d) => d.raw.buffer === chunk.buffer)).toBe(true);
    expect(seen.batches).toBe(1);
    expect(seen.errors).toEqual([]);
  });

  it('reads frames split across TCP reads at every byte boundary (7-, 16- and 64-bit lengths)', () => {
    const frames = [frame(SMALL), frame(MEDIUM), frame(LARGE)];
    const stream = Buffer.concat(frames);
    const cuts = [...Array.from({ length: 400 }, (_, i) => i + 1), 70_000, stream.length - 1];
    for (const cut of cuts) {
      const { reader, seen } = reading();
      reader.push(stream.subarray(0, cut));
      reader.push(stream.subarray(cut));
      const [lengths, isSame] = lengthsAndMatch(
        seen.data.map((d) => d.raw),
        frames,
      );
      expect(lengths, `cut at ${cut}`).toEqual(frames.map((f) => f.length));
      expect(isSame, `cut at ${cut}`).toBe(true);
    }
    const { reader, seen } = reading();
    for (let i = 0; i < 500; i += 1) reader.push(stream.subarray(i, i + 1));
    reader.push(stream.subarray(500));
    expect(
      lengthsAndMatch(
        seen.data.map((d) => d.raw),
        frames,
      ),
    ).toEqual([frames.map((f) => f.length), true]);
  });

  it('joins a fragmented message into one frame, with control frames between its fragments', () => {
    const { reader, seen } = reading();
    const parts = [
      frame('{"event_type":"on_llm', { fin: false }),
      frame('are you there', { opcode: OPCODE.ping }),
      frame('_stream","data":{},', { opcode: OPCODE.continuation, fin: false }),
      frame('', { opcode: OPCODE.pong }),
      frame('"seq":7}', { opcode: OPCODE.continuation }),
      frame(SMALL),
    ];
    const stream = Buffer.concat(parts);
    reader.push(stream.subarray(0, 30));
    reader.push(stream.subarray(30));
    expect(seen.controls).toEqual([OPCODE.ping, OPCODE.pong]);
    const joined = '{"event_type":"on_llm_stream","data":{},"seq":7}';
    expect(seen.data.map((d) => d.raw)).toEqual([frame(joined), frame(SMALL)]);
  });

  it('reads a 16 MiB frame arriving in 64 KiB reads, and refuses one byte more before buffering it', () => {
    const max = 16 * 1024 * 1024;
    const payload = Buffer.alloc(max, 0x61);
    const big = frame(payload);
    const { reader, seen } = reading(max);
    for (let at = 0; at < big.length; at += 65_536) reader.push(big.subarray(at, at + 65_536));
    expect(seen.data).toHaveLength(1);
    expect(seen.data[0]?.raw.equals(big)).toBe(true);

    const tooBig = reading(max);
    tooBig.reader.push(frame(Buffer.alloc(max + 1, 0x61)).subarray(0, 20));
    expect(tooBig.seen.errors).toEqual([{ code: 1009, reason: 'frame too large' }]);
    expect(tooBig.reader.isStopped).toBe(true);
  });

  it('stops at a close frame in the middle of a read: frames before it are delivered, bytes after it ignored', () => {
    const { reader, seen } = reading();
    const close = frame(Buffer.from([0x03, 0xe8]), { opcode: OPCODE.close });
    reader.push(Buffer.concat([frame(SMALL), frame(MEDIUM), close, frame(LARGE)]));
    reader.push(frame(SMALL));
    expect(seen.data.map((d) => d.payload)).toEqual([SMALL, MEDIUM]);
    expect(seen.controls).toEqual([OPCODE.close]);
    expect(seen.batches).toBe(1);
    expect(reader.isStopped).toBe(true);
  });

  const violations: Record<string, { reason: string; bytes: Buffer; want: number }> = {
    'a masked frame': {
      reason: 'servers never mask (RFC 6455 §5.1)',
      bytes: frame('x', { mask: true }),
      want: 1002,
    },
    'reserved bits': {
      reason: 'no extension was negotiated',
      bytes: Buffer.from([0xc1, 0x01, 0x78]),
      want: 1002,
    },
    'an unknown opcode': { reason: 'opcodes 3-7 are reserved', bytes: Buffer.from([0x83, 0x00]), want: 1002 },
    'a continuation with no message': {
      reason: 'nothing to continue',
      bytes: frame('x', { opcode: OPCODE.continuation }),
      want: 1002,
    },
    'a new message inside a fragmented one': {
      reason: 'fragments must not interleave',
      bytes: Buffer.concat([frame('a', { fin: false }), frame('b')]),
      want: 1002,
    },
    'a fragmented ping': {
      reason: 'control frames are never fragmented',
      bytes: frame('x', { opcode: OPCODE.ping, fin: false }),
      want: 1002,
    },
    'a text frame that is not UTF-8': {
      reason: 'a decoding client would fail it too',
      bytes: frame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
      want: 1007,
    },
    'a fragmented message over the limit': {
      reason: 'the limit holds for the joined message',
      bytes: Buffer.concat([frame('x'.repeat(60), { fin: false }), frame('y'.repeat(60), { opcode: 0 })]),
      want: 1009,
    },
  };
  for (const [name, { reason, bytes, want }] of Object.entries(violations)) {
    it(`fails the stream with ${want} for ${name} (${reason}), after the frames before it`, () => {
      const { reader, seen } = reading(100);
      reader.push(Buffer.concat([frame('{}'), bytes, frame('{}')]));
      expect(seen.errors.map((e) => e.code)).toEqual([want]);
      expect(seen.data.map((d) => d.payload)).toEqual(['{}']);
      expect(seen.batches).toBe(1);
    });
  }
});
