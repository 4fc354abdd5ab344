// The planner's persisted state: zod schema, derived types and the empty initial value (`<home>/planner.json`).
import { z } from 'zod';

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
 * The whole planner file. `activeListId` is the id of the list tools use when no list is named
 * (and the one injected into the model's context), or null when none is active.
 */
export const PlannerState = z.object({
  version: z.literal(1),
  activeListId: z.string().nullable(),
  lists: z.array(PlanList),
});
/** Shape of {@link PlannerState}. */
export type PlannerState = z.infer<typeof PlannerState>;

/** The state of a fresh install: no lists, nothing active. */
export const initialPlannerState: PlannerState = { version: 1, activeListId: null, lists: [] };
