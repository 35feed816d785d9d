import { describe, expect, it } from 'vitest';
import { OPCODE } from './frame-reader.js';
import { ReplayLog, SLAB_BYTES } from './replay-log.js';
import { readUpstreamFrame, type UpstreamFrame } from './upstream-frame.js';
import { serverFrame } from '../testing/server-frame.js';

/** An engine frame as the relay reads it: the bytes of a `ws` server frame and its facts. */
function frame(payload: string | Buffer, index: number): UpstreamFrame {
  const isBinary = typeof payload !== 'string';
  const raw = serverFrame(payload, { opcode: isBinary ? OPCODE.binary : OPCODE.text });
  const headerBytes = raw.length - (isBinary ? payload.length : Buffer.byteLength(payload));
  return readUpstreamFrame(raw, headerBytes, isBinary, index);
}

/** What a viewer would be sent and what the relay reads from a frame. */
function facts(f: UpstreamFrame) {
  return {
    raw: f.raw.toString('base64'),
    headerBytes: f.headerBytes,
    isBinary: f.isBinary,
    position: f.position,
    eventType: f.eventType,
    hasFiles: f.hasFiles,
  };
}

describe('ReplayLog', () => {
  // Small, 126..65535 (4-byte header) and ≥ 64 KiB (10-byte header) payloads, binary and text,
  // contract and unknown event types, files or not: the store grows several times on the way.
  const frames = [
    frame(JSON.stringify({ event_type: 'on_llm_stream', seq: 1, data: { chunk: 'a' } }), 1),
    frame(JSON.stringify({ event_type: 'custom_type', seq: 2, data: { pad: 'x'.repeat(300) } }), 2),
    frame(Buffer.from([0, 1, 2, 255]), 3),
    frame(
      JSON.stringify({
        event_type: 'on_state_update',
        seq: 4,
        data: { files: { '/a.md': ['é'.repeat(70_000)] } },
      }),
      4,
    ),
    frame('not an envelope', 5),
    ...Array.from({ length: 100 }, (_, i) =>
      frame(JSON.stringify({ event_type: 'on_llm_stream', seq: 6 + i, data: { chunk: String(i) } }), 6 + i),
    ),
    frame(JSON.stringify({ event_type: 'end', seq: 106, data: {} }), 106),
  ];

  it('gives back every kept frame byte for byte, with the facts the relay read from it', () => {
    const log = new ReplayLog();
    for (const f of frames) log.append(f);
    expect(log.size).toBe(frames.length);
    expect(log.bytes).toBe(frames.reduce((n, f) => n + f.raw.length, 0));
    expect([...log.after(0)].map(facts)).toEqual(frames.map(facts));
  });

  it('replays only the frames after a position, and nothing once cleared', () => {
    const log = new ReplayLog();
    for (const f of frames) log.append(f);
    expect([...log.after(100)].map((f) => f.position)).toEqual([101, 102, 103, 104, 105, 106]);
    expect([...log.after(106)]).toEqual([]);
    log.clear();
    expect([...log.after(0)]).toEqual([]);
    expect(log.bytes).toBe(0);
  });

  it('keeps its copy when the read buffer a frame came in is reused', () => {
    const log = new ReplayLog();
    const f = frame(JSON.stringify({ event_type: 'on_llm_stream', seq: 1, data: { chunk: 'kept' } }), 1);
    const before = facts(f);
    log.append(f);
    f.raw.fill(0);
    expect(facts([...log.after(0)][0] as UpstreamFrame)).toEqual(before);
  });

  it('spreads frames over several slabs and replays them across the slab boundaries', () => {
    const log = new ReplayLog();
    const many = Array.from({ length: 400 }, (_, i) =>
      frame(
        JSON.stringify({ event_type: 'on_llm_stream', seq: i + 1, data: { chunk: 'y'.repeat(i % 97) } }),
        i + 1,
      ),
    );
    for (const f of many) log.append(f);
    expect(log.bytes).toBeGreaterThan(2 * SLAB_BYTES);
    expect([...log.after(0)].map(facts)).toEqual(many.map(facts));
    expect([...log.after(350)].map((f) => f.position)).toEqual(many.slice(350).map((f) => f.position));
  });

  it('never hands a slab a replay lent out to another log (a viewer may still be writing it)', () => {
    const lent = new ReplayLog();
    const mine = Array.from({ length: 50 }, (_, i) =>
      frame(
        JSON.stringify({ event_type: 'on_llm_stream', seq: i + 1, data: { chunk: 'm'.repeat(100) } }),
        i + 1,
      ),
    );
    for (const f of mine) lent.append(f);
    const replayed = [...lent.after(0)];
    lent.clear();
    // Slabs of a cleared log that lent nothing are reused at once: fill several.
    for (let round = 0; round < 4; round++) {
      const other = new ReplayLog();
      for (let i = 0; i < 200; i++) {
        other.append(
          frame(
            JSON.stringify({ event_type: 'on_llm_stream', seq: i + 1, data: { chunk: 'o'.repeat(100) } }),
            i + 1,
          ),
        );
      }
      other.clear();
    }
    expect(replayed.map(facts)).toEqual(mine.map(facts));
  });

  it('finishes a replay that a clear interrupts with the frames it began with', () => {
    const log = new ReplayLog();
    for (const f of frames) log.append(f);
    const seen: number[] = [];
    for (const f of log.after(0)) {
      seen.push(f.position);
      if (seen.length === 3) log.clear();
    }
    expect(seen).toEqual(frames.map((f) => f.position));
    expect([...log.after(0)]).toEqual([]);
  });
});
