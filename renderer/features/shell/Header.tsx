// The top bar: sidebar toggle (narrow windows), chat title, export, approval inbox, context panel and settings buttons.
import { useEffect } from 'react';
import { useChat } from '../../stores/chat';
import { useSessions } from '../../stores/sessions';
import { useUi } from '../../stores/ui';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { InboxButton } from '../approval/ApprovalInbox';
import { ExportMenu } from './ExportMenu';

/** App header. */
export function Header() {
  const sessionId = useChat((s) => s.model.sessionId);
  const running = useChat((s) => s.model.running);
  const title = useSessions((s) => s.items.find((x) => x.id === sessionId)?.title);
  const { sidePanel, toggleSidePanel, openSettings, sidebarOpen, setSidebarOpen } = useUi();
  const heading = sessionId ? title || 'Untitled chat' : 'New chat';
  useEffect(() => {
    document.title = `${heading} — Deskpilot`;
  }, [heading]);
  return (
    <header className="app-header">
      <button
        type="button"
        className="icon-button sidebar-toggle"
        aria-label={sidebarOpen ? 'Hide chats' : 'Show chats'}
        aria-expanded={sidebarOpen}
        onClick={() => setSidebarOpen(!sidebarOpen)}
      >
        <Icon name="menu" size={18} />
      </button>
      <h1 className="chat-title truncate">{heading}</h1>
      {running && <Spinner label="Assistant is working" />}
      <div className="header-actions">
        {sessionId && <ExportMenu />}
        <InboxButton />
        <button
          type="button"
          className="icon-button header-button"
          aria-label="Context panel"
          aria-pressed={sidePanel === 'context'}
          title="Context panel"
          onClick={() => toggleSidePanel('context')}
        >
          <Icon name="panel" size={18} />
        </button>
        <button
          type="button"
          className="icon-button header-button"
          aria-label="Settings"
          title="Settings"
          onClick={() => openSettings()}
        >
          <Icon name="sliders" size={18} />
        </button>
      </div>
    </header>
  );
}
