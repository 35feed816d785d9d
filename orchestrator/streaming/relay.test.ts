import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createMetricsRegistry } from '../../common/observability/index.js';
import { createSpecEngineClient } from '../engine/spec-engine-client.js';
import { ThreadFeeds } from '../engine/feeds.js';
import { OPCODE } from '../engine/frame-reader.js';
import { createOrchestratorMetrics } from '../observability/metrics.js';
import { RefinementProxy } from './proxy.js';
import { type RawEngine, type RawScript, startRawEngine } from '../testing/raw-engine.js';
import { serverFrame } from '../testing/server-frame.js';
import { waitFor } from '../testing/stack.js';

const MAX = 16 * 1024 * 1024;

const frame = serverFrame;

const envelope = (seq: number, type = 'on_llm_stream', chunk = 'c') =>
  JSON.stringify({ event_type: type, data: type === 'end' ? { status: 'completed' } : { chunk }, seq });
const closeFrame = (code: number) => {
  const body = Buffer.alloc(2);
  body.writeUInt16BE(code);
  return frame(body, { opcode: OPCODE.close });
};

/** What a browser got: its messages, close code and every byte its TCP socket read. */
async function watch(url: string) {
  const ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024, perMessageDeflate: false });
  const messages: string[] = [];
  const chunks: Buffer[] = [];
  ws.on('message', (data: Buffer) => messages.push(data.toString('utf8')));
  ws.on('upgrade', (res) => res.socket.on('data', (chunk: Buffer) => chunks.push(chunk)));
  const code = await new Promise<number>((resolve, reject) => {
    ws.once('close', resolve);
    ws.once('error', reject);
  });
  return { messages, code, bytes: Buffer.concat(chunks) };
}

describe('relaying engine frames to browsers as the same bytes', () => {
  let scripts: Map<string, RawScript>;
  let engine: RawEngine;
  let server: Server;
  let proxy: RefinementProxy;
  let url: string;
  beforeAll(async () => {
    scripts = new Map();
    engine = await startRawEngine((socket, dial) => scripts.get(dial.threadId)?.(socket, dial));
    const metrics = createOrchestratorMetrics(createMetricsRegistry('relay_test', false));
    const feeds = new ThreadFeeds({
      engine: createSpecEngineClient({ baseUrl: engine.url, pathPrefix: '/spec-engine' }),
      target: { baseUrl: engine.url, pathPrefix: '/spec-engine', maxFrameBytes: MAX },
      metrics,
      reconnectAttempts: 2,
      reconnectDelayMs: 20,
      replayBufferBytes: 8 * 1024 * 1024,
      replayBudgetBytes: 64 * 1024 * 1024,
    });
    proxy = new RefinementProxy({
      feeds,
      metrics,
      maxBufferedBytes: 64 * 1024 * 1024,
      heartbeatMs: 30_000,
      idleTimeoutMs: 60_000,
      maxSessionMs: 600_000,
    });
    // The browser side as the service wires it, minus the HTTP auth in front (tested elsewhere).
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX, perMessageDeflate: false });
    server = createServer();
    server.on('upgrade', (req, socket, head) => {
      const at = new URL(req.url ?? '/', 'http://proxy');
      wss.handleUpgrade(req, socket, head, (ws) => {
        const viewer = proxy.attach(ws, {
          threadId: at.pathname.slice(1),
          afterSeq: Number(at.searchParams.get('after_seq') ?? 0),
          log: pino({ level: 'silent' }),
        });
        ws.on('message', (data: Buffer, isBinary: boolean) => proxy.receive(viewer, data, isBinary));
        ws.on('close', (code) => proxy.detach(viewer, code));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => scripts.clear());
  afterAll(async () => {
    proxy?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await engine?.close();
  });

  /** Writes `bytes` in one write, then (when asked) closes like an engine that finished. */
  const writeAll = (bytes: Buffer) => (socket: Duplex) => {
    socket.write(bytes);
  };

  it('forwards several frames of one read as the same bytes, answering the engine ping in between itself', async () => {
    const frames = [frame(envelope(1)), frame(envelope(2, 'on_state_update')), frame(envelope(3, 'end'))];
    const pongsBefore = engine.pongs();
    scripts.set(
      't-batch',
      writeAll(Buffer.concat([frames[0]!, frame('hi', { opcode: OPCODE.ping }), frames[1]!, frames[2]!])),
    );
    const got = await watch(`${url}/t-batch`);
    expect(got.code).toBe(1000);
    expect(got.messages).toEqual([envelope(1), envelope(2, 'on_state_update'), envelope(3, 'end')]);
    // The browser's TCP stream: the engine's frames byte for byte (no ping), then the close frame.
    const relayed = Buffer.concat(frames);
    expect(got.bytes.subarray(0, relayed.length).equals(relayed)).toBe(true);
    expect(got.bytes.subarray(relayed.length, relayed.length + 2).equals(Buffer.from([0x88, 0x05]))).toBe(
      true,
    );
    await waitFor(() => engine.pongs() > pongsBefore, 5_000, 'the pong');
  });

  it('reads frames split across TCP reads (small pieces with pauses) and forwards each whole', async () => {
    const texts = [
      envelope(1, 'on_llm_stream', 'a'.repeat(100)),
      envelope(2, 'on_llm_stream', 'b'.repeat(70_000)),
      envelope(3, 'end'),
    ];
    const stream = Buffer.concat(texts.map((t) => frame(t)));
    scripts.set('t-split', async (socket) => {
      for (let at = 0; at < stream.length; at += at < 300 ? 7 : 16_384) {
        socket.write(stream.subarray(at, Math.min(stream.length, at + (at < 300 ? 7 : 16_384))));
        await sleep(2);
      }
    });
    const got = await watch(`${url}/t-split`);
    expect(got.code).toBe(1000);
    expect(got.messages).toEqual(texts);
    expect(got.bytes.subarray(0, stream.length).equals(stream)).toBe(true);
  });

  it('joins a fragmented message, with control frames between its fragments, into one frame', async () => {
    const joined = envelope(1, 'on_llm_stream', 'joined');
    scripts.set(
      'fragmented',
      writeAll(
        Buffer.concat([
          frame(joined.slice(0, 10), { fin: false }),
          frame('p', { opcode: OPCODE.ping }),
          frame(joined.slice(10, 20), { opcode: OPCODE.continuation, fin: false }),
          frame('', { opcode: OPCODE.pong }),
          frame(joined.slice(20), { opcode: OPCODE.continuation }),
          frame(envelope(2, 'end')),
        ]),
      ),
    );
    const got = await watch(`${url}/fragmented`);
    expect(got.messages).toEqual([joined, envelope(2, 'end')]);
    const relayed = Buffer.concat([frame(joined), frame(envelope(2, 'end'))]);
    expect(got.bytes.subarray(0, relayed.length).equals(relayed)).toBe(true);
  });

  it('relays a 16 MiB frame as the same bytes', async () => {
    const big = frame(envelope(1, 'on_state_update', 'x'.repeat(MAX - 100)));
    scripts.set('t-big', writeAll(Buffer.concat([big, frame(envelope(2, 'end'))])));
    const got = await watch(`${url}/t-big`);
    expect(got.code).toBe(1000);
    expect(got.messages).toHaveLength(2);
    expect(got.bytes.subarray(0, big.length).equals(big)).toBe(true);
  });

  it('closes 1000 after an end in the middle of a read: nothing after it reaches the browser', async () => {
    scripts.set(
      't-end-mid',
      writeAll(Buffer.concat([frame(envelope(1)), frame(envelope(2, 'end')), frame(envelope(3))])),
    );
    const got = await watch(`${url}/t-end-mid`);
    expect(got.code).toBe(1000);
    expect(got.messages).toEqual([envelope(1), envelope(2, 'end')]);
  });

  it('delivers the frames before an engine close in the middle of a read, then resumes after them', async () => {
    scripts.set('t-close-mid', (socket, dial) => {
      if (dial.index === 0)
        socket.write(
          Buffer.concat([frame(envelope(1)), frame(envelope(2)), closeFrame(1001), frame(envelope(9))]),
        );
      else socket.write(frame(envelope(3, 'end')));
    });
    const got = await watch(`${url}/t-close-mid`);
    expect(got.code).toBe(1000);
    expect(got.messages).toEqual([envelope(1), envelope(2), envelope(3, 'end')]);
    expect(engine.dials.filter((d) => d.threadId === 't-close-mid').map((d) => d.afterSeq)).toEqual([0, 2]);
  });
});
