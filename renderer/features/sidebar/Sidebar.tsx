// The sidebar: "New chat", search (titles, then message content), and the session list (newest first) with rename/fork/delete.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SessionSearchHit, SessionSummary } from '../../../preload/contract';
import { useApprovals } from '../../stores/approvals';
import { useChat } from '../../stores/chat';
import { MIN_CONTENT_QUERY, useChatSearch } from '../../stores/chatSearch';
import { visibleSessions } from '../../stores/sessionList';
import { useSchedule } from '../../stores/schedule';
import { useSessions } from '../../stores/sessions';
import { useStatus } from '../../stores/status';
import { useUi } from '../../stores/ui';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/Icon';
import { ContentHits } from './ContentHits';
import { SessionRow } from './SessionRow';

/** Milliseconds of typing quiet before the content search runs. */
const CONTENT_SEARCH_DEBOUNCE_MS = 250;

/** The left column. */
export function Sidebar() {
  const { items, loaded, query, setQuery, rename, remove, fork } = useSessions();
  const currentId = useChat((s) => s.model.sessionId);
  const open = useChat((s) => s.open);
  const newChat = useChat((s) => s.newChat);
  const running = useStatus((s) => s.status?.runningSessions);
  const currentRunning = useChat((s) => s.model.running);
  const approvals = useApprovals((s) => s.items);
  const sidebarOpen = useUi((s) => s.sidebarOpen);
  const setSidebarOpen = useUi((s) => s.setSidebarOpen);
  const focusComposer = useUi((s) => s.focusComposer);
  const runSessions = useSchedule((s) => s.runSessions);
  const scheduleOpen = useSchedule((s) => s.open);
  const setScheduleOpen = useSchedule((s) => s.setOpen);
  const searchFocus = useUi((s) => s.searchFocus);
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (searchFocus) searchRef.current?.focus();
  }, [searchFocus]);
  const [toDelete, setToDelete] = useState<SessionSummary | null>(null);

  const list = useMemo(() => visibleSessions(items, query), [items, query]);
  const search = useChatSearch((s) => s.search);
  useEffect(() => {
    const timer = setTimeout(() => void search(query), CONTENT_SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, search]);
  const setJumpTo = useUi((s) => s.setJumpTo);
  const openHit = useCallback(
    (hit: SessionSearchHit) => {
      setJumpTo({ sessionId: hit.sessionId, seq: hit.seq });
      void open(hit.sessionId);
      setSidebarOpen(false);
    },
    [open, setJumpTo, setSidebarOpen],
  );
  const pendingBySession = useMemo(() => {
    const counts = new Map<string, number>();
    for (const a of approvals) counts.set(a.sessionId, (counts.get(a.sessionId) ?? 0) + 1);
    return counts;
  }, [approvals]);

  const onOpen = useCallback(
    (id: string) => {
      void open(id);
      setSidebarOpen(false);
      setScheduleOpen(false);
    },
    [open, setSidebarOpen, setScheduleOpen],
  );
  const onFork = useCallback(
    (id: string) => {
      void fork(id).then((forked) => forked && open(forked.id));
    },
    [fork, open],
  );

  const confirmDelete = async () => {
    if (!toDelete) return;
    const id = toDelete.id;
    setToDelete(null);
    if ((await remove(id)) && id === currentId) newChat();
  };

  return (
    <aside className={`sidebar${sidebarOpen ? ' open' : ''}`} aria-label="Chats">
      <div className="sidebar-top">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            <Icon name="sparkle" size={16} />
          </span>
          Deskpilot
        </div>
        <button
          type="button"
          className="btn btn-primary new-chat"
          onClick={() => {
            newChat();
            setSidebarOpen(false);
            focusComposer();
          }}
        >
          <Icon name="plus" size={16} />
          New chat
        </button>
        <button
          type="button"
          className="btn schedule-nav"
          aria-pressed={scheduleOpen}
          onClick={() => {
            setScheduleOpen(!scheduleOpen);
            setSidebarOpen(false);
          }}
        >
          <Icon name="clock" size={16} />
          Schedule
        </button>
        <label className="search">
          <Icon name="search" size={14} />
          <input
            ref={searchRef}
            type="search"
            placeholder="Search chats"
            aria-label="Search chats"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
      </div>
      <nav className="session-list" aria-label="Chat history">
        {loaded && items.length === 0 && (
          <div className="empty-small">
            <Icon name="chat" size={20} />
            <p>No chats yet. Your conversations will appear here.</p>
          </div>
        )}
        {loaded && items.length > 0 && list.length === 0 && query.trim().length < MIN_CONTENT_QUERY && (
          <p className="empty-small">No chat title matches “{query}”.</p>
        )}
        <ul>
          {list.map((s) => (
            <SessionRow
              key={s.id}
              session={s}
              active={s.id === currentId}
              running={s.id === currentId ? currentRunning : (running?.includes(s.id) ?? false)}
              pending={pendingBySession.get(s.id) ?? 0}
              scheduledBy={runSessions[s.id]}
              onOpen={onOpen}
              onRename={rename}
              onFork={onFork}
              onDelete={setToDelete}
            />
          ))}
        </ul>
        <ContentHits onOpen={openHit} />
      </nav>
      <Dialog
        open={toDelete !== null}
        title="Delete chat?"
        onClose={() => setToDelete(null)}
        className="dialog-small"
        footer={
          <>
            <button type="button" className="btn" onClick={() => setToDelete(null)}>
              Cancel
            </button>
            <button type="button" className="btn btn-danger" onClick={() => void confirmDelete()}>
              Delete
            </button>
          </>
        }
      >
        <p>“{toDelete?.title}” and its whole history will be deleted. This cannot be undone.</p>
      </Dialog>
    </aside>
  );
}
