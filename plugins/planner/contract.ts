// The planner plugin's UI contract: its persisted state and the `plugin/call` methods the Plan panel uses. Zod only.
import { z } from 'zod';

/** The plugin id the UI calls (`plugin/call` pluginId). */
export const PLANNER_PLUGIN_ID = 'planner';

/**
 * One todo item. `id` looks like `it_k3x9q2`; timestamps are ISO 8601 UTC strings
 * (`createdAt` when added, `doneAt` when last checked, null while open); `note` is optional free text.
 */
export const PlanItem = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  done: z.boolean(),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
  note: z.string().optional(),
});
/** Shape of {@link PlanItem}. */
export type PlanItem = z.infer<typeof PlanItem>;

/**
 * One named list. `id` looks like `pl_k3x9q2`; `name` is unique among lists ignoring case;
 * `createdAt`/`updatedAt` are ISO 8601 UTC strings (`updatedAt` changes on every edit to the list or its items);
 * `items` are in display order (index 0 is item 1).
 */
export const PlanList = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
  items: z.array(PlanItem),
});
/** Shape of {@link PlanList}. */
export type PlanList = z.infer<typeof PlanList>;

/**
 * The planner as one session sees it (what the UI methods return). `activeListId` is the list that session's tools use
 * when no list is named and the one injected into its model context: the session's own active list, else the list
 * pinned as global, else null. `pinnedListId` is the list pinned as global (shown in every chat), or null. Plans
 * belong to the session that activated them; only a pinned list is shared by all sessions.
 */
export const PlannerState = z.object({
  version: z.literal(1),
  activeListId: z.string().nullable(),
  pinnedListId: z.string().nullable().default(null),
  lists: z.array(PlanList),
});
/** Shape of {@link PlannerState}. */
export type PlannerState = z.infer<typeof PlannerState>;

const ListRef = z.string().trim().min(1, 'is empty; give a list name or id');
/** An item id (`it_…`) or its 1-based position. */
const ItemRef = z.union([
  z.string().trim().min(1, 'is empty; give an item id or 1-based position'),
  z.number().int().min(1),
]);

/** The session whose view of the plan a UI method reads and edits; null or absent: no session (the pinned list only). */
const SessionRef = z.string().min(1).nullable().optional();

/** `get` params: the session whose view to return. */
export const GetParams = z.strictObject({ sessionId: SessionRef });
/** `setDone` params: the list (name or id), the item (id or 1-based position) and its new state. */
export const SetDoneParams = z.strictObject({ sessionId: SessionRef, list: ListRef, item: ItemRef, done: z.boolean() });
/** `setActive` params: the list (name or id) to make the session's active list (without a session: pin it). */
export const SetActiveParams = z.strictObject({ sessionId: SessionRef, list: ListRef });
/** `pin` params: the list (name or id) to pin as global, shown in every chat; null unpins. */
export const PinParams = z.strictObject({ sessionId: SessionRef, list: ListRef.nullable() });
/** `add` params: the item text, appended to `list` (default: the active list). */
export const AddParams = z.strictObject({ sessionId: SessionRef, list: ListRef.optional(), text: z.string() });
/** `remove` params: the item (id or 1-based position) to remove from `list` (default: the active list). */
export const RemoveParams = z.strictObject({ sessionId: SessionRef, list: ListRef.optional(), item: ItemRef });

/**
 * The UI methods (`plugin/call` with pluginId {@link PLANNER_PLUGIN_ID}): each resolves to the session's
 * {@link PlannerState} view after the change, as saved. The plugin's rpc.ts implements exactly these.
 */
export const plannerUi = {
  pluginId: PLANNER_PLUGIN_ID,
  methods: {
    get: { params: GetParams, result: PlannerState },
    setDone: { params: SetDoneParams, result: PlannerState },
    setActive: { params: SetActiveParams, result: PlannerState },
    pin: { params: PinParams, result: PlannerState },
    add: { params: AddParams, result: PlannerState },
    remove: { params: RemoveParams, result: PlannerState },
  },
} as const;
