import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventEnvelope } from '../../common/events/envelope.js';
import { modernRun } from '../testing/frames.js';
import { type Stack, startStack } from '../testing/stack.js';
import { signTestToken } from '../testing/tokens.js';
import {
  ApiClientError,
  createOrchestratorClient,
  draftFileParam,
  readOk,
  type WebSocketConstructor,
  type WebSocketLike,
  WatchError,
  watchRefinement,
} from './index.js';

const FINAL = { '/THE_SPEC/plan.md': ['# Plan', 'step 1'] };

/**
 * `ws` sockets that misbehave on purpose: the first connection shows only `dropAfter` frames
 * (frames replayed in one burst would otherwise still arrive), then drops without a close frame.
 */
function droppingWebSocket(dropAfter: number, opts: { replayFromStart?: boolean } = {}) {
  const urls: string[] = [];
  class Dropping implements WebSocketLike {
    readonly #socket: WebSocket;
    readonly #isFirst: boolean;
    #seen = 0;
    constructor(url: string, protocols: string[]) {
      this.#isFirst = urls.length === 0;
      urls.push(url);
      // Asking from the start again makes the server replay what was already seen.
      this.#socket = new WebSocket(
        opts.replayFromStart ? url.replace(/\?after_seq=\d+$/, '') : url,
        protocols,
      );
    }
    get protocol(): string {
      return this.#socket.protocol;
    }
    addEventListener(type: 'open' | 'message' | 'error' | 'close', listener: (event: never) => void): void {
      const call = listener as (event: unknown) => void;
      if (type !== 'message' || !this.#isFirst) {
        this.#socket.addEventListener(type, call);
        return;
      }
      this.#socket.addEventListener('message', (event) => {
        if (this.#seen >= dropAfter) return;
        this.#seen += 1;
        call(event);
        if (this.#seen === dropAfter) this.#socket.terminate();
      });
    }
    close(code?: number, reason?: string): void {
      this.#socket.close(code, reason);
    }
  }
  return { Ctor: Dropping as unknown as WebSocketConstructor, urls };
}

async function collect(iterable: AsyncGenerator<EventEnvelope, string>) {
  const events: EventEnvelope[] = [];
  for (;;) {
    const next = await iterable.next();
    if (next.done) return { events, outcome: next.value };
    events.push(next.value);
  }
}

describe('orchestrator/client', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack('orch_client', {
      engine: { script: { steps: modernRun(FINAL, 40), state: { status: 'completed' } } },
    });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('creates, reads and lists workflows and writes draft files through typed calls', async () => {
    const token = await signTestToken({ sub: 'client-alice' });
    const api = createOrchestratorClient({ baseUrl: s.baseUrl, token: () => token });
    const created = await readOk(api.workflows.$post({ json: { name: 'welcome emails' } }));
    expect(created.name).toBe('welcome emails');
    const read = await readOk(api.workflows[':id'].$get({ param: { id: created.id } }));
    expect(read).toEqual(created);
    const listed = await readOk(api.workflows.$get({ query: {} }));
    expect(listed.workflows.map((w) => w.id)).toContain(created.id);
    const written = await readOk(
      api.workflows[':id'].draft.files[':path{.+}'].$put({
        param: { id: created.id, path: draftFileParam('/THE_SPEC/a plan #1.md') },
        json: { content: 'line 1\nline 2' },
      }),
    );
    expect(written.path).toBe('/THE_SPEC/a plan #1.md');
    const draft = await readOk(api.workflows[':id'].draft.$get({ param: { id: created.id } }));
    expect(draft.files['/THE_SPEC/a plan #1.md']?.content).toEqual(['line 1', 'line 2']);
  });

  it('deletes a workflow through the typed call: undefined for the 204, then 404', async () => {
    const token = await signTestToken({ sub: 'client-alice' });
    const api = createOrchestratorClient({ baseUrl: s.baseUrl, token });
    const { id } = await readOk(api.workflows.$post({ json: { name: 'short-lived' } }));
    expect(await readOk(api.workflows[':id'].$delete({ param: { id } }))).toBeUndefined();
    await expect(readOk(api.workflows[':id'].$get({ param: { id } }))).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });

  it('turns an error answer into ApiClientError with the status and code', async () => {
    const api = createOrchestratorClient({ baseUrl: s.baseUrl, token: await signTestToken({ sub: 'x' }) });
    const missing = api.workflows[':id'].$get({ param: { id: '00000000-0000-4000-8000-000000000000' } });
    await expect(readOk(missing)).rejects.toMatchObject({ status: 404, code: 'not_found' });
    const anonymous = createOrchestratorClient({ baseUrl: s.baseUrl });
    const refused = await readOk(anonymous.workflows.$get({ query: {} })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiClientError);
    expect(refused).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('watches a refinement to end with the bearer subprotocol', async () => {
    const { threadId } = await s.refine('client-alice');
    const token = await signTestToken({ sub: 'client-alice' });
    const watched = await collect(
      watchRefinement({ baseUrl: s.baseUrl, threadId, token, WebSocket: WebSocket as WebSocketConstructor }),
    );
    expect(watched.outcome).toBe('end');
    expect(watched.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(watched.events.at(-1)?.event_type).toBe('end');
  });

  it('resumes after a drop with after_seq and yields every event once', async () => {
    const { threadId } = await s.refine('client-alice');
    const token = await signTestToken({ sub: 'client-alice' });
    const { Ctor, urls } = droppingWebSocket(2);
    const watched = await collect(
      watchRefinement({ baseUrl: s.baseUrl, threadId, token, WebSocket: Ctor, reconnectDelayMs: 10 }),
    );
    expect(watched.outcome).toBe('end');
    expect(watched.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(urls[1]).toMatch(/\?after_seq=2$/);
  });

  it('skips events it already yielded when a resumed stream replays them', async () => {
    const { threadId } = await s.refine('client-alice');
    const token = await signTestToken({ sub: 'client-alice' });
    const { Ctor, urls } = droppingWebSocket(3, { replayFromStart: true });
    const watched = await collect(
      watchRefinement({ baseUrl: s.baseUrl, threadId, token, WebSocket: Ctor, reconnectDelayMs: 10 }),
    );
    expect(urls).toHaveLength(2);
    expect(watched.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('stops with WatchError for a thread the user cannot see, without retrying', async () => {
    const { threadId } = await s.refine('client-alice');
    const bob = await signTestToken({ sub: 'client-bob' });
    const { Ctor, urls } = droppingWebSocket(99);
    const error = await collect(
      watchRefinement({ baseUrl: s.baseUrl, threadId, token: bob, WebSocket: Ctor }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WatchError);
    expect(error).toMatchObject({ code: 'refused', status: 404 });
    expect(urls).toHaveLength(1);
  });
});
