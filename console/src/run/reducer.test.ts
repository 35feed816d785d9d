import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../../common/events/index.js';
import { reduceAll, reduceRun, settleFromProposal } from './reducer.js';
import { EMPTY_RUN } from './run-view.js';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:00:01.000Z';
const file = (lines: string[], modified = T0) => ({ content: lines, created_at: T0, modified_at: modified });

/** A run as the engine streams it: a message, a tool call, todos, files, then end. */
const RUN: EventEnvelope[] = [
  {
    seq: 1,
    event_type: 'on_state_update',
    data: { messages: [{ type: 'human', content: 'Plan a report' }] },
  },
  { seq: 2, event_type: 'on_llm_stream', data: { chunk: 'opaque' } },
  { seq: 3, event_type: 'on_tool_start', data: { name: 'write_file', input: { file_path: '/a.md' } } },
  { seq: 4, event_type: 'on_tool_end', data: { name: 'write_file', output: 'Updated file /a.md' } },
  {
    seq: 5,
    event_type: 'on_state_update',
    data: {
      messages: [
        { type: 'human', content: 'Plan a report' },
        { type: 'ai', content: '', tool_calls: [{ name: 'write_file' }] },
        { type: 'tool', content: 'Updated file /a.md', name: 'write_file' },
        { type: 'ai', content: 'I wrote the plan.' },
      ],
      todos: [
        { content: 'Write plan', status: 'completed' },
        { content: 'Review', status: 'in_progress' },
      ],
      files: { '/a.md': file(['# A']) },
    },
  },
  {
    seq: 6,
    event_type: 'on_state_update',
    data: { files: { '/a.md': file(['# A2'], T1), '/b.md': file([]) } },
  },
  { seq: 7, event_type: 'end', data: {} },
];

function describeLog(entries: ReturnType<typeof reduceAll>['entries']): string[] {
  return entries.map((e) => {
    switch (e.kind) {
      case 'message':
        return `${e.role}: ${e.text}`;
      case 'tool_start':
      case 'tool_end':
        return `${e.kind} ${e.tool} ${e.detail}`;
      case 'file':
        return `file ${e.path}${e.isNew ? ' (new)' : ' (changed)'}`;
      case 'status':
        return `status ${e.status}`;
      default:
        return `${e.kind} ${e.text}`;
    }
  });
}

describe('the run reducer', () => {
  it('shows messages, tool calls, todos, files as they appear, and the final status', () => {
    const view = reduceAll(RUN);
    expect(describeLog(view.entries)).toEqual([
      'human: Plan a report',
      'tool_start write_file {"file_path":"/a.md"}',
      'tool_end write_file Updated file /a.md',
      'ai: I wrote the plan.',
      'todos Todos 1/2 done; now: Review',
      'file /a.md (new)',
      'file /a.md (changed)',
      'file /b.md (new)',
      'status completed',
    ]);
    expect(view).toMatchObject({ status: 'completed', isOver: true, lastSeq: 7 });
    expect(Object.keys(view.files ?? {})).toEqual(['/a.md', '/b.md']);
  });

  it('shows nothing twice when a reconnect replays events it already has', () => {
    const firstPart = reduceAll(RUN.slice(0, 4));
    // The socket dropped after seq 4; the server replays from after_seq=4, but a
    // proxy may also resend from 1: both give the same log as one clean stream.
    const resumed = reduceAll(RUN, firstPart);
    expect(resumed.entries).toEqual(reduceAll(RUN).entries);
    expect(new Set(resumed.entries.map((e) => e.key)).size).toBe(resumed.entries.length);
  });

  it('marks a run failed by its error event, or by end with status failed', () => {
    const errored = reduceAll([
      { seq: 1, event_type: 'error', data: { error: 'model timed out', context: 'run' } },
      { seq: 2, event_type: 'end', data: {} },
    ]);
    expect(errored).toMatchObject({ status: 'failed', error: 'model timed out' });
    expect(reduceAll([{ seq: 1, event_type: 'end', data: { status: 'failed' } }]).status).toBe('failed');
  });

  it('ignores unknown event types, events after end, and reads string messages from older engines', () => {
    const view = reduceAll([
      { event_type: 'on_state_update', data: { messages: JSON.stringify([{ type: 'ai', content: 'hi' }]) } },
      { event_type: 'on_something_new', data: {} },
      { event_type: 'end', data: {} },
      { event_type: 'error', data: { error: 'late' } },
    ]);
    expect(describeLog(view.entries)).toEqual(['ai: hi', 'status completed']);
    expect(view.error).toBeUndefined();
  });

  it('takes the result and the error of a settled run from its proposal', () => {
    const live = reduceRun(EMPTY_RUN, RUN[0]!);
    const failed = settleFromProposal(live, {
      status: 'failed',
      generated_files: null,
      error: { error: 'the engine lost the run' },
    });
    expect(failed).toMatchObject({ status: 'failed', isOver: true, error: 'the engine lost the run' });
    expect(describeLog(failed.entries).slice(-2)).toEqual(['error the engine lost the run', 'status failed']);
    const done = settleFromProposal(live, {
      status: 'resolved',
      generated_files: { '/x.md': file(['x']) },
      error: null,
    });
    expect(done).toMatchObject({ status: 'completed', isOver: true });
    expect(Object.keys(done.files ?? {})).toEqual(['/x.md']);
    expect(settleFromProposal(live, { status: 'processing', generated_files: null, error: null })).toBe(live);
  });
});
