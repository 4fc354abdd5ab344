// The approval inbox: every pending approval across sessions, opened from the header badge.
import { useEffect, useRef } from 'react';
import { useApprovals } from '../../stores/approvals';
import { useChat } from '../../stores/chat';
import { useSessions } from '../../stores/sessions';
import { useUi } from '../../stores/ui';
import { Icon } from '../../ui/Icon';
import { ApprovalCard } from './ApprovalCard';

/** Header button with the pending count; toggles the inbox panel. */
export function InboxButton() {
  const count = useApprovals((s) => s.items.length);
  const open = useUi((s) => s.inboxOpen);
  const setOpen = useUi((s) => s.setInboxOpen);
  return (
    <button
      type="button"
      className={`icon-button header-button${count ? ' has-badge' : ''}`}
      aria-label={count ? `Approvals (${count} pending)` : 'Approvals'}
      aria-expanded={open}
      aria-controls="approval-inbox"
      title="Approval inbox"
      onClick={() => setOpen(!open)}
    >
      <Icon name="shield" size={18} />
      {count > 0 && (
        <span className="count-badge" aria-hidden="true">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </button>
  );
}

/** Panel listing all pending approvals, newest request last, each with its chat and the decision buttons. */
export function ApprovalInbox() {
  const open = useUi((s) => s.inboxOpen);
  const setOpen = useUi((s) => s.setInboxOpen);
  const items = useApprovals((s) => s.items);
  const sessions = useSessions((s) => s.items);
  const currentId = useChat((s) => s.model.sessionId);
  const openChat = useChat((s) => s.open);
  const panelRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    panelRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Element | null;
      if (!target || panelRef.current?.contains(target) || target.closest('[aria-controls="approval-inbox"]')) return;
      setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open, setOpen]);

  if (!open) return null;
  const titleOf = (id: string) => sessions.find((s) => s.id === id)?.title ?? 'Unknown chat';
  return (
    <section id="approval-inbox" ref={panelRef} className="inbox" tabIndex={-1} aria-label="Approval inbox">
      <header className="panel-head">
        <h2>Approvals</h2>
        <span className="muted">{items.length ? `${items.length} pending` : 'Nothing pending'}</span>
        <button type="button" className="icon-button" aria-label="Close approvals" onClick={() => setOpen(false)}>
          <Icon name="x" />
        </button>
      </header>
      <div className="inbox-list">
        {items.length === 0 && (
          <div className="empty-small">
            <Icon name="check" size={20} />
            <p>No tool is waiting for you. When the assistant needs permission, it shows up here.</p>
          </div>
        )}
        {items.map((a) => (
          <ApprovalCard
            key={a.callId}
            approval={a}
            context={
              <div className="inbox-context">
                <Icon name="chat" size={14} />
                <span className="truncate">{titleOf(a.sessionId)}</span>
                {a.sessionId !== currentId && (
                  <button
                    type="button"
                    className="btn-link"
                    onClick={() => {
                      void openChat(a.sessionId);
                      setOpen(false);
                    }}
                  >
                    Open chat
                  </button>
                )}
              </div>
            }
          />
        ))}
      </div>
    </section>
  );
}
