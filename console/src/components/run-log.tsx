import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { LogEntry, RunView } from '../run/index.js';

/** Below this many entries every row is in the page; above it only the visible rows are. */
const VIRTUALIZE_AFTER = 200;
const ROW_PX = 24;

function lineOf(entry: LogEntry): string {
  switch (entry.kind) {
    case 'message':
      return `${entry.role === 'ai' ? 'Agent' : entry.role === 'human' ? 'You' : entry.role}: ${entry.text}`;
    case 'tool_start':
      return `▶ ${entry.tool} ${entry.detail}`;
    case 'tool_end':
      return `✓ ${entry.tool} ${entry.detail}`;
    case 'todos':
      return entry.text;
    case 'file':
      return `${entry.isNew ? 'New file' : 'Changed file'} ${entry.path}`;
    case 'error':
      return `Error: ${entry.text}`;
    case 'status':
      return `Run ${entry.status}`;
  }
}

function Row({ entry, style }: { entry: LogEntry; style?: React.CSSProperties }) {
  return (
    <div className={`log-row log-${entry.kind}`} data-key={entry.key} style={style}>
      {lineOf(entry)}
    </div>
  );
}

/** The live log of a run (`role="log"`), virtualized for long runs and kept scrolled to the end. */
export function RunLog({ view }: { view: RunView }) {
  const scroller = useRef<HTMLDivElement>(null);
  const entries = view.entries;
  const isVirtual = entries.length > VIRTUALIZE_AFTER;
  const virtualizer = useVirtualizer({
    count: isVirtual ? entries.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 20,
  });
  useEffect(() => {
    const el = scroller.current;
    if (el && entries.length > 0) el.scrollTop = el.scrollHeight;
  }, [entries.length]);
  return (
    // A scrolling region must take focus so keyboard users can scroll it (WCAG 2.1.1).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls; focus is how a keyboard scrolls it
    <div className="run-log" ref={scroller} role="log" aria-label="Run log" aria-live="polite" tabIndex={0}>
      {isVirtual ? (
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => (
            <Row
              key={entries[item.index]!.key}
              entry={entries[item.index]!}
              style={{
                position: 'absolute',
                top: 0,
                transform: `translateY(${item.start}px)`,
                height: ROW_PX,
              }}
            />
          ))}
        </div>
      ) : (
        entries.map((entry) => <Row key={entry.key} entry={entry} />)
      )}
    </div>
  );
}
