import { isUtf8 } from 'node:buffer';

/** Where a {@link FrameReader} delivers what it read. */
export interface FrameSink {
  /**
   * A complete data message as the exact bytes of one unmasked server frame (header included),
   * ready to forward unchanged. A fragmented message arrives joined into one frame.
   */
  onData(raw: Buffer, headerBytes: number, isBinary: boolean): void;
  /** A complete control frame (close, ping, pong), exact bytes. */
  onControl(raw: Buffer, opcode: number): void;
  /** The end of one pushed chunk that delivered at least one data message: flush batched writes. */
  onBatchEnd(): void;
  /** The stream broke the protocol (RFC 6455 close code and why); the reader stops. */
  onProtocolError(code: number, reason: string): void;
}

/** Opcodes (RFC 6455 §5.2). */
export const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

/** Close codes the reader reports. */
const PROTOCOL_ERROR = 1002;
const INVALID_DATA = 1007;
const TOO_BIG = 1009;

/** Frame header for an unmasked, final server frame of `length` payload bytes. */
function frameHeader(opcode: number, length: number): Buffer {
  if (length < 126) return Buffer.from([0x80 | opcode, length]);
  if (length < 65_536) {
    const header = Buffer.allocUnsafe(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.allocUnsafe(10);
  header[0] = 0x80 | opcode;
  header[1] = 127;
  header.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
  header.writeUInt32BE(length >>> 0, 6);
  return header;
}

/**
 * An incremental reader of the frames a WebSocket server sends (unmasked, no extensions): it
 * finds frame boundaries across TCP reads and hands each complete message on as the bytes it
 * arrived in, without decoding or copying it when the frame came in one read. Text payloads
 * are checked to be UTF-8, as a decoding client would; control frames may come between the
 * fragments of a message.
 */
export class FrameReader {
  readonly #sink: FrameSink;
  readonly #maxPayload: number;
  /** Bytes of an incomplete frame carried over from earlier reads. */
  #carry: Buffer[] = [];
  #carryBytes = 0;
  /** Bytes needed before the carried frame can be read further. */
  #needBytes = 0;
  /** Payloads of a fragmented message so far, and its opcode. */
  #fragments: Buffer[] | undefined;
  #fragmentBytes = 0;
  #fragmentOpcode = 0;
  #isStopped = false;

  constructor(sink: FrameSink, maxPayload: number) {
    this.#sink = sink;
    this.#maxPayload = maxPayload;
  }

  /** True after a close frame or a protocol error: later bytes are ignored. */
  get isStopped(): boolean {
    return this.#isStopped;
  }

  /** Stops reading (after a close frame, for example). */
  stop(): void {
    this.#isStopped = true;
    this.#carry = [];
    this.#fragments = undefined;
  }

  /** Reads one chunk of the byte stream. */
  push(chunk: Buffer): void {
    if (this.#isStopped) return;
    let buf = chunk;
    if (this.#carryBytes > 0) {
      this.#carry.push(chunk);
      this.#carryBytes += chunk.length;
      if (this.#carryBytes < this.#needBytes) return;
      // One copy of a frame split across reads, however many reads it took.
      buf = Buffer.concat(this.#carry, this.#carryBytes);
      this.#carry = [];
      this.#carryBytes = 0;
    }
    let offset = 0;
    let delivered = false;
    while (offset < buf.length && !this.#isStopped) {
      const size = this.#frameSize(buf, offset);
      if (size === 0) break;
      if (size < 0 || offset + size > buf.length) {
        this.#carry.push(offset === 0 ? buf : buf.subarray(offset));
        this.#carryBytes = buf.length - offset;
        this.#needBytes = size < 0 ? -size : size;
        break;
      }
      if (this.#frame(buf, offset, size)) delivered = true;
      offset += size;
    }
    if (delivered) this.#sink.onBatchEnd();
  }

  /**
   * The frame's total size at `offset`; negative: the bytes needed to know it; 0: a protocol
   * error (reported, reading stopped).
   */
  #frameSize(buf: Buffer, offset: number): number {
    const available = buf.length - offset;
    if (available < 2) return -2;
    const b0 = buf[offset] as number;
    const b1 = buf[offset + 1] as number;
    if ((b0 & 0x70) !== 0) return this.#fail(PROTOCOL_ERROR, 'reserved bits set');
    if ((b1 & 0x80) !== 0) return this.#fail(PROTOCOL_ERROR, 'a server frame must not be masked');
    const len7 = b1 & 0x7f;
    if (len7 < 126) return 2 + len7;
    const headerBytes = len7 === 126 ? 4 : 10;
    if (available < headerBytes) return -headerBytes;
    let length: number;
    if (len7 === 126) length = buf.readUInt16BE(offset + 2);
    else {
      const high = buf.readUInt32BE(offset + 2);
      if (high > 0x1fffff) return this.#fail(TOO_BIG, 'frame too large');
      length = high * 2 ** 32 + buf.readUInt32BE(offset + 6);
    }
    if (length > this.#maxPayload) return this.#fail(TOO_BIG, 'frame too large');
    return headerBytes + length;
  }

  /** Handles one complete frame; true when it delivered a data message. */
  #frame(buf: Buffer, offset: number, size: number): boolean {
    const b0 = buf[offset] as number;
    const isFinal = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    const len7 = (buf[offset + 1] as number) & 0x7f;
    const headerBytes = len7 < 126 ? 2 : len7 === 126 ? 4 : 10;
    const end = offset + size;
    if (opcode >= OPCODE.close) {
      if (!isFinal || size - headerBytes > 125 || opcode > OPCODE.pong) {
        this.#fail(PROTOCOL_ERROR, 'invalid control frame');
        return false;
      }
      if (opcode === OPCODE.close) this.#isStopped = true;
      this.#sink.onControl(buf.subarray(offset, end), opcode);
      return false;
    }
    if (opcode === OPCODE.continuation) {
      if (!this.#fragments) {
        this.#fail(PROTOCOL_ERROR, 'continuation frame without a message');
        return false;
      }
      return this.#fragment(buf.subarray(offset + headerBytes, end), isFinal);
    }
    if (opcode > OPCODE.binary || this.#fragments) {
      this.#fail(PROTOCOL_ERROR, opcode > OPCODE.binary ? 'unknown opcode' : 'message inside a message');
      return false;
    }
    if (!isFinal) {
      this.#fragments = [];
      this.#fragmentBytes = 0;
      this.#fragmentOpcode = opcode;
      return this.#fragment(buf.subarray(offset + headerBytes, end), false);
    }
    if (opcode === OPCODE.text && !isUtf8(buf.subarray(offset + headerBytes, end))) {
      this.#fail(INVALID_DATA, 'text frame is not UTF-8');
      return false;
    }
    this.#sink.onData(buf.subarray(offset, end), headerBytes, opcode === OPCODE.binary);
    return true;
  }

  #fragment(payload: Buffer, isFinal: boolean): boolean {
    const fragments = this.#fragments as Buffer[];
    this.#fragmentBytes += payload.length;
    if (this.#fragmentBytes > this.#maxPayload) {
      this.#fail(TOO_BIG, 'message too large');
      return false;
    }
    // Node hands every read its own buffer, so keeping views of it until the last fragment is safe.
    fragments.push(payload);
    if (!isFinal) return false;
    const opcode = this.#fragmentOpcode;
    const header = frameHeader(opcode, this.#fragmentBytes);
    const raw = Buffer.concat([header, ...fragments], header.length + this.#fragmentBytes);
    this.#fragments = undefined;
    if (opcode === OPCODE.text && !isUtf8(raw.subarray(header.length))) {
      this.#fail(INVALID_DATA, 'text message is not UTF-8');
      return false;
    }
    this.#sink.onData(raw, header.length, opcode === OPCODE.binary);
    return true;
  }

  #fail(code: number, reason: string): 0 {
    this.stop();
    this.#sink.onProtocolError(code, reason);
    return 0;
  }
}
