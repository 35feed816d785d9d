import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  errorBody,
  malformedEvents,
  type Protocol,
  type ScriptedTurn,
  streamEvents,
} from './provider-wire.js';

/** One scripted reaction of the provider to one request. */
export type ScriptStep =
  | ScriptedTurn
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly message: string;
      readonly headers?: Record<string, string>;
    }
  /** Accepts the request and never answers. */
  | { readonly kind: 'stall' }
  /** Sends the headers and the first event, then nothing more. */
  | { readonly kind: 'stall-after-start' }
  | { readonly kind: 'malformed' };

/** A request the provider received. */
export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

/** A running scripted provider (a real HTTP server: the allowed test double for an LLM). */
export interface ScriptedProvider {
  /** Base URL for `ANTHROPIC_BASE_URL`. */
  readonly url: string;
  /** Base URL for `OPENAI_BASE_URL`. */
  readonly openaiBaseUrl: string;
  readonly requests: ReceivedRequest[];
  /** Connections the client closed before the answer was complete. */
  readonly closedEarly: () => number;
  /** Resolves once `n` connections were closed early by the client. */
  waitForClosedEarly(n: number, timeoutMs?: number): Promise<void>;
  /** Appends steps to the script (a long-lived provider serving several tests). */
  enqueue(...more: ScriptStep[]): void;
  /** Resolves once `n` requests arrived. */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link startScriptedProvider}. */
export interface ScriptedProviderOptions {
  /** Pause between streamed events, so a client sees them arrive over time. @default 0 */
  readonly eventDelayMs?: number;
}

const FALLBACK: ScriptedTurn = { kind: 'text', text: 'Done.' };

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`scripted provider: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Starts an HTTP server on a free port that speaks one provider protocol
 * (`POST /v1/chat/completions` or `POST /v1/messages`) and answers each request with the next
 * step of `script` (a final text answer once the script is used up).
 */
export async function startScriptedProvider(
  protocol: Protocol,
  script: readonly ScriptStep[],
  options: ScriptedProviderOptions = {},
): Promise<ScriptedProvider> {
  const steps = [...script];
  const requests: ReceivedRequest[] = [];
  let closedEarly = 0;
  const expected = protocol === 'openai' ? '/v1/chat/completions' : '/v1/messages';

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (req.method !== 'POST' || req.url?.split('?')[0] !== expected) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      return;
    }
    requests.push({ path: req.url, headers: req.headers, body });
    res.on('close', () => {
      if (!res.writableFinished) closedEarly++;
    });
    const step = steps.shift() ?? FALLBACK;
    if (step.kind === 'stall') return;
    if (step.kind === 'status') {
      res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
      res.end(JSON.stringify(errorBody(protocol, step.status, step.message)));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    if (step.kind === 'malformed') {
      res.end(malformedEvents(protocol).join(''));
      return;
    }
    const events =
      step.kind === 'stall-after-start'
        ? streamEvents(protocol, FALLBACK, requests.length).slice(0, 1)
        : streamEvents(protocol, step, requests.length);
    for (const event of events) {
      if (res.destroyed) return;
      res.write(event);
      if (options.eventDelayMs) await new Promise((r) => setTimeout(r, options.eventDelayMs));
    }
    if (step.kind !== 'stall-after-start') res.end();
  }

  const server = createServer((req, res) => {
    answer(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    requests,
    closedEarly: () => closedEarly,
    enqueue: (...more) => {
      steps.push(...more);
    },
    waitForClosedEarly: (n, timeoutMs = 30_000) =>
      until(() => closedEarly >= n, timeoutMs, `${n} connection(s) closed by the client`),
    waitForRequests: (n, timeoutMs = 30_000) =>
      until(() => requests.length >= n, timeoutMs, `${n} request(s)`),
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The engine environment pointing at a scripted provider: the real provider client of that
 * protocol, a test key, and short limits so failures show within seconds.
 */
export function providerEnv(
  protocol: Protocol,
  provider: ScriptedProvider,
  env: Record<string, string> = {},
) {
  const common = { SPEC_ENGINE_MODEL_TIMEOUT_SECONDS: '5', SPEC_ENGINE_MODEL_RETRIES: '1', ...env };
  return protocol === 'openai'
    ? {
        SPEC_ENGINE_MODEL: 'openai:gpt-scripted',
        OPENAI_BASE_URL: provider.openaiBaseUrl,
        OPENAI_API_KEY: 'sk-test-secret-value-1234',
        ...common,
      }
    : {
        SPEC_ENGINE_MODEL: 'anthropic:claude-scripted',
        ANTHROPIC_BASE_URL: provider.url,
        ANTHROPIC_API_KEY: 'sk-ant-test-secret-value-1234',
        ...common,
      };
}
