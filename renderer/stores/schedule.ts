// Schedule view store: wakeups (wakeup/list), the selected wakeup's receipts (wakeup/get), run markers for the
// sidebar, actions (pause, resume, run now, delete, create, update), live updates and the away digest.
import { create } from 'zustand';
import type { Digest, RunReceipt, WakeupDraft, WakeupPatch, WakeupView } from '../../preload/contract/scheduler';
import { api } from '../api';
import { reportError, useNotices } from './notices';

interface ScheduleStore {
  /** The Schedule view is showing (instead of the chat). */
  open: boolean;
  wakeups: WakeupView[];
  loaded: boolean;
  /** wakeups.json could not be read (shown in the view), or null. */
  problem: string | null;
  selectedId: string | null;
  /** Receipts of the selected wakeup, newest first. */
  receipts: RunReceipt[];
  /** Wakeup ids with a run now in progress (button shows a spinner). */
  running: string[];
  /** Sessions scheduled runs used: session id -> wakeup title (sidebar markers). */
  runSessions: Record<string, string>;
  /** The away digest to show, or null. */
  digest: Digest | null;
  setOpen(open: boolean): void;
  refresh(): Promise<void>;
  select(id: string | null): Promise<void>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  runNow(id: string): Promise<RunReceipt | null>;
  remove(id: string): Promise<boolean>;
  /** Creates a wakeup; with `test`, runs it once now. Resolves to the error message, or null when created. */
  create(draft: WakeupDraft, test: boolean): Promise<string | null>;
  /** Changes a wakeup; resolves to the error message, or null when saved. */
  update(id: string, patch: WakeupPatch): Promise<string | null>;
  /** Fetches the digest since the user last looked and shows it when something happened. */
  showDigest(): Promise<void>;
  dismissDigest(): void;
}

function markSessions(current: Record<string, string>, wakeups: WakeupView[], receipts: RunReceipt[] = []) {
  const next = { ...current };
  for (const w of wakeups) {
    if (w.last?.sessionId) next[w.last.sessionId] = w.title;
    if (w.target.type === 'session' && w.target.sessionId) next[w.target.sessionId] = w.title;
    for (const r of receipts) if (r.wakeupId === w.id && r.sessionId) next[r.sessionId] = w.title;
  }
  return next;
}

/** Store of the Schedule view. */
export const useSchedule = create<ScheduleStore>()((set, get) => ({
  open: false,
  wakeups: [],
  loaded: false,
  problem: null,
  selectedId: null,
  receipts: [],
  running: [],
  runSessions: {},
  digest: null,
  setOpen(open) {
    set({ open });
    if (open) void get().refresh();
  },
  async refresh() {
    const r = await api.invoke('wakeup/list', {});
    if (!r.ok) return reportError('Loading wakeups failed', r.error);
    set((s) => ({
      wakeups: r.value.wakeups,
      problem: r.value.problem,
      loaded: true,
      runSessions: markSessions(s.runSessions, r.value.wakeups),
    }));
    const selected = get().selectedId;
    if (selected && r.value.wakeups.some((w) => w.id === selected)) await get().select(selected);
    else if (selected) set({ selectedId: null, receipts: [] });
  },
  async select(id) {
    set({ selectedId: id, ...(id === get().selectedId ? {} : { receipts: [] }) });
    if (!id) return;
    const r = await api.invoke('wakeup/get', { wakeupId: id, limit: 50 });
    if (!r.ok) return reportError('Loading runs failed', r.error);
    if (get().selectedId !== id) return;
    set((s) => ({ receipts: r.value.receipts, runSessions: markSessions(s.runSessions, s.wakeups, r.value.receipts) }));
  },
  async pause(id) {
    const r = await api.invoke('wakeup/pause', { wakeupId: id });
    if (!r.ok) reportError('Pausing failed', r.error);
    await get().refresh();
  },
  async resume(id) {
    const r = await api.invoke('wakeup/resume', { wakeupId: id });
    if (!r.ok) reportError('Resuming failed', r.error);
    await get().refresh();
  },
  async runNow(id) {
    set((s) => ({ running: [...s.running, id] }));
    const r = await api.invoke('wakeup/runNow', { wakeupId: id }, { timeoutMs: 30 * 60_000 });
    set((s) => ({ running: s.running.filter((x) => x !== id) }));
    await get().refresh();
    if (!r.ok) {
      reportError('Run now failed', r.error);
      return null;
    }
    useNotices
      .getState()
      .push(`Run ended ${r.value.status ?? 'unknown'}.`, r.value.status === 'failed' ? 'error' : 'info');
    return r.value;
  },
  async remove(id) {
    const r = await api.invoke('wakeup/delete', { wakeupId: id });
    if (!r.ok) reportError('Deleting failed', r.error);
    if (get().selectedId === id) set({ selectedId: null, receipts: [] });
    await get().refresh();
    return r.ok;
  },
  async create(draft, test) {
    const r = await api.invoke('wakeup/create', { ...draft, test }, { timeoutMs: 30 * 60_000 });
    if (!r.ok) return r.error.message;
    await get().refresh();
    await get().select(r.value.wakeup.id);
    if (r.value.test) useNotices.getState().push(`Test run ended ${r.value.test.status ?? 'unknown'}.`);
    return null;
  },
  async update(id, patch) {
    const r = await api.invoke('wakeup/update', { wakeupId: id, patch });
    if (!r.ok) return r.error.message;
    await get().refresh();
    return null;
  },
  async showDigest() {
    const r = await api.invoke('wakeup/digest', { peek: false });
    if (r.ok && r.value.text) set({ digest: r.value });
  },
  dismissDigest: () => set({ digest: null }),
}));

let started = false;

/**
 * Subscribes the store to live wakeup events and to the page's visibility (the away digest when the window or tab
 * becomes visible after being hidden). Idempotent; call once at start-up.
 */
export function startScheduleSync(): void {
  if (started) return;
  started = true;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const refreshSoon = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void useSchedule.getState().refresh();
    }, 150);
  };
  api.on('wakeup/changed', refreshSoon);
  api.on('wakeup/runUpdated', ({ receipt, title }) => {
    if (receipt.sessionId)
      useSchedule.setState((s) => ({ runSessions: { ...s.runSessions, [receipt.sessionId!]: title } }));
    const { selectedId, open } = useSchedule.getState();
    if (open && selectedId === receipt.wakeupId) void useSchedule.getState().select(selectedId);
    if (open) refreshSoon();
  });
  void useSchedule.getState().refresh();
  let hidden = document.visibilityState === 'hidden';
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') hidden = true;
    else if (hidden) {
      hidden = false;
      void useSchedule.getState().showDigest();
    }
  });
}
