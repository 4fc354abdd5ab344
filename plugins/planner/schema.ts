// The planner's persisted state (`<home>/planner.json`, version 2): lists, the list pinned as global, and each session's
// active list; plus the per-session view the tools, provider, command and UI work on (contract.ts's PlannerState).
import { z } from 'zod';
import { PlanList, type PlannerState } from './contract';

export { PlanItem, PlanList, PlannerState } from './contract';

/** Version 2 of `planner.json`: plans belong to sessions; `pinnedListId` is shown in every session. */
const PlannerFileV2 = z.object({
  version: z.literal(2),
  lists: z.array(PlanList),
  /** The list pinned as global, or null. */
  pinnedListId: z.string().nullable(),
  /** Session id -> that session's active list id. */
  activeBySession: z.record(z.string(), z.string()),
});

/** Version 1 (one global active list). Read once and migrated: its lists are kept, nothing is active or pinned. */
const PlannerFileV1 = z.object({
  version: z.literal(1),
  activeListId: z.string().nullable(),
  lists: z.array(PlanList),
});

/**
 * The planner file as stored: version 2, or version 1 migrated to it on load (a v1 file's global active list is not
 * carried over, so an upgrade stops showing one plan in every chat; `/plan <name>` or the Plan panel activates it).
 */
export const PlannerFile = z.union([
  PlannerFileV2,
  PlannerFileV1.transform((v1): z.infer<typeof PlannerFileV2> => ({
    version: 2,
    lists: v1.lists,
    pinnedListId: null,
    activeBySession: {},
  })),
]);
/** Shape of {@link PlannerFile} (always version 2 once parsed). */
export type PlannerFile = z.infer<typeof PlannerFileV2>;

/** The state of a fresh install: no lists, nothing active or pinned. */
export const initialPlannerFile: PlannerFile = { version: 2, lists: [], pinnedListId: null, activeBySession: {} };

/** The state of a fresh install as a session sees it. */
export const initialPlannerState: PlannerState = { version: 1, activeListId: null, pinnedListId: null, lists: [] };

const exists = (file: PlannerFile, id: string | null | undefined): id is string =>
  id != null && file.lists.some((list) => list.id === id);

/**
 * The view of `file` for `sessionId` (null: no session): its active list is the session's own, else the pinned one.
 * Ids of lists that no longer exist are ignored.
 */
export function viewFor(file: PlannerFile, sessionId: string | null): PlannerState {
  const own = sessionId === null ? undefined : file.activeBySession[sessionId];
  const pinned = exists(file, file.pinnedListId) ? file.pinnedListId : null;
  return { version: 1, activeListId: exists(file, own) ? own : pinned, pinnedListId: pinned, lists: file.lists };
}

/**
 * Writes an edited view back into `file`: its lists, and, when the edit changed the active list, the session's active
 * list (without a session: the pinned list). A changed `pinnedListId` pins or unpins. References to deleted lists
 * are dropped everywhere.
 */
export function applyView(
  file: PlannerFile,
  sessionId: string | null,
  before: PlannerState,
  after: PlannerState,
): PlannerFile {
  const activeBySession = { ...file.activeBySession };
  let pinnedListId = after.pinnedListId !== before.pinnedListId ? after.pinnedListId : file.pinnedListId;
  if (after.activeListId !== before.activeListId) {
    if (sessionId === null) pinnedListId = after.activeListId;
    else if (after.activeListId === null || after.activeListId === pinnedListId) delete activeBySession[sessionId];
    else activeBySession[sessionId] = after.activeListId;
  }
  const ids = new Set(after.lists.map((list) => list.id));
  for (const [session, id] of Object.entries(activeBySession)) if (!ids.has(id)) delete activeBySession[session];
  if (pinnedListId !== null && !ids.has(pinnedListId)) pinnedListId = null;
  return { version: 2, lists: after.lists, pinnedListId, activeBySession };
}
