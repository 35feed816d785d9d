import type WebSocket from 'ws';
import { type SpecEngineClient, SpecEngineError } from './spec-engine-client.js';
import { dialEngineStream, type EngineTarget, type OpenedUpstream } from './dial.js';
import { END_KIND, readUpstreamFrame, type UpstreamFrame } from './upstream-frame.js';

/** Why an engine stream failed: a refused dial, a drop without `end` (redialed), or given up. */
export type UpstreamErrorReason = 'dial_failed' | 'dropped' | 'lost';

export type { UpstreamFrame } from './upstream-frame.js';

/** How an engine stream ended. */
export type StreamOutcome =
  | { readonly kind: 'ended' }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'lost'; readonly error: SpecEngineError };

/** Options of {@link EngineStream}. */
interface EngineStreamOptions {
  readonly engine: SpecEngineClient;
  readonly target: EngineTarget;
  readonly threadId: string;
  /** Deliver only frames after this position (`after_seq`). */
  readonly afterSeq: number;
  /** Redials after the upstream dropped without `end` (the count resets after progress). */
  readonly reconnectAttempts: number;
  readonly reconnectDelayMs: number;
  onFrame(frame: UpstreamFrame): void;
  /** Every frame of one TCP read was delivered (writes can be flushed as one batch). */
  onBatchEnd?(): void;
  /** Called on every (re)connect and disconnect, for the upstream gauge. */
  onConnection?(isOpen: boolean): void;
  /** Called on every failed dial, drop without `end`, and when the stream is given up. */
  onError?(reason: UpstreamErrorReason): void;
}

const MAX_PENDING_TO_ENGINE = 64;

/**
 * A resumable reader of one thread's engine stream. On a drop without `end` it redials with
 * `after_seq` = the last delivered position and skips anything at or before it, so nothing
 * is delivered twice. Frames without `seq` (older engines, which always replay from the
 * start) are positioned by their index in the replay, so the same skip works for them.
 */
export class EngineStream {
  readonly #options: EngineStreamOptions;
  /** Set by {@link close}; an `AbortController` per stream costs more than the whole dial's JS. */
  #isAborted = false;
  /** Ends a backoff wait early when the stream is closed. */
  #wake: (() => void) | undefined;
  #socket: WebSocket | undefined;
  #delivered: number;
  #pending: { data: Buffer; isBinary: boolean }[] = [];

  constructor(options: EngineStreamOptions) {
    this.#options = options;
    this.#delivered = options.afterSeq;
  }

  /** The last delivered position (what a resume would send as `after_seq`). */
  get position(): number {
    return this.#delivered;
  }

  /** Sends a client frame to the engine (queued briefly while (re)connecting). */
  send(data: Buffer, isBinary: boolean): void {
    if (this.#socket?.readyState === 1) this.#socket.send(data, { binary: isBinary });
    else if (this.#pending.length < MAX_PENDING_TO_ENGINE) this.#pending.push({ data, isBinary });
  }

  /** Stops reading; {@link run} then resolves `aborted`. */
  close(): void {
    this.#isAborted = true;
    this.#wake?.();
    this.#socket?.close(1000);
  }

  /** Reads until `end`, abort, or the upstream is lost for good. */
  async run(): Promise<StreamOutcome> {
    const { reconnectAttempts, reconnectDelayMs } = this.#options;
    let failures = 0;
    for (;;) {
      if (this.#isAborted) return { kind: 'aborted' };
      let opened: OpenedUpstream;
      try {
        opened = await dialEngineStream(
          this.#options.engine,
          this.#options.target,
          this.#options.threadId,
          this.#delivered,
        );
      } catch (error) {
        const e = asEngineError(error);
        this.#options.onError?.('dial_failed');
        if (!e.isTransient || failures >= reconnectAttempts) return this.#lost(e);
        failures += 1;
        await this.#backoff(reconnectDelayMs * 2 ** (failures - 1));
        continue;
      }
      if (this.#isAborted) {
        opened.socket.close(1000);
        return { kind: 'aborted' };
      }
      const before = this.#delivered;
      const { sawEnd, code } = await this.#read(opened);
      if (sawEnd) return { kind: 'ended' };
      if (this.#isAborted) return { kind: 'aborted' };
      this.#options.onError?.('dropped');
      if (this.#delivered > before) failures = 0;
      if (failures >= reconnectAttempts) {
        return this.#lost(
          new SpecEngineError(
            'engine_unavailable',
            `the Spec Engine stream closed without 'end' (code ${code}) and could not be resumed`,
          ),
        );
      }
      failures += 1;
      await this.#backoff(reconnectDelayMs * 2 ** (failures - 1));
    }
  }

  #lost(error: SpecEngineError): StreamOutcome {
    this.#options.onError?.('lost');
    return { kind: 'lost', error };
  }

  async #backoff(ms: number): Promise<void> {
    if (this.#isAborted) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = undefined;
  }

  #read(opened: OpenedUpstream): Promise<{ sawEnd: boolean; code: number }> {
    const { socket, tap } = opened;
    this.#socket = socket;
    this.#options.onConnection?.(true);
    for (const p of this.#pending.splice(0)) socket.send(p.data, { binary: p.isBinary });
    const { onFrame, onBatchEnd } = this.#options;
    let index = 0;
    let sawEnd = false;
    return new Promise((resolve) => {
      tap.start({
        onData: (raw, headerBytes, isBinary) => {
          index += 1;
          const frame = readUpstreamFrame(raw, headerBytes, isBinary, index);
          if (frame.position <= this.#delivered) return;
          this.#delivered = frame.position;
          if (frame.kind === END_KIND) sawEnd = true;
          onFrame(frame);
        },
        onBatchEnd: () => onBatchEnd?.(),
      });
      socket.once('close', (code: number) => {
        this.#socket = undefined;
        this.#options.onConnection?.(false);
        resolve({ sawEnd, code: tap.failure?.code ?? code });
      });
    });
  }
}

function asEngineError(error: unknown): SpecEngineError {
  if (error instanceof SpecEngineError) return error;
  return new SpecEngineError('engine_unavailable', 'the Spec Engine stream failed', undefined, 5, {
    cause: error,
  });
}
