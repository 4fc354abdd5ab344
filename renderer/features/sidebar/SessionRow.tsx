// One chat in the sidebar: open on click, inline rename, fork, delete (confirm handled by the parent).
import { memo, useEffect, useRef, useState } from 'react';
import type { SessionSummary } from '../../../preload/contract';
import { Icon } from '../../ui/Icon';
import { formatRelative } from '../../ui/format';

/** Props of {@link SessionRow}. */
export interface SessionRowProps {
  session: SessionSummary;
  active: boolean;
  running: boolean;
  pending: number;
  /** Title of the wakeup whose scheduled run used this chat, or undefined. */
  scheduledBy?: string;
  onOpen: (id: string) => void;
  onRename: (id: string, title: string) => Promise<boolean>;
  onFork: (id: string) => void;
  onDelete: (session: SessionSummary) => void;
}

/** A sidebar entry. */
export const SessionRow = memo(function SessionRow({
  session,
  active,
  running,
  pending,
  scheduledBy,
  onOpen,
  onRename,
  onFork,
  onDelete,
}: SessionRowProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(session.title);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (editing) inputRef.current?.select();
  }, [editing]);

  const commit = async () => {
    const title = draft.trim();
    if (!title || title === session.title) {
      setEditing(false);
      return;
    }
    if (await onRename(session.id, title)) setEditing(false);
  };

  if (editing) {
    return (
      <li className="session-row editing">
        <input
          ref={inputRef}
          type="text"
          className="rename-input"
          aria-label="Chat title"
          value={draft}
          maxLength={200}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => void commit()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void commit();
            }
            if (e.key === 'Escape') {
              e.preventDefault();
              setDraft(session.title);
              setEditing(false);
            }
          }}
        />
      </li>
    );
  }

  return (
    <li className={`session-row${active ? ' active' : ''}`}>
      <button
        type="button"
        className="session-open"
        aria-current={active ? 'page' : undefined}
        onClick={() => onOpen(session.id)}
      >
        <span className="session-title truncate">{session.title || 'Untitled chat'}</span>
        <span className="session-meta">
          {scheduledBy && (
            <span className="session-scheduled" title={`Scheduled run: ${scheduledBy}`} aria-label="Scheduled run">
              <Icon name="clock" size={12} />
            </span>
          )}
          {running && <span className="dot dot-live" title="Working" aria-label="Working" />}
          {pending > 0 && (
            <span className="mini-badge" title={`${pending} approval${pending === 1 ? '' : 's'} waiting`}>
              {pending}
            </span>
          )}
          <span className="muted small">{formatRelative(session.updatedAt)}</span>
        </span>
      </button>
      <span className="session-actions">
        <button
          type="button"
          className="icon-button"
          aria-label={`Rename ${session.title}`}
          title="Rename"
          onClick={() => {
            setDraft(session.title);
            setEditing(true);
          }}
        >
          <Icon name="pencil" size={14} />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Fork ${session.title}`}
          title="Fork"
          onClick={() => onFork(session.id)}
        >
          <Icon name="fork" size={14} />
        </button>
        <button
          type="button"
          className="icon-button danger"
          aria-label={`Delete ${session.title}`}
          title="Delete"
          onClick={() => onDelete(session)}
        >
          <Icon name="trash" size={14} />
        </button>
      </span>
    </li>
  );
});
