// Transient notices (toasts) for action failures and confirmations.
import { create } from 'zustand';
import type { ErrorInfo } from '../../preload/contract';

/** One toast. `tone: 'error'` is announced assertively. */
export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

interface NoticeState {
  items: Notice[];
  /** Shows a toast for `ms` milliseconds (default 6000; errors 9000). */
  push(text: string, tone?: Notice['tone'], ms?: number): void;
  dismiss(id: number): void;
}

let nextId = 1;

/** Store of visible toasts. */
export const useNotices = create<NoticeState>()((set, get) => ({
  items: [],
  push(text, tone = 'info', ms) {
    const id = nextId++;
    set({ items: [...get().items.slice(-3), { id, text, tone }] });
    setTimeout(() => get().dismiss(id), ms ?? (tone === 'error' ? 9000 : 6000));
  },
  dismiss(id) {
    set({ items: get().items.filter((n) => n.id !== id) });
  },
}));

/** Shows a failed Result's message as an error toast, prefixed by what the user tried to do. */
export function reportError(action: string, error: ErrorInfo): void {
  useNotices.getState().push(`${action}: ${error.message}`, 'error');
}
