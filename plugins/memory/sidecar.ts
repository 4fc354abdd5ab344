// The embedder identity sidecar `<dataDir>/embedder.json`: which model produced the stored vectors (a plugin state file).
import { z } from 'zod';
import type { PluginContext, StateHandle } from '../sdk';

/** Name of the sidecar state file: `ctx.state(..., SIDECAR_NAME)` is `<dataDir>/embedder.json`. */
export const SIDECAR_NAME = 'embedder';

/** Identity of the stored vectors: model, endpoint (null = the configured OpenAI account) and vector length. */
export const EmbedderIdentity = z.object({
  model: z.string().min(1),
  baseUrl: z.string().nullable(),
  dimension: z.number().int().positive(),
});
/** Shape of {@link EmbedderIdentity}. */
export type EmbedderIdentity = z.infer<typeof EmbedderIdentity>;

/** Content of the sidecar: the identity, or null before any vectors were stored (the file is then not written). */
export const SidecarContent = EmbedderIdentity.nullable();

/** The sidecar as a state handle. */
export type Sidecar = StateHandle<EmbedderIdentity | null>;

/**
 * Opens the sidecar through the plugin's state files (the runtime's one JSON-file mechanism): missing = null; an
 * invalid file is moved to `embedder.json.invalid-<time>` and logged, and null is used, so memories are re-embedded.
 */
export function openSidecar(state: PluginContext['state']): Promise<Sidecar> {
  return state(SidecarContent, null, SIDECAR_NAME);
}

/** Key comparing an embedder's model and endpoint (dimension excluded: it is learned from the first embedding). */
export function embedderKey(embedder: { model: string; baseUrl?: string | null }): string {
  return JSON.stringify([embedder.model, embedder.baseUrl ?? null]);
}
