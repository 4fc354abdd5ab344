// UI layout state: which dialogs and panels are open. The side panel hosts tabs; more tabs can register later.
import { create } from 'zustand';

/** Tabs the side panel can show; add a value here and a component in features/shell/SidePanel.tsx. */
export type SidePanelTab = 'context';

/** Sections of the settings dialog. */
export type SettingsSection = 'model' | 'approvals' | 'desktop' | 'plugins';

interface UiStore {
  settingsOpen: boolean;
  settingsSection: SettingsSection;
  inboxOpen: boolean;
  sidePanel: SidePanelTab | null;
  /** Narrow windows hide the sidebar behind a toggle. */
  sidebarOpen: boolean;
  /** Incremented to ask the composer to take focus. */
  composerFocus: number;
  openSettings(section?: SettingsSection): void;
  closeSettings(): void;
  setInboxOpen(open: boolean): void;
  toggleSidePanel(tab: SidePanelTab): void;
  setSidebarOpen(open: boolean): void;
  focusComposer(): void;
}

/** Store of layout state. */
export const useUi = create<UiStore>()((set, get) => ({
  settingsOpen: false,
  settingsSection: 'model',
  inboxOpen: false,
  sidePanel: null,
  sidebarOpen: false,
  composerFocus: 0,
  openSettings: (section) => set({ settingsOpen: true, settingsSection: section ?? get().settingsSection, inboxOpen: false }),
  closeSettings: () => set({ settingsOpen: false }),
  setInboxOpen: (inboxOpen) => set({ inboxOpen }),
  toggleSidePanel: (tab) => set({ sidePanel: get().sidePanel === tab ? null : tab }),
  setSidebarOpen: (sidebarOpen) => set({ sidebarOpen }),
  focusComposer: () => set({ composerFocus: get().composerFocus + 1 }),
}));
