// The virtualized transcript: dynamic row heights, follows the stream while the user is at the bottom.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TranscriptRow as Row } from '../../stores/transcriptRows';
import { useUi } from '../../stores/ui';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { TranscriptRow } from './TranscriptRow';

const estimates: Record<Row['kind'], number> = {
  user: 64,
  pendingUser: 64,
  assistant: 140,
  reasoning: 40,
  tool: 60,
  stream: 80,
  compaction: 40,
  note: 48,
  error: 64,
  usage: 28,
  approval: 220,
};

/** Distance from the bottom (px) that still counts as "at the bottom" for auto-follow. */
const FOLLOW_THRESHOLD = 64;

/**
 * `getItemKey` for the virtualizer whose identity changes only when the list of row keys does: a new function
 * makes the virtualizer recompute every row's position, which a streaming frame (same rows, longer text) need not.
 */
function useRowKeys(rows: Row[]): (index: number) => string {
  const joined = rows.map((r) => r.key).join('\u0000');
  return useMemo(() => {
    const keys = joined.split('\u0000');
    return (index: number) => keys[index]!;
  }, [joined]);
}

/** Props of {@link Transcript}. */
export interface TranscriptProps {
  rows: Row[];
  sessionId: string | null;
  /** Changes when the user starts a turn; the view then jumps to the bottom even if scrolled up. */
  activeTurnId: string | null;
  pendingCount: number;
  onRetry: () => void;
  /** Whether older entries are all loaded, still coming, or failed to load (a pill at the top says so). */
  history: 'complete' | 'loading' | 'failed';
  /** Fetches the older entries again after a failure. */
  onRetryHistory: () => void;
}

/**
 * Scrollable, virtualized list of transcript rows. Rows put in front (older history arriving) keep the rows on
 * screen where they are: the virtualizer anchors to the end and re-finds the visible row by key.
 */
export function Transcript({
  rows,
  sessionId,
  activeTurnId,
  pendingCount,
  onRetry,
  history,
  onRetryHistory,
}: TranscriptProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [atEnd, setAtEnd] = useState(true);
  const getItemKey = useRowKeys(rows);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => estimates[rows[i]!.kind],
    getItemKey,
    overscan: 6,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: FOLLOW_THRESHOLD,
    paddingStart: 16,
    paddingEnd: 24,
    onChange: (instance) => setAtEnd(instance.isAtEnd(FOLLOW_THRESHOLD)),
  });

  const scrolledFor = useRef<string | null>(null);
  useEffect(() => {
    if (!rows.length || scrolledFor.current === sessionId) return;
    scrolledFor.current = sessionId;
    virtualizer.scrollToEnd();
  }, [rows.length, sessionId, virtualizer]);

  useEffect(() => {
    if (activeTurnId) virtualizer.scrollToEnd();
  }, [activeTurnId, virtualizer]);

  // A search hit: once its message is among the rows (older pages may still be loading), centre it and mark it.
  const jumpTo = useUi((s) => s.jumpTo);
  const [marked, setMarked] = useState<string | null>(null);
  useEffect(() => {
    if (!jumpTo || jumpTo.sessionId !== sessionId) return;
    const index = rows.findIndex((r) => r.key === `e${jumpTo.seq}`);
    if (index < 0) return;
    scrolledFor.current = sessionId;
    useUi.getState().setJumpTo(null);
    setMarked(`e${jumpTo.seq}`);
    requestAnimationFrame(() => virtualizer.scrollToIndex(index, { align: 'center' }));
  }, [jumpTo, rows, sessionId, virtualizer]);

  // Keep following the end when the viewport itself shrinks or grows (banner, composer growing, window resize).
  const stick = useRef(true);
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const onScroll = () => {
      stick.current = el.scrollHeight - el.scrollTop - el.clientHeight <= FOLLOW_THRESHOLD;
    };
    const observer = new ResizeObserver(() => {
      // After the virtualizer has taken in the new viewport size.
      if (stick.current) requestAnimationFrame(() => virtualizer.scrollToEnd());
    });
    el.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [virtualizer]);

  const jump = useCallback(() => virtualizer.scrollToEnd({ behavior: 'smooth' }), [virtualizer]);
  const items = virtualizer.getVirtualItems();
  const nearTop = items[0]?.index === 0;

  return (
    <div className="transcript-wrap">
      <div ref={scrollRef} className="transcript" tabIndex={0} role="region" aria-label="Conversation">
        <div className="transcript-inner" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((vi) => (
            <div
              key={vi.key}
              data-index={vi.index}
              ref={virtualizer.measureElement}
              className={rows[vi.index]!.key === marked ? 'transcript-row is-target' : 'transcript-row'}
              style={{ transform: `translateY(${vi.start}px)` }}
            >
              <div className="row-inner">
                <TranscriptRow row={rows[vi.index]!} pendingCount={pendingCount} onRetry={onRetry} />
              </div>
            </div>
          ))}
        </div>
      </div>
      {history !== 'complete' && nearTop && (
        <div className="history-pill" role={history === 'failed' ? 'alert' : undefined}>
          {history === 'loading' ? (
            <>
              <Spinner label="Loading earlier messages" /> Loading earlier messages…
            </>
          ) : (
            <>
              <Icon name="alert" size={14} /> Could not load earlier messages.
              <button type="button" className="btn-link" onClick={onRetryHistory}>
                Try again
              </button>
            </>
          )}
        </div>
      )}
      {!atEnd && rows.length > 0 && (
        <button type="button" className="jump-latest" onClick={jump}>
          <Icon name="send" size={14} className="rotate-180" /> Jump to latest
        </button>
      )}
    </div>
  );
}
