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
  resolve(callId: string): void;
  /** Sends `approval/decide`; resolves true on success (the card leaves on `approval/resolved`, or now). */
  decide(callId: string, decision: ApprovalDecision): Promise<boolean>;
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
    const rest = get().items.filter((a) => a.callId !== approval.callId);
    set({ items: sortApprovals([...rest, approval]) });
  },
  resolve(callId) {
    const { [callId]: _done, ...busy } = get().busy;
    set({ items: get().items.filter((a) => a.callId !== callId), busy });
  },
  async decide(callId, decision) {
    if (get().busy[callId]) return false;
    set({ busy: { ...get().busy, [callId]: true } });
    const r = await api.invoke('approval/decide', { callId, decision });
    if (!r.ok) {
      const { [callId]: _done, ...busy } = get().busy;
      set({ busy });
      reportError('Could not record the decision', r.error);
      if (r.error.code === 'not_found') get().resolve(callId);
      return false;
    }
    get().resolve(callId);
    return true;
  },
}));
