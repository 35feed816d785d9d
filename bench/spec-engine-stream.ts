/**
 * Spec Engine benchmark (`npm run bench:spec-engine`), loopback only, bounded (~1 min):
 *  1. invoke → first event latency, against a floor baseline measured side by side: an HTTP
 *     POST to a bare Hono app plus a WebSocket to a raw `ws` server that sends one frame.
 *  2. fan-out of one run to 1,000 WebSocket subscribers (frames/s delivered), against a raw
 *     `ws` broadcast of the same frames to 1,000 clients.
 * Uses PostgreSQL at `DATABASE_URL`'s server (default the local 127.0.0.1:5432) in a
 * throwaway database, the offline model and the in-process queue.
 */
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import postgres from 'postgres';
import WebSocket, { WebSocketServer } from 'ws';
import { withDatabase } from '../common/db/index.js';
import { OfflineChatModel } from '../spec-engine/agent/offline-model.js';
import { collectStream, invokeBody, postJson, startTestEngine } from '../spec-engine/testing/harness.js';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const LATENCY_RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 20);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Opens a socket and resolves with the time its first frame arrived. */
function firstFrame(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('message', () => {
      resolve(performance.now());
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** Connects `n` clients; resolves when all are open, with a promise of all of them closing. */
async function connectMany(url: string, n: number): Promise<{ closed: Promise<number> }> {
  let frames = 0;
  const closes: Promise<void>[] = [];
  const opens: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const ws = new WebSocket(url);
    ws.on('message', () => frames++);
    opens.push(
      new Promise((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      }),
    );
    closes.push(new Promise((resolve) => ws.once('close', () => resolve())));
  }
  await Promise.all(opens);
  return { closed: Promise.all(closes).then(() => frames) };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  const dbName = `bench_spec_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${dbName}"`);
  let release: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  const engine = await startTestEngine({
    databaseUrl: withDatabase(adminUrl, dbName),
    createModel: () => new OfflineChatModel({ beforeStep: () => gate }),
  });
  const base = `${engine.url}/spec-engine`;
  const wsBase = base.replace(/^http/, 'ws');

  // Baseline servers: a bare Hono POST and a raw ws server sending one frame on connect.
  const bare = new Hono().post('/invoke', (c) => c.json({ thread_id: 'x', status: 'started' }));
  const bareServer = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => bareServer.once('listening', r));
  const barePort = (bareServer.address() as AddressInfo).port;
  const raw = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => raw.once('listening', r));
  const rawUrl = `ws://127.0.0.1:${(raw.address() as AddressInfo).port}`;

  // 1. invoke → first event.
  const engineLatency: number[] = [];
  const baseLatency: number[] = [];
  raw.on('connection', (ws) => ws.send('{"event_type":"on_state_update","data":{}}'));
  for (let i = 0; i < LATENCY_RUNS; i++) {
    let t0 = performance.now();
    const { body } = await postJson(
      `${base}/invoke`,
      invokeBody(`Benchmark run ${i}: collect data, then report.`),
    );
    engineLatency.push((await firstFrame(`${wsBase}/stream/${body.thread_id}`)) - t0);
    // Measure an idle engine: let this run finish before the next invoke.
    await collectStream(`${base}/stream/${body.thread_id}`);
    t0 = performance.now();
    await postJson(`http://127.0.0.1:${barePort}/invoke`, invokeBody('x'));
    baseLatency.push((await firstFrame(rawUrl)) - t0);
  }
  raw.removeAllListeners('connection');

  // 2. Fan-out: hold the run at its first model step until every subscriber is connected.
  gate = new Promise<void>((r) => (release = r));
  const { body } = await postJson(
    `${base}/invoke`,
    invokeBody('Fan-out run: ingest feeds, then publish a digest.'),
  );
  const subs = await withTimeout(
    connectMany(`${wsBase}/stream/${body.thread_id}`, SUBSCRIBERS),
    60_000,
    'connecting',
  );
  let t0 = performance.now();
  release();
  gate = Promise.resolve();
  const engineFrames = await withTimeout(subs.closed, 60_000, 'engine fan-out');
  const engineSeconds = (performance.now() - t0) / 1000;
  const perRun = engineFrames / SUBSCRIBERS;

  // Baseline: the same number of frames per client, broadcast by a raw ws server, then closed with 1000.
  const frame = JSON.stringify({ event_type: 'on_llm_stream', data: { content: 'x'.repeat(2000) }, seq: 1 });
  const rawSubs = await withTimeout(connectMany(rawUrl, SUBSCRIBERS), 60_000, 'raw connecting');
  t0 = performance.now();
  for (let i = 0; i < Math.round(perRun); i++) {
    for (const client of raw.clients) client.send(frame);
    await new Promise((r) => setImmediate(r));
  }
  for (const client of raw.clients) client.close(1000);
  const rawFrames = await withTimeout(rawSubs.closed, 60_000, 'raw fan-out');
  const rawSeconds = (performance.now() - t0) / 1000;

  const p50 = percentile(engineLatency, 50);
  const bp50 = percentile(baseLatency, 50);
  const engineRate = engineFrames / engineSeconds;
  const rawRate = rawFrames / rawSeconds;
  console.log(`machine: ${os.cpus().length} cores, Node ${process.version}`);
  console.log(
    `invoke → first event: p50 ${p50.toFixed(1)} ms, p95 ${percentile(engineLatency, 95).toFixed(1)} ms` +
      ` | baseline (bare POST + raw ws first frame) p50 ${bp50.toFixed(1)} ms | ratio ${(p50 / bp50).toFixed(1)}x`,
  );
  console.log(
    `fan-out to ${SUBSCRIBERS} subscribers: ${engineFrames} frames (${perRun.toFixed(0)} per run) in ${engineSeconds.toFixed(2)} s` +
      ` = ${Math.round(engineRate)} frames/s | raw ws broadcast ${Math.round(rawRate)} frames/s | ratio ${(engineRate / rawRate).toFixed(2)}`,
  );

  raw.close();
  bareServer.close();
  await engine.stop();
  await admin.unsafe(`drop database "${dbName}" with (force)`);
  await admin.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
