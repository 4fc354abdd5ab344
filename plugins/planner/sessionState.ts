// The planner's stored file seen per session: tools, provider, command and UI methods read and edit one session's view.
import type { StateHandle } from '../sdk';
import { applyView, viewFor, type PlannerFile, type PlannerState } from './schema';

/** One planner, viewed per session (see schema.ts: a session's own active list, else the pinned one). */
export interface SessionPlanner {
  /** The view of `sessionId` (null: no session, the pinned list only). */
  view(sessionId: string | null): PlannerState;
  /**
   * Applies the pure edit `op` to the session's view inside one serialized, validated, atomic update of the file and
   * returns `op`'s whole result (with `state` the view after the edit). Rethrows what `op` throws; nothing is saved then.
   */
  edit<R extends { state: PlannerState }>(sessionId: string | null, op: (view: PlannerState) => R): Promise<R>;
  /** Calls `listener` after every saved change; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
}

/** Wraps the planner's state handle as a {@link SessionPlanner}. */
export function sessionPlanner(state: StateHandle<PlannerFile>): SessionPlanner {
  return {
    view: (sessionId) => viewFor(state.get(), sessionId),
    async edit(sessionId, op) {
      let result: (ReturnType<typeof op> & { state: PlannerState }) | undefined;
      const saved = await state.update((file) => {
        const before = viewFor(file, sessionId);
        result = op(before);
        return applyView(file, sessionId, before, result.state);
      });
      if (result === undefined) throw new Error('The planner update finished without running the edit; retry.');
      return { ...result, state: viewFor(saved, sessionId) };
    },
    onChange: (listener) => state.onChange(() => listener()),
  };
}
