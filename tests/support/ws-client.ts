import WebSocket from 'ws';

/** One event frame as the services send it (DESIGN §3.1). */
export interface EventFrame {
  readonly event_type: string;
  readonly data: Record<string, unknown>;
  readonly seq?: number;
  readonly thread_id?: string;
  readonly ts?: string;
}

/** Everything a socket received until it closed, or the HTTP status that refused the upgrade. */
export interface StreamResult {
  readonly frames: EventFrame[];
  readonly closeCode: number | undefined;
  /** Set when the server refused the upgrade. */
  readonly rejectedStatus: number | undefined;
  /** The subprotocol the server selected. */
  readonly protocol: string;
}

/** Options for {@link readStream}. */
export interface ReadStreamOptions {
  /** Sent as the `bearer, <token>` subprotocol, as a browser does. */
  readonly token?: string;
  readonly headers?: Record<string, string>;
  /** Fails the read when the socket has not closed by then. @default 60_000 */
  readonly timeoutMs?: number;
  /** Called for each frame as it arrives. */
  readonly onFrame?: (frame: EventFrame, socket: WebSocket) => void;
}

/**
 * Opens a WebSocket and collects its JSON frames until the server closes it (after `end`),
 * the way a browser client watches a refinement.
 */
export function readStream(url: string, options: ReadStreamOptions = {}): Promise<StreamResult> {
  const protocols = options.token ? ['bearer', options.token] : [];
  const socket = new WebSocket(url, protocols, {
    headers: options.headers ?? {},
    maxPayload: 32 * 1024 * 1024,
  });
  const frames: EventFrame[] = [];
  return new Promise<StreamResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(
        new Error(`no close after ${options.timeoutMs ?? 60_000} ms on ${url}; got ${frames.length} frames`),
      );
    }, options.timeoutMs ?? 60_000);
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as EventFrame;
      frames.push(frame);
      options.onFrame?.(frame, socket);
    });
    socket.on('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      res.resume();
      resolve({ frames, closeCode: undefined, rejectedStatus: res.statusCode, protocol: '' });
      socket.terminate();
    });
    socket.on('close', (code) => {
      clearTimeout(timer);
      resolve({ frames, closeCode: code, rejectedStatus: undefined, protocol: socket.protocol });
    });
    socket.on('error', (error) => {
      if (socket.readyState === WebSocket.CLOSED) return;
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** The files of the last `on_state_update` carrying `data.files` (the run's result). */
export function lastFiles(frames: readonly EventFrame[]): Record<string, unknown> | undefined {
  const updates = frames.filter((f) => f.event_type === 'on_state_update' && f.data && 'files' in f.data);
  return updates.at(-1)?.data.files as Record<string, unknown> | undefined;
}
