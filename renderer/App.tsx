// Top-level layout: sidebar, header, chat with optional side panel, status bar, dialogs, shortcuts, toasts.
import { useEffect } from 'react';
import { ApprovalInbox } from './features/approval/ApprovalInbox';
import { AutomationBar } from './features/automation/AutomationBar';
import { ChatView } from './features/chat/ChatView';
import { DigestDialog } from './features/schedule/DigestDialog';
import { ScheduleView } from './features/schedule/ScheduleView';
import { SettingsDialog } from './features/settings/SettingsDialog';
import { Announcer } from './features/shell/Announcer';
import { Header } from './features/shell/Header';
import { ShortcutHelp } from './features/shell/ShortcutHelp';
import { SidePanel } from './features/shell/SidePanel';
import { Sidebar } from './features/sidebar/Sidebar';
import { StatusBar } from './features/status/StatusBar';
import { useNotices } from './stores/notices';
import { startScheduleSync, useSchedule } from './stores/schedule';
import { useUi } from './stores/ui';
import { Toasts } from './ui/Toasts';

/** The whole application window. */
export function App() {
  const notices = useNotices((s) => s.items);
  const dismiss = useNotices((s) => s.dismiss);
  const sidebarOpen = useUi((s) => s.sidebarOpen);
  const setSidebarOpen = useUi((s) => s.setSidebarOpen);
  const scheduleOpen = useSchedule((s) => s.open);
  useEffect(() => startScheduleSync(), []);
  return (
    <div className="app">
      <Sidebar />
      {sidebarOpen && <div className="scrim" aria-hidden="true" onClick={() => setSidebarOpen(false)} />}
      <div className="main">
        <Header />
        <div className="workspace">
          {scheduleOpen ? <ScheduleView /> : <ChatView />}
          <SidePanel />
        </div>
        <AutomationBar />
        <ApprovalInbox />
      </div>
      <StatusBar />
      <SettingsDialog />
      <DigestDialog />
      <ShortcutHelp />
      <Toasts items={notices} onDismiss={dismiss} />
      <Announcer />
    </div>
  );
}
