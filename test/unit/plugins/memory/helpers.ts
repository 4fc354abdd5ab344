// Test helpers for the memory plugin: temp dirs, the service over a real sidecar file, a deterministic bag-of-words
// embedder and a recording logger.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateFile } from '../../../../main/core/plugins/stateFile';
import type { Logger, ModelCapability } from '../../../../plugins/sdk';
import type { EmbedFn } from '../../../../plugins/memory/embedder';
import { MemoryService, type MemoryServiceOptions } from '../../../../plugins/memory/service';
import { SIDECAR_NAME, SidecarContent } from '../../../../plugins/memory/sidecar';

/** A fresh temp dir and a cleanup function. */
export async function tempDir(prefix = 'deskpilot-memory-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Opens a MemoryService on `options.dataDir` with its sidecar `<dataDir>/embedder.json`, opened by the runtime's own
 * state-file code as `ctx.state(SidecarContent, null, 'embedder')` would.
 */
export async function openMemoryService(options: Omit<MemoryServiceOptions, 'sidecar'>): Promise<MemoryService> {
  const sidecar = await openStateFile({
    path: join(options.dataDir, `${SIDECAR_NAME}.json`),
    schema: SidecarContent,
    initial: null,
    log: options.log,
  });
  return MemoryService.open({ ...options, sidecar });
}

/** Synonyms folded to one concept, so paraphrases land on the same dimensions (full text search cannot see this). */
const CONCEPTS: Record<string, string> = {
  automobile: 'car',
  vehicle: 'car',
  car: 'car',
  colour: 'color',
  color: 'color',
  red: 'color',
  crimson: 'color',
  puppy: 'dog',
  dog: 'dog',
  hound: 'dog',
  physician: 'doctor',
  doctor: 'doctor',
};

const STOP = new Set([
  'the',
  'a',
  'an',
  'is',
  'my',
  'what',
  'of',
  'user',
  's',
  'to',
  'do',
  'i',
  'in',
  'has',
  'have',
  'which',
]);

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Deterministic L2-normalized bag-of-concepts vector of `dimension` floats (words hashed, synonyms folded). */
export function bagOfWords(text: string, dimension = 64): number[] {
  const vector = new Array<number>(dimension).fill(0);
  for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (word === '' || STOP.has(word)) continue;
    vector[hash(CONCEPTS[word] ?? word) % dimension] += 1;
  }
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return norm === 0 ? vector.map((_, i) => (i === 0 ? 1 : 0)) : vector.map((value) => value / norm);
}

/** A recording embedder: model `bow-<dimension>` embeds with {@link bagOfWords} at that dimension. */
export function testEmbedder(options: { failWith?: () => Error | null; delayMs?: number } = {}): {
  embed: EmbedFn;
  calls: string[][];
} {
  const calls: string[][] = [];
  const embed: EmbedFn = async (texts, embedder) => {
    calls.push([...texts]);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const failure = options.failWith?.();
    if (failure) throw failure;
    const dimension = Number(/^bow-(\d+)$/.exec(embedder.model)?.[1] ?? 64);
    return texts.map((text) => bagOfWords(text, dimension));
  };
  return { embed, calls };
}

/** A ModelCapability whose embed uses {@link testEmbedder} and whose complete returns `answer(input)`. */
export function testModel(
  answer: (input: string) => string = () => '[]',
): ModelCapability & { embedCalls: string[][]; completeInputs: string[] } {
  const { embed, calls } = testEmbedder();
  const completeInputs: string[] = [];
  return {
    embedCalls: calls,
    completeInputs,
    complete: async ({ input }) => {
      completeInputs.push(input);
      return answer(input);
    },
    embed: ({ texts, model, baseUrl }) => embed(texts, { model, baseUrl }),
  };
}

/** A logger that records lines. */
export function recordingLogger(): Logger & {
  lines: { level: string; message: string; fields?: Record<string, unknown> }[];
} {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Every file under `dir` (recursive) with its content, for "left untouched" assertions. */
export async function snapshotFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path, (await readFile(path)).toString('base64'));
  }
  return files;
}
