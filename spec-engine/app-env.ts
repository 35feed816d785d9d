import type { FrameSink } from './events/follow.js';
import type { RunService } from './runs/service.js';

/** What the app puts on every request's context. */
export interface AppEnv {
  Variables: {
    runs: RunService;
    /** Follows a thread's events into a sink (replay, then live); resolves to a stop function. */
    follow: (threadId: string, afterSeq: number, sink: FrameSink) => Promise<() => void>;
  };
}
