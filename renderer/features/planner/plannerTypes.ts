// The planner plugin's UI shapes (plugins/planner/schema.ts, rpc.ts) as the Plan panel checks them; the renderer cannot import plugins.
import { z } from 'zod';

/** One todo item: `id` like `it_k3x9q2`; times ISO 8601 UTC (`doneAt` null while open); `note` optional free text. */
export const PlanItem = z.object({
  id: z.string(),
  text: z.string(),
  done: z.boolean(),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
  note: z.string().optional(),
});
/** Shape of {@link PlanItem}. */
export type PlanItem = z.infer<typeof PlanItem>;

/** One named list (`id` like `pl_k3x9q2`); items in display order; times ISO 8601 UTC. */
export const PlanList = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  items: z.array(PlanItem),
});
/** Shape of {@link PlanList}. */
export type PlanList = z.infer<typeof PlanList>;

/** What every planner UI method (`get`, `setDone`, `setActive`, `add`, `remove`) resolves to: the whole state. */
export const PlannerState = z.object({
  version: z.literal(1),
  activeListId: z.string().nullable(),
  lists: z.array(PlanList),
});
/** Shape of {@link PlannerState}. */
export type PlannerState = z.infer<typeof PlannerState>;
