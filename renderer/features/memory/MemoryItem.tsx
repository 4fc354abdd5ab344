// One memory in the Memory panel: text, kind, tags, source (with a link to its chat), inline edit and confirmed delete.
import { useState } from 'react';
import { useChat } from '../../stores/chat';
import { useMemory } from '../../stores/memory';
import { useSessions } from '../../stores/sessions';
import { Badge } from '../../ui/Badge';
import { Icon } from '../../ui/Icon';
import { formatRelative } from '../../ui/format';
import { MEMORY_KINDS, draftFromMemory, editPatch, formatScore, type MemoryDraft } from './memoryModel';
import type { Memory, MemorySource } from '../../../plugins/memory/contract';

/** A memory changed this long (ms) after it was created shows when it was edited. */
const EDITED_AFTER_MS = 60_000;

/** Epoch ms as a relative time (`5 min`, a date for older ones). */
function since(ms: number): string {
  return formatRelative(new Date(ms).toISOString());
}

/** Where the memory came from; a chat source is a link that opens the chat. */
export function MemorySourceLine({ source }: { source: MemorySource | null }) {
  const open = useChat((s) => s.open);
  const title = useSessions((s) =>
    source?.sessionId ? s.items.find((x) => x.id === source.sessionId)?.title : undefined,
  );
  if (!source) return null;
  const when = source.at !== null ? ` · ${since(source.at)}` : '';
  if (!source.sessionId) return <span className="memory-source muted small">Added outside a chat{when}</span>;
  const sessionId = source.sessionId;
  return (
    <span className="memory-source muted small">
      From{' '}
      <button
        type="button"
        className="btn-link"
        title="Open the chat this memory came from"
        onClick={() => void open(sessionId)}
      >
        {title ? `“${title}”` : 'a chat'}
      </button>
      {when}
    </span>
  );
}

function Editor({ memory, onDone }: { memory: Memory; onDone: () => void }) {
  const edit = useMemory((s) => s.edit);
  const [draft, setDraft] = useState<MemoryDraft>(() => draftFromMemory(memory));
  const [saving, setSaving] = useState(false);
  const patch = editPatch(memory, draft);
  const save = async () => {
    if (!patch) return onDone();
    setSaving(true);
    const saved = await edit(patch);
    setSaving(false);
    if (saved) onDone();
  };
  return (
    <form
      className="memory-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onDone();
        }
      }}
    >
      <textarea
        aria-label="Memory text"
        rows={3}
        value={draft.text}
        autoFocus
        onChange={(e) => setDraft({ ...draft, text: e.target.value })}
      />
      <div className="memory-editor-row">
        <select
          aria-label="Kind"
          value={draft.kind}
          onChange={(e) => setDraft({ ...draft, kind: e.target.value as MemoryDraft['kind'] })}
        >
          {MEMORY_KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <input
          type="text"
          aria-label="Tags"
          placeholder="tags, comma separated"
          value={draft.tags}
          onChange={(e) => setDraft({ ...draft, tags: e.target.value })}
        />
      </div>
      <div className="memory-actions">
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={saving || !patch}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}

/** Props of {@link MemoryItem}: `score` is set for search hits. */
export interface MemoryItemProps {
  memory: Memory;
  score?: number;
}

/** A memory card. */
export function MemoryItem({ memory, score }: MemoryItemProps) {
  const remove = useMemory((s) => s.remove);
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm'>('view');
  if (mode === 'edit') {
    return (
      <li className="memory-item">
        <Editor memory={memory} onDone={() => setMode('view')} />
      </li>
    );
  }
  return (
    <li className="memory-item">
      <p className="memory-text">{memory.text}</p>
      <div className="memory-meta">
        <Badge tone="info">{memory.kind}</Badge>
        {memory.tags.map((t) => (
          <Badge key={t}>#{t}</Badge>
        ))}
        {score !== undefined && (
          <span className="muted small" title="Search score">
            score {formatScore(score)}
          </span>
        )}
        {memory.expiresAt !== null && (
          <span className="muted small">expires {new Date(memory.expiresAt).toLocaleDateString()}</span>
        )}
      </div>
      <div className="memory-foot">
        <MemorySourceLine source={memory.source} />
        {memory.updatedAt - memory.createdAt > EDITED_AFTER_MS && (
          <span className="muted small" title={new Date(memory.updatedAt).toLocaleString()}>
            edited {since(memory.updatedAt)}
          </span>
        )}
      </div>
      {mode === 'confirm' ? (
        <div className="memory-confirm" role="group" aria-label="Confirm delete">
          <span className="small">Delete this memory? The assistant will no longer recall it.</span>
          <button type="button" className="btn" onClick={() => setMode('view')}>
            Cancel
          </button>
          <button type="button" className="btn btn-danger" onClick={() => void remove(memory.id)}>
            Delete
          </button>
        </div>
      ) : (
        <div className="memory-actions memory-hover">
          <button
            type="button"
            className="icon-button"
            aria-label="Edit memory"
            title="Edit"
            onClick={() => setMode('edit')}
          >
            <Icon name="pencil" size={14} />
          </button>
          <button
            type="button"
            className="icon-button danger"
            aria-label="Delete memory"
            title="Delete"
            onClick={() => setMode('confirm')}
          >
            <Icon name="trash" size={14} />
          </button>
        </div>
      )}
    </li>
  );
}
