// The Memory side-panel tab: status, search, kind filter and the list of long-term memories (memory plugin).
import { useEffect, useState } from 'react';
import { useMemory } from '../../stores/memory';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { PluginUnavailable } from '../shell/PluginUnavailable';
import { MemoryItem } from './MemoryItem';
import { MEMORY_KINDS, searchModeLabel } from './memoryModel';
import type { MemoryKind } from '../../../plugins/memory/contract';

/** Milliseconds of typing quiet before a search runs. */
const SEARCH_DEBOUNCE_MS = 250;

/** Count, search mode and re-embedding progress. */
function StatusLine() {
  const status = useMemory((s) => s.status);
  if (!status) return null;
  return (
    <div className="memory-status small" role="status">
      <span>
        {status.count} memor{status.count === 1 ? 'y' : 'ies'} · {searchModeLabel(status.mode)}
      </span>
      {status.state === 'reembedding' && (
        <div className="memory-reembed">
          <span className="muted">
            Re-embedding {status.done}/{status.total}
          </span>
          <div
            className="progress-bar"
            role="progressbar"
            aria-label="Re-embedding progress"
            aria-valuemin={0}
            aria-valuemax={status.total}
            aria-valuenow={status.done}
          >
            <span style={{ width: `${status.total ? Math.round((status.done / status.total) * 100) : 0}%` }} />
          </div>
        </div>
      )}
    </div>
  );
}

/** Side panel tab listing, searching and editing memories. */
export function MemoryPanel() {
  const { list, results, query, kind, loading, unavailable, loadError, watch, refresh, search, setKind, loadMore } =
    useMemory();
  const [text, setText] = useState(query);
  useEffect(() => watch(), [watch]);
  useEffect(() => {
    const timer = setTimeout(() => void search(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, search]);

  if (unavailable) return <PluginUnavailable name="Memory" message={unavailable} />;

  let body;
  if (loadError && !list && !results) {
    body = (
      <div className="center-state small" role="alert">
        <p className="error-text">Could not load memories: {loadError}</p>
        <button type="button" className="btn" onClick={() => void refresh()}>
          Try again
        </button>
      </div>
    );
  } else if (query) {
    body = !results ? (
      <div className="center-state">
        <Spinner label="Searching memories" />
      </div>
    ) : results.hits.length === 0 ? (
      <p className="empty-small">No memory matches “{query}”.</p>
    ) : (
      <ul className="memory-list" aria-label="Search results">
        {results.hits.map((h) => (
          <MemoryItem key={h.memory.id} memory={h.memory} score={h.score} />
        ))}
      </ul>
    );
  } else if (!list) {
    body = (
      <div className="center-state">
        <Spinner label="Loading memories" />
      </div>
    );
  } else if (list.memories.length === 0) {
    body = (
      <div className="empty-small">
        <Icon name="sparkle" size={20} />
        <p>
          {kind
            ? `No ${kind} memories.`
            : 'No memories yet. Ask the assistant to remember something, or type /remember in a chat.'}
        </p>
      </div>
    );
  } else {
    body = (
      <>
        <ul className="memory-list" aria-label="Memories">
          {list.memories.map((m) => (
            <MemoryItem key={m.id} memory={m} />
          ))}
        </ul>
        {list.memories.length < list.total && (
          <button type="button" className="btn memory-more" disabled={loading} onClick={() => void loadMore()}>
            Load more ({list.total - list.memories.length} left)
          </button>
        )}
      </>
    );
  }

  return (
    <div className="memory-panel">
      <StatusLine />
      <div className="memory-controls">
        <label className="search">
          <Icon name="search" size={14} />
          <input
            type="search"
            aria-label="Search memories"
            placeholder="Search memories"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        {!query && (
          <select
            aria-label="Filter by kind"
            value={kind ?? ''}
            onChange={(e) => void setKind((e.target.value || null) as MemoryKind | null)}
          >
            <option value="">All kinds</option>
            {MEMORY_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        )}
      </div>
      {body}
    </div>
  );
}
