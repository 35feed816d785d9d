import { UpstreamFrame } from './upstream-frame.js';

/** First capacity of a log's byte store; it doubles as frames arrive (most threads stay small). */
const INITIAL_BYTES = 4 * 1024;
const INITIAL_FRAMES = 32;

/**
 * The frames a feed relayed, kept for late joiners as one byte store and a few typed arrays
 * instead of one object per frame: kept frames then cost the garbage collector nothing to
 * move or scan, however long the run. Frames are copied in (one `memcpy` of a frame is far
 * cheaper than keeping its read buffer and view objects alive) and rebuilt only for a replay.
 */
export class ReplayLog {
  #bytes = Buffer.allocUnsafe(0);
  #used = 0;
  #count = 0;
  /** Per frame: where it ends in `#bytes`, its position, its kind, header length and binary flag. */
  #ends = new Uint32Array(0);
  #positions = new Float64Array(0);
  #kinds = new Uint8Array(0);
  #headers = new Uint8Array(0);
  /** `event_type` of frames whose type is not a contract type, by frame index (rare). */
  #otherTypes: Map<number, string> | undefined;

  /** Bytes of frames kept. */
  get bytes(): number {
    return this.#used;
  }

  /** Frames kept. */
  get size(): number {
    return this.#count;
  }

  /** Keeps a copy of `frame`. */
  append(frame: UpstreamFrame): void {
    const raw = frame.raw;
    this.#reserve(raw.length);
    this.#bytes.set(raw, this.#used);
    this.#used += raw.length;
    const i = this.#count++;
    this.#ends[i] = this.#used;
    this.#positions[i] = frame.position;
    this.#kinds[i] = frame.kind;
    // Frame headers are 2, 4 or 10 bytes; bit 7 marks a binary frame.
    this.#headers[i] = frame.headerBytes | (frame.isBinary ? 0x80 : 0);
    if (frame.otherType !== undefined) {
      this.#otherTypes ??= new Map();
      this.#otherTypes.set(i, frame.otherType);
    }
  }

  /** The kept frames after `position`, in order, rebuilt as frames (views of the store). */
  *after(position: number): Generator<UpstreamFrame> {
    // Read from the arrays of the moment: a frame appended during the replay is not replayed.
    const bytes = this.#bytes;
    const count = this.#count;
    for (let i = 0; i < count; i++) {
      if ((this.#positions[i] as number) <= position) continue;
      const start = i === 0 ? 0 : (this.#ends[i - 1] as number);
      const header = this.#headers[i] as number;
      yield new UpstreamFrame(
        bytes.subarray(start, this.#ends[i]),
        header & 0x7f,
        (header & 0x80) !== 0,
        this.#positions[i] as number,
        this.#kinds[i] as number,
        this.#otherTypes?.get(i),
      );
    }
  }

  /** Forgets every frame and gives the memory back. */
  clear(): void {
    this.#bytes = Buffer.allocUnsafe(0);
    this.#used = 0;
    this.#count = 0;
    this.#ends = new Uint32Array(0);
    this.#positions = new Float64Array(0);
    this.#kinds = new Uint8Array(0);
    this.#headers = new Uint8Array(0);
    this.#otherTypes = undefined;
  }

  #reserve(bytes: number): void {
    if (this.#used + bytes > this.#bytes.length) {
      let capacity = Math.max(INITIAL_BYTES, this.#bytes.length * 2);
      while (capacity < this.#used + bytes) capacity *= 2;
      const grown = Buffer.allocUnsafe(capacity);
      grown.set(this.#bytes.subarray(0, this.#used));
      this.#bytes = grown;
    }
    if (this.#count === this.#ends.length) {
      const frames = Math.max(INITIAL_FRAMES, this.#count * 2);
      this.#ends = grow(this.#ends, new Uint32Array(frames));
      this.#positions = grow(this.#positions, new Float64Array(frames));
      this.#kinds = grow(this.#kinds, new Uint8Array(frames));
      this.#headers = grow(this.#headers, new Uint8Array(frames));
    }
  }
}

function grow<T extends Uint32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
