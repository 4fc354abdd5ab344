// Pending approvals across all sessions (the inbox): `approval/list` plus live requested/resolved events; decisions.
import { create } from 'zustand';
import type { ApprovalDecision, PendingApproval } from '../../preload/contract';
import { api } from '../api';
import { reportError } from './notices';

interface ApprovalsStore {
  /** Pending approvals, oldest request first. */
  items: PendingApproval[];
  /** Call ids with a decision in flight. */
  busy: Record<string, boolean>;
  refresh(): Promise<void>;
  add(approval: PendingApproval): void;
  /** Drops the approval of `callId` (in `sessionId` when given: servers reuse call ids across sessions). */
  resolve(callId: string, sessionId?: string): void;
  /** Sends `approval/decide`; resolves true on success (the card leaves on `approval/resolved`, or now). */
  decide(callId: string, decision: ApprovalDecision, sessionId?: string): Promise<boolean>;
}

/** Orders approvals oldest first so the inbox reads like a queue. */
export function sortApprovals(items: readonly PendingApproval[]): PendingApproval[] {
  return [...items].sort((a, b) => (a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : 0));
}

/** Store of pending approvals. */
export const useApprovals = create<ApprovalsStore>()((set, get) => ({
  items: [],
  busy: {},
  async refresh() {
    const r = await api.invoke('approval/list', {});
    if (r.ok) set({ items: sortApprovals(r.value) });
    else reportError('Could not load pending approvals', r.error);
  },
  add(approval) {
    const rest = get().items.filter((a) => a.callId !== approval.callId || a.sessionId !== approval.sessionId);
    set({ items: sortApprovals([...rest, approval]) });
  },
  resolve(callId, sessionId) {
    const { [callId]: _done, ...busy } = get().busy;
    const gone = (a: PendingApproval) => a.callId === callId && (sessionId === undefined || a.sessionId === sessionId);
    set({ items: get().items.filter((a) => !gone(a)), busy });
  },
  async decide(callId, decision, sessionId) {
    if (get().busy[callId]) return false;
    set({ busy: { ...get().busy, [callId]: true } });
    const r = await api.invoke('approval/decide', { callId, decision, ...(sessionId ? { sessionId } : {}) });
    if (!r.ok) {
      const { [callId]: _done, ...busy } = get().busy;
      set({ busy });
      reportError('Could not record the decision', r.error);
      if (r.error.code === 'not_found') get().resolve(callId, sessionId);
      return false;
    }
    get().resolve(callId, sessionId);
    return true;
  },
}));
