import type { Sql } from '../../common/db/index.js';
import { encodeEnvelope, type KnownEventType } from '../../common/events/index.js';
import type { EventBus } from './fanout.js';
import { appendEvent } from './log.js';

/** Options of a {@link RunEmitter}. */
export interface EmitterOptions {
  readonly sql: Sql;
  readonly bus: EventBus;
  readonly threadId: string;
  /** The seq the next event gets (1 for a new thread, last + 1 on resume). */
  readonly nextSeq: number;
  /** The run's attempt (fencing token); events of an older attempt are refused. */
  readonly attempt?: number;
  /** Called once when the run was deleted (or taken over by a newer attempt) while it ran. */
  readonly onGone: () => void;
  /** Flush coalesced model output after this many characters. @default 512 */
  readonly llmFlushChars?: number;
  /** …or after this many milliseconds. @default 50 */
  readonly llmFlushMs?: number;
}

/**
 * Numbers a run's events, persists each one and then publishes it, strictly in order. Seqs
 * are assigned synchronously at `emit`, so callbacks and stream chunks interleave without
 * reordering. Model tokens are coalesced into one `on_llm_stream` per burst.
 */
export class RunEmitter {
  readonly #o: EmitterOptions;
  #seq: number;
  #chain: Promise<void> = Promise.resolve();
  #failure: unknown;
  #isGone = false;
  #llmText = '';
  #llmMeta: Record<string, unknown> = {};
  #llmTimer: NodeJS.Timeout | undefined;

  constructor(options: EmitterOptions) {
    this.#o = options;
    this.#seq = options.nextSeq;
  }

  /** The seq of the last event emitted (0 when none). */
  get lastSeq(): number {
    return this.#seq - 1;
  }

  /** True once the run turned out to be deleted. */
  get isGone(): boolean {
    return this.#isGone;
  }

  /** Emits one event (after any pending model output). */
  emit(eventType: KnownEventType, data: Record<string, unknown>): void {
    this.#flushLlm();
    this.#write(eventType, data);
  }

  /** Adds model output to the current `on_llm_stream` burst. */
  llm(text: string, meta: Record<string, unknown>): void {
    if (!text) return;
    if (this.#llmText && meta.node !== this.#llmMeta.node) this.#flushLlm();
    this.#llmText += text;
    this.#llmMeta = meta;
    if (this.#llmText.length >= (this.#o.llmFlushChars ?? 512)) this.#flushLlm();
    else this.#llmTimer ??= setTimeout(() => this.#flushLlm(), this.#o.llmFlushMs ?? 50);
  }

  /** Waits until every emitted event is stored and published; throws the first storage error. */
  async drain(): Promise<void> {
    this.#flushLlm();
    await this.#chain;
    if (this.#failure) throw this.#failure;
  }

  #flushLlm(): void {
    if (this.#llmTimer) clearTimeout(this.#llmTimer);
    this.#llmTimer = undefined;
    if (!this.#llmText) return;
    const data = { content: this.#llmText, ...this.#llmMeta };
    this.#llmText = '';
    this.#write('on_llm_stream', data);
  }

  #write(eventType: KnownEventType, data: Record<string, unknown>): void {
    const seq = this.#seq++;
    const { threadId, sql, bus } = this.#o;
    const frame = encodeEnvelope({
      event_type: eventType,
      data,
      seq,
      thread_id: threadId,
      ts: new Date().toISOString(),
    });
    this.#chain = this.#chain.then(async () => {
      if (this.#isGone || this.#failure) return;
      try {
        const stored = await appendEvent(sql, threadId, { seq, eventType, frame }, this.#o.attempt);
        if (!stored) {
          this.#isGone = true;
          this.#o.onGone();
          return;
        }
        bus.publish(threadId, { seq, eventType, frame });
      } catch (error) {
        this.#failure = error;
      }
    });
  }
}
