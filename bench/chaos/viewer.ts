import WebSocket from 'ws';

/** What one viewer of a run saw across all its connections. */
export interface ViewerRecord {
  /** Seqs received, in order, across reconnects. */
  readonly seqs: number[];
  /** Frames whose seq was not the next one (a gap or a repeat): each is a lost or doubled event. */
  violations: number;
  sawEnd: boolean;
  connections: number;
}

/** A live viewer the fault schedule can cut. */
export interface Viewer {
  readonly record: ViewerRecord;
  /** Drops the current socket without a close handshake; the viewer reconnects with `after_seq`. */
  cut(): boolean;
  /** Settles when the viewer saw `end`, was refused (run resolved) or gave up. */
  readonly done: Promise<void>;
}

/** Options of {@link watchRun}. */
export interface ViewerOptions {
  /** The socket URL of the thread on a replica chosen per connection. */
  readonly url: () => string;
  readonly token: string;
  /** Leaves after this many frames once (then comes back), as a person closing a tab does. */
  readonly leaveAfter?: number;
  readonly deadline: number;
}

/**
 * Watches a run like a browser: connects, and after any drop (or leaving on purpose) reconnects
 * to a replica with `after_seq` = the last seq it saw. Every seq must be exactly the next one.
 */
export function watchRun(options: ViewerOptions): Viewer {
  const record: ViewerRecord = { seqs: [], violations: 0, sawEnd: false, connections: 0 };
  let socket: WebSocket | undefined;
  let leaveAfter = options.leaveAfter;
  const connectOnce = () =>
    new Promise<'ended' | 'dropped' | 'refused'>((resolve) => {
      const last = record.seqs.at(-1) ?? 0;
      const url = `${options.url()}${last > 0 ? `?after_seq=${last}` : ''}`;
      record.connections += 1;
      const ws = new WebSocket(url, ['bearer', options.token], { maxPayload: 32 * 1024 * 1024 });
      socket = ws;
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { event_type: string; seq?: number };
        if (typeof frame.seq !== 'number') return; // the proxy's own upstream_lost frame
        const expected = (record.seqs.at(-1) ?? 0) + 1;
        if (frame.seq !== expected) record.violations += 1;
        record.seqs.push(frame.seq);
        if (frame.event_type === 'end') record.sawEnd = true;
        if (leaveAfter !== undefined && record.seqs.length >= leaveAfter) {
          leaveAfter = undefined;
          ws.close(1000);
        }
      });
      ws.on('unexpected-response', (_req, res) => {
        res.resume();
        ws.terminate();
        // 410: the run is resolved and the proposal holds its result; 404 after a cleanup.
        resolve(res.statusCode === 410 || res.statusCode === 404 ? 'refused' : 'dropped');
      });
      ws.on('error', () => resolve('dropped'));
      ws.on('close', () => resolve(record.sawEnd ? 'ended' : 'dropped'));
    });
  const done = (async () => {
    while (Date.now() < options.deadline) {
      const result = await connectOnce();
      if (result !== 'dropped') return;
      await new Promise((r) => setTimeout(r, 300));
    }
  })();
  return {
    record,
    done,
    cut() {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.terminate();
      return true;
    },
  };
}
