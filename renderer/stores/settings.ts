// Settings dialog data: settings view, secrets, "always allow" rules and plugins, with their actions.
import { create } from 'zustand';
import type { ApprovalRule, ErrorInfo, PluginInfo, SettingsView } from '../../preload/contract';
import { api } from '../api';
import { reportError } from './notices';
import { applyTheme } from './theme';

interface SettingsStore {
  view: SettingsView | null;
  rules: ApprovalRule[];
  plugins: PluginInfo[];
  refresh(): Promise<void>;
  refreshRules(): Promise<void>;
  refreshPlugins(): Promise<void>;
  /** Saves a patch; resolves with the runtime's validation error, or null on success. */
  update(patch: Record<string, unknown>): Promise<ErrorInfo | null>;
  /** Stores (or with `null` clears) an API key; resolves with the error, or null on success. */
  setSecret(name: 'openai' | 'compatible', value: string | null): Promise<ErrorInfo | null>;
  revokeRule(ruleId: string): Promise<void>;
  setPluginEnabled(pluginId: string, enabled: boolean): Promise<void>;
}

/** Store of settings-related state. Applying a view also applies its theme. */
export const useSettings = create<SettingsStore>()((set, get) => {
  const accept = (view: SettingsView) => {
    set({ view });
    applyTheme(view.values.theme);
  };
  return {
    view: null,
    rules: [],
    plugins: [],
    async refresh() {
      const r = await api.invoke('settings/get', {});
      if (r.ok) accept(r.value);
    },
    async refreshRules() {
      const r = await api.invoke('approval/rules', {});
      if (r.ok) set({ rules: r.value });
      else reportError('Could not load the always-allow rules', r.error);
    },
    async refreshPlugins() {
      const r = await api.invoke('plugin/list', {});
      if (r.ok) set({ plugins: r.value });
      else reportError('Could not load plugins', r.error);
    },
    async update(patch) {
      const r = await api.invoke('settings/update', { patch });
      if (!r.ok) return r.error;
      accept(r.value);
      return null;
    },
    async setSecret(name, value) {
      const r = await api.invoke('settings/setSecret', { name, value });
      if (!r.ok) return r.error;
      accept(r.value);
      return null;
    },
    async revokeRule(ruleId) {
      const r = await api.invoke('approval/revokeRule', { ruleId });
      if (!r.ok) reportError('Could not revoke the rule', r.error);
      else set({ rules: get().rules.filter((rule) => rule.id !== ruleId) });
    },
    async setPluginEnabled(pluginId, enabled) {
      const r = await api.invoke('plugin/setEnabled', { pluginId, enabled });
      if (r.ok) set({ plugins: r.value });
      else reportError('Could not switch the plugin', r.error);
    },
  };
});
