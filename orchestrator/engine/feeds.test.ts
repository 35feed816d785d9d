import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetricsRegistry } from '../../common/observability/index.js';
import { createSpecEngineClient } from './spec-engine-client.js';
import type { StreamOutcome, UpstreamFrame } from './stream.js';
import { type FeedDeps, ThreadFeeds } from './feeds.js';
import { createOrchestratorMetrics } from '../observability/metrics.js';
import { modernRun } from '../testing/frames.js';
import { type ScriptedEngine, startScriptedEngine } from '../testing/scripted-engine.js';
import { waitFor } from '../testing/stack.js';

const FINAL = { '/THE_SPEC/plan.md': ['# Plan'] };
const RUN = modernRun(FINAL, 120);
const ALL = RUN.map((s) => JSON.stringify(s.frame));

/** A reader collecting frame texts and its outcome. */
function reader(afterSeq = 0) {
  const frames: string[] = [];
  /** What each frame's parsed envelope said (replayed frames are parsed again from their bytes). */
  const envelopes: unknown[] = [];
  let resolveDone: (o: StreamOutcome) => void = () => {};
  const done = new Promise<StreamOutcome>((r) => {
    resolveDone = r;
  });
  return {
    frames,
    envelopes,
    done,
    subscriber: {
      afterSeq,
      onFrame(frame: UpstreamFrame) {
        frames.push(frame.payload.toString('utf8'));
        envelopes.push(frame.envelope());
        return true;
      },
      onFinish: (outcome: StreamOutcome) => resolveDone(outcome),
    },
  };
}

describe('ThreadFeeds: one engine upstream per thread for the finalizer and the viewers', () => {
  let engine: ScriptedEngine;
  const deps = (overrides: Partial<FeedDeps> = {}): FeedDeps => ({
    engine: createSpecEngineClient({ baseUrl: engine.url, pathPrefix: '/spec-engine' }),
    target: { baseUrl: engine.url, pathPrefix: '/spec-engine', maxFrameBytes: 16 * 1024 * 1024 },
    metrics: createOrchestratorMetrics(createMetricsRegistry('feeds_test', false)),
    reconnectAttempts: 2,
    reconnectDelayMs: 20,
    replayBufferBytes: 8 * 1024 * 1024,
    replayBudgetBytes: 64 * 1024 * 1024,
    ...overrides,
  });
  /** Starts the thread's scripted run now. */
  const run = (threadId: string) => engine.script(threadId, { steps: RUN });
  /** Starts the thread's run and a first reader on new feeds; resolves once it has read two frames. */
  async function readingTwo(threadId: string, overrides: Partial<FeedDeps> = {}) {
    const feeds = new ThreadFeeds(deps(overrides));
    run(threadId);
    const first = reader();
    feeds.subscribe(threadId, first.subscriber);
    await waitFor(() => first.frames.length >= 2, 5_000, 'two frames');
    return { feeds, first };
  }
  const dials = (threadId: string) =>
    engine.seen.filter((r) => r.method === 'WS' && r.path.endsWith(`/${threadId}`));

  beforeAll(async () => {
    engine = await startScriptedEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('replays to a late joiner from the shared upstream, and both read every frame once', async () => {
    const { feeds, first } = await readingTwo('t-share');
    const late = reader();
    expect(feeds.subscribe('t-share', late.subscriber).isShared).toBe(true);
    expect(await first.done).toEqual({ kind: 'ended' });
    expect(await late.done).toEqual({ kind: 'ended' });
    expect(first.frames).toEqual(ALL);
    expect(late.frames).toEqual(ALL);
    expect(late.envelopes).toEqual(RUN.map((s) => s.frame));
    expect(dials('t-share')).toHaveLength(1);
    expect(feeds.size).toBe(0);
    expect(feeds.replayBytes).toBe(0);
  });

  it('keeps reading for the remaining readers when one leaves mid-run', async () => {
    const feeds = new ThreadFeeds(deps());
    run('t-leave');
    const finalizer = reader();
    const viewer = reader();
    feeds.subscribe('t-leave', finalizer.subscriber);
    const viewing = feeds.subscribe('t-leave', viewer.subscriber);
    await waitFor(() => viewer.frames.length >= 1, 5_000, 'a frame');
    viewing.close();
    expect(await finalizer.done).toEqual({ kind: 'ended' });
    expect(finalizer.frames).toEqual(ALL);
    expect(viewer.frames.length).toBeLessThan(ALL.length);
  });

  it('closes the upstream when the last reader leaves', async () => {
    const feeds = new ThreadFeeds(deps());
    run('t-last');
    const only = reader();
    const subscription = feeds.subscribe('t-last', only.subscriber);
    await waitFor(() => engine.openStreams() > 0 && only.frames.length >= 1, 5_000, 'the upstream');
    subscription.close();
    await waitFor(() => feeds.size === 0, 5_000, 'the feed to end');
    expect(feeds.replayBytes).toBe(0);
  });

  it('gives a late joiner its own upstream once the replica replay budget is spent', async () => {
    const { feeds, first } = await readingTwo('t-budget', { replayBudgetBytes: 100 });
    expect(feeds.replayBytes).toBe(0);
    const late = reader();
    expect(feeds.subscribe('t-budget', late.subscriber).isShared).toBe(false);
    await Promise.all([first.done, late.done]);
    expect(late.frames).toEqual(ALL);
    expect(dials('t-budget')).toHaveLength(2);
  });

  it('serves a resume after a position the shared upstream has passed without replaying older frames', async () => {
    const { feeds, first } = await readingTwo('t-resume', { replayBufferBytes: 1 });
    // The per-feed bound dropped the replay: a resume from 0 cannot be served, one from the
    // feed's current position can (no frame arrives between these synchronous lines).
    const position = first.frames.length;
    const fromStart = reader(0);
    const resumed = reader(position);
    expect(feeds.subscribe('t-resume', resumed.subscriber).isShared).toBe(true);
    expect(feeds.subscribe('t-resume', fromStart.subscriber).isShared).toBe(false);
    await Promise.all([first.done, resumed.done, fromStart.done]);
    expect(resumed.frames).toEqual(ALL.slice(position));
    expect(fromStart.frames).toEqual(ALL);
  });
});
