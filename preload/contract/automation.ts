// Automation activity and the kill switch (issue 11): what a running browser/desktop action is doing, and Stop.
import { z } from 'zod';

/** One running automation action: which tool, for which session and call, doing what to which target. */
export const AutomationActivity = z.object({
  sessionId: z.string(),
  callId: z.string(),
  /** Tool name as the model sees it, e.g. `browser_click`. */
  tool: z.string(),
  /** Short verb phrase, e.g. `click`, `type text`. */
  action: z.string(),
  /** What it acts on, e.g. `button "Place order" on shop.example`, `(640, 360)`. */
  target: z.string(),
  /** When the action started, ISO 8601. */
  startedAt: z.string(),
});
/** Shape of {@link AutomationActivity}. */
export type AutomationActivity = z.infer<typeof AutomationActivity>;

/** Every automation action running now, oldest first (empty when idle). */
export const AutomationState = z.object({ running: z.array(AutomationActivity) });
/** Shape of {@link AutomationState}. */
export type AutomationState = z.infer<typeof AutomationState>;

/** Result of `automation/stop`: how many running actions were aborted. */
export const AutomationStopResult = z.object({ stopped: z.number().int().nonnegative() });
/** Shape of {@link AutomationStopResult}. */
export type AutomationStopResult = z.infer<typeof AutomationStopResult>;
