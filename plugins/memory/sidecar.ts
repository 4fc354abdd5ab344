// The embedder identity sidecar `<dataDir>/embedder.json`: which model produced the stored vectors.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** File name of the sidecar inside the plugin's data directory. */
export const SIDECAR_FILE = 'embedder.json';

/** Identity of the stored vectors: model, endpoint (null = the configured OpenAI account) and vector length. */
export const EmbedderIdentity = z.object({
  model: z.string().min(1),
  baseUrl: z.string().nullable(),
  dimension: z.number().int().positive(),
});
/** Shape of {@link EmbedderIdentity}. */
export type EmbedderIdentity = z.infer<typeof EmbedderIdentity>;

/** Key comparing an embedder's model and endpoint (dimension excluded: it is learned from the first embedding). */
export function embedderKey(embedder: { model: string; baseUrl?: string | null }): string {
  return JSON.stringify([embedder.model, embedder.baseUrl ?? null]);
}

/**
 * Reads the sidecar. Resolves to null when it is absent or unreadable (the caller then re-embeds, which rewrites it);
 * `onInvalid` is told why an existing file was ignored.
 */
export async function readSidecar(
  dataDir: string,
  onInvalid: (reason: string) => void,
): Promise<EmbedderIdentity | null> {
  const path = join(dataDir, SIDECAR_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    onInvalid(`${path} could not be read: ${(error as Error).message}`);
    return null;
  }
  try {
    const parsed = EmbedderIdentity.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    onInvalid(`${path} has an unexpected shape: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  } catch (error) {
    onInvalid(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return null;
}

/** Writes the sidecar atomically (temp file + fsync + rename + directory fsync). Throws on I/O failure. */
export async function writeSidecar(dataDir: string, identity: EmbedderIdentity): Promise<void> {
  const path = join(dataDir, SIDECAR_FILE);
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(identity, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new Error(`Could not save the embedder identity to ${path}: ${(error as Error).message}`, { cause: error });
  }
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
