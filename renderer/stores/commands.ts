// Slash commands for composer autocomplete, from `command/list`.
import { create } from 'zustand';
import type { ResultOf } from '../../preload/contract';
import { api } from '../api';

/** One slash command as `command/list` describes it (`name` without the leading slash). */
export type SlashCommand = ResultOf<'command/list'>[number];

interface CommandsStore {
  items: SlashCommand[];
  refresh(): Promise<void>;
}

/** Store of available slash commands. */
export const useCommands = create<CommandsStore>()((set) => ({
  items: [],
  async refresh() {
    const r = await api.invoke('command/list', {});
    if (r.ok) set({ items: r.value });
  },
}));
