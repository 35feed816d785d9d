import { UpstreamFrame } from './upstream-frame.js';

/**
 * Size of a store slab: a few dozen ordinary frames (most threads fill one or two). A feed with
 * frames holds at least one, small next to the engine connection it reads them from.
 */
export const SLAB_BYTES = 16 * 1024;
/** Free slabs kept for the next feeds (4 MiB at most; the rest goes back to the allocator). */
const MAX_FREE_SLABS = 256;
/** Before each frame in a slab: its length (u32), position (f64), kind (u8), header length | binary (u8). */
const RECORD_HEAD = 14;

/** Slabs of cleared logs whose bytes nobody can still be reading (never lent out by a replay). */
const freeSlabs: Buffer[] = [];

function takeSlab(bytes: number): Buffer {
  if (bytes > SLAB_BYTES) return Buffer.allocUnsafeSlow(bytes);
  return freeSlabs.pop() ?? Buffer.allocUnsafeSlow(SLAB_BYTES);
}

/**
 * The frames a feed relayed, kept for late joiners as records in a few fixed-size slabs instead
 * of one object per frame: kept frames cost the garbage collector nothing to move or scan,
 * however long the run, and the store never grows by copying itself. Frames are copied in (one
 * `memcpy` of a frame is far cheaper than keeping its read buffer and view objects alive) and
 * rebuilt only for a replay. A cleared log's slabs are reused unless a replay lent views of them
 * out (a viewer's socket may still be writing those bytes).
 */
export class ReplayLog {
  #slabs: Buffer[] = [];
  /** Where the records of each slab end. */
  #ends: number[] = [];
  #used = 0;
  #count = 0;
  #isLent = false;
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
    const need = RECORD_HEAD + raw.length;
    let last = this.#slabs.length - 1;
    let at = last < 0 ? 0 : (this.#ends[last] as number);
    if (last < 0 || at + need > (this.#slabs[last] as Buffer).length) {
      this.#slabs.push(takeSlab(need));
      this.#ends.push(0);
      last += 1;
      at = 0;
    }
    const slab = this.#slabs[last] as Buffer;
    slab.writeUInt32LE(raw.length, at);
    slab.writeDoubleLE(frame.position, at + 4);
    slab[at + 12] = frame.kind;
    // Frame headers are 2, 4 or 10 bytes; bit 7 marks a binary frame.
    slab[at + 13] = frame.headerBytes | (frame.isBinary ? 0x80 : 0);
    slab.set(raw, at + RECORD_HEAD);
    this.#ends[last] = at + need;
    this.#used += raw.length;
    if (frame.otherType !== undefined) {
      this.#otherTypes ??= new Map();
      this.#otherTypes.set(this.#count, frame.otherType);
    }
    this.#count += 1;
  }

  /** The kept frames after `position`, in order, rebuilt as frames (views of the store). */
  *after(position: number): Generator<UpstreamFrame> {
    // Read what is there now: a frame appended during the replay is not replayed.
    // (`clear` replaces the arrays, so a replay interrupted by one still reads what it began with.)
    const slabs = this.#slabs;
    const ends = this.#ends.slice();
    const otherTypes = this.#otherTypes;
    let index = 0;
    for (let s = 0; s < slabs.length && s < ends.length; s++) {
      const slab = slabs[s] as Buffer;
      const end = ends[s] as number;
      for (let at = 0; at < end; index++) {
        const length = slab.readUInt32LE(at);
        const start = at + RECORD_HEAD;
        at = start + length;
        const framePosition = slab.readDoubleLE(start - 10);
        if (framePosition <= position) continue;
        const header = slab[start - 1] as number;
        this.#isLent = true;
        yield new UpstreamFrame(
          slab.subarray(start, at),
          header & 0x7f,
          (header & 0x80) !== 0,
          framePosition,
          slab[start - 2] as number,
          otherTypes?.get(index),
        );
      }
    }
  }

  /** Forgets every frame and gives the memory back. */
  clear(): void {
    if (!this.#isLent) {
      for (const slab of this.#slabs) {
        if (slab.length === SLAB_BYTES && freeSlabs.length < MAX_FREE_SLABS) freeSlabs.push(slab);
      }
    }
    this.#slabs = [];
    this.#ends = [];
    this.#used = 0;
    this.#count = 0;
    this.#isLent = false;
    this.#otherTypes = undefined;
  }
}
