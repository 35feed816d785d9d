import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import WebSocket from 'ws';
import type { AgentNode } from '../../common/agents/spec-builder-definition.js';
import type { Sql } from '../../common/db/index.js';
import { createLogger } from '../../common/observability/index.js';
import { loadConfig } from '../config.js';
import { type RunningEngine, startSpecEngine } from '../server.js';
import { checkSpecEngineAnswer } from './contract.js';

/** Options of {@link startTestEngine}. */
export interface TestEngineOptions {
  readonly databaseUrl: string;
  readonly env?: Record<string, string>;
  readonly createModel?: (node: AgentNode) => BaseChatModel;
}

/** Starts a real engine on a free port against the given database (silent logs). */
export async function startTestEngine(options: TestEngineOptions): Promise<RunningEngine> {
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: options.databaseUrl,
    SPEC_ENGINE_MODEL: 'offline',
    LOG_LEVEL: 'silent',
    // Teardown need not wait long for runs a test left going to reach a checkpoint.
    SPEC_ENGINE_DRAIN_SECONDS: '5',
    ...options.env,
  });
  return startSpecEngine({
    config,
    hostname: '127.0.0.1',
    logger: createLogger({ service: 'spec-engine-test', level: 'silent' }),
    ...(options.createModel ? { createModel: options.createModel } : {}),
  });
}

/** A parsed frame. */
export interface Frame {
  readonly event_type: string;
  readonly data: Record<string, unknown>;
  readonly seq: number;
  readonly thread_id: string;
  readonly ts: string;
}

/** Everything one WebSocket client received, and how the socket closed. */
export interface StreamResult {
  readonly frames: Frame[];
  readonly raw: string[];
  readonly closeCode: number;
}

/** Opens the stream of a thread and collects frames until the server closes it. */
export function collectStream(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<StreamResult> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws'), { headers });
    const raw: string[] = [];
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`stream ${url} did not close within ${timeoutMs} ms (${raw.length} frames)`));
    }, timeoutMs);
    ws.on('message', (data) => raw.push(String(data)));
    ws.on('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`upgrade refused with ${res.statusCode}`));
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve({ frames: raw.map((r) => JSON.parse(r) as Frame), raw, closeCode: code });
    });
  });
}

/** The status code with which an upgrade is refused (or 101 when it is accepted). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws'), { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.terminate();
    });
    ws.on('error', (error) => reject(error));
  });
}

/**
 * Sends a request and returns status and parsed JSON body, after checking the answer against
 * the committed OpenAPI document (so an answer that drifts from the contract fails the test).
 */
export async function requestJson(method: string, url: string, init: RequestInit = {}) {
  const res = await fetch(url, { ...init, method });
  const body = (await res.json()) as Record<string, unknown>;
  checkSpecEngineAnswer(method, url, res.status, body);
  return { status: res.status, body, headers: res.headers };
}

/** POSTs JSON (a string is sent as is) and returns status and parsed body. */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return requestJson('POST', url, {
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** GETs JSON and returns status and parsed body. */
export function getJson(url: string, headers: Record<string, string> = {}) {
  return requestJson('GET', url, { headers });
}

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** An invoke body with one user message. */
export function invokeBody(instructions: string, extra: Record<string, unknown> = {}) {
  return { input_payload: { messages: [{ role: 'user', content: instructions }] }, ...extra };
}

/** How many LangGraph checkpoints a thread has (each finished step writes one). */
export async function countCheckpoints(sql: Sql, threadId: string): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from checkpoints where thread_id = ${threadId}`;
  return row!.n;
}
