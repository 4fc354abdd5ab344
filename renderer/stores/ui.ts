// UI layout state: which dialogs and panels are open. The side panel hosts tabs (registry in features/shell/SidePanel.tsx).
import { create } from 'zustand';

/** Tabs the side panel can show; add a value here and a component in features/shell/SidePanel.tsx. */
export type SidePanelTab = 'context' | 'memory' | 'plan';

/** Sections of the settings dialog. */
export type SettingsSection = 'accounts' | 'model' | 'approvals' | 'desktop' | 'automation' | 'plugins' | 'mcp';

interface UiStore {
  settingsOpen: boolean;
  settingsSection: SettingsSection;
  inboxOpen: boolean;
  sidePanel: SidePanelTab | null;
  /** True once the user closed the side panel (until they open it again); automatic opening then stays off. */
  sidePanelClosedByUser: boolean;
  /** Narrow windows hide the sidebar behind a toggle. */
  sidebarOpen: boolean;
  /** Incremented to ask the composer to take focus. */
  composerFocus: number;
  /** Incremented to ask the sidebar's chat search to take focus. */
  searchFocus: number;
  /** True while the keyboard shortcut help is shown. */
  shortcutsOpen: boolean;
  /** A message to scroll to and mark once its chat shows it (a search hit); cleared when done. */
  jumpTo: { sessionId: string; seq: number } | null;
  openSettings(section?: SettingsSection): void;
  closeSettings(): void;
  setInboxOpen(open: boolean): void;
  /** User action: shows `tab`, or closes the panel when `tab` is already showing. */
  toggleSidePanel(tab: SidePanelTab): void;
  /** Automatic: shows `tab` unless the user closed the panel; returns whether it did. */
  autoOpenSidePanel(tab: SidePanelTab): boolean;
  setSidebarOpen(open: boolean): void;
  focusComposer(): void;
  /** Shows the sidebar (narrow windows) and focuses its search. */
  focusSearch(): void;
  setShortcutsOpen(open: boolean): void;
  setJumpTo(target: { sessionId: string; seq: number } | null): void;
}

/** Store of layout state. */
export const useUi = create<UiStore>()((set, get) => ({
  settingsOpen: false,
  settingsSection: 'model',
  inboxOpen: false,
  sidePanel: null,
  sidePanelClosedByUser: false,
  sidebarOpen: false,
  composerFocus: 0,
  searchFocus: 0,
  shortcutsOpen: false,
  jumpTo: null,
  openSettings: (section) =>
    set({ settingsOpen: true, settingsSection: section ?? get().settingsSection, inboxOpen: false }),
  closeSettings: () => set({ settingsOpen: false }),
  setInboxOpen: (inboxOpen) => set({ inboxOpen }),
  toggleSidePanel(tab) {
    const closing = get().sidePanel === tab;
    set({ sidePanel: closing ? null : tab, sidePanelClosedByUser: closing });
  },
  autoOpenSidePanel(tab) {
    if (get().sidePanelClosedByUser) return false;
    set({ sidePanel: tab });
    return true;
  },
  setSidebarOpen: (sidebarOpen) => set({ sidebarOpen }),
  focusComposer: () => set({ composerFocus: get().composerFocus + 1 }),
  focusSearch: () => set({ searchFocus: get().searchFocus + 1, sidebarOpen: true }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  setJumpTo: (jumpTo) => set({ jumpTo }),
}));
