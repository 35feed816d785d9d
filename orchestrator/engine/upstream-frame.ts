import type { EventEnvelope } from '../../common/events/index.js';
import {
  EVENT_KINDS,
  type EnvelopeFacts,
  OTHER_KIND,
  scanEnvelope,
  scanEnvelopeHead,
} from './envelope-scan.js';

/**
 * One message from the engine as the exact bytes of the server frame it came in (forwarded to
 * browsers unchanged), with what the relay reads from it: its position, its event type and
 * whether it carries files. The rest of the envelope is parsed only on demand.
 */
export class UpstreamFrame {
  constructor(
    /** The whole frame, header included: what a browser socket is sent. */
    readonly raw: Buffer,
    readonly headerBytes: number,
    readonly isBinary: boolean,
    /** `seq`, or for older engines without `seq` the frame's 1-based index in the replay. */
    readonly position: number,
    /** Index into {@link EVENT_KINDS} (`other` for unknown types and non-envelopes). */
    readonly kind: number,
    /** `event_type` when it is not a contract type. */
    readonly otherType?: string,
  ) {}

  #hasFiles: boolean | undefined;

  /** True for an envelope whose `data.files` is set (a run's result candidate); read on first use. */
  get hasFiles(): boolean {
    this.#hasFiles ??=
      !this.isBinary && scanEnvelope(this.raw, this.headerBytes, this.raw.length, facts) && facts.hasFiles;
    return this.#hasFiles;
  }

  /** The message payload (the JSON text for text frames). */
  get payload(): Buffer {
    return this.raw.subarray(this.headerBytes);
  }

  /** `event_type` when the frame is an envelope. */
  get eventType(): string | undefined {
    return this.kind === OTHER_KIND ? this.otherType : EVENT_KINDS[this.kind];
  }

  /** The parsed envelope (a full parse: only for the few frames that need their data). */
  envelope(): EventEnvelope | undefined {
    return this.isBinary ? undefined : readEnvelope(this.payload);
  }
}

/** {@link UpstreamFrame.kind} of `end`. */
export const END_KIND = EVENT_KINDS.indexOf('end');
/** {@link UpstreamFrame.kind} of `on_state_update`. */
export const STATE_UPDATE_KIND = EVENT_KINDS.indexOf('on_state_update');
/** {@link UpstreamFrame.kind} of `error`. */
export const ERROR_KIND = EVENT_KINDS.indexOf('error');

const facts: EnvelopeFacts = { kind: OTHER_KIND, otherType: undefined, seq: Number.NaN, hasFiles: false };

/**
 * Reads a frame from the engine: its facts come from a scan of the payload, and its position is
 * `seq` when that is an integer, else `index` (older engines).
 */
export function readUpstreamFrame(raw: Buffer, headerBytes: number, isBinary: boolean, index: number) {
  if (isBinary || !scanEnvelopeHead(raw, headerBytes, raw.length, facts)) {
    return new UpstreamFrame(raw, headerBytes, isBinary, index, OTHER_KIND);
  }
  const position = Number.isInteger(facts.seq) ? facts.seq : index;
  return new UpstreamFrame(raw, headerBytes, false, position, facts.kind, facts.otherType);
}

/** The frame's envelope when it is one (checked like `parseEnvelope`, without copying it). */
export function readEnvelope(data: Buffer): EventEnvelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const frame = value as { event_type?: unknown; data?: unknown };
  if (typeof frame.event_type !== 'string') return undefined;
  if (frame.data === undefined) frame.data = {};
  else if (typeof frame.data !== 'object' || frame.data === null || Array.isArray(frame.data))
    return undefined;
  return frame as EventEnvelope;
}
