// Benchmark: memory search latency (full text, hybrid) at 1k/10k/100k memories vs a JSON file scanned with cosine.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MemoryStore, VECTOR_INDEX_MIN_ROWS, type MemoryWrite } from '../../plugins/memory/store';
import { cosine } from '../../plugins/memory/text';
import type { Memory } from '../../plugins/memory/types';
import type { BenchRecord } from './types';

const SIZES = [1_000, 10_000, 100_000];
const DIMENSION = 256;
const QUERIES = 100;
const INSERT_BATCH = 2_000;
const LIMIT = 10;
/** The plugin's default `minSimilarity` (0.3) as a cosine distance bound. */
const MAX_DISTANCE = 0.7;
const BENCH = 'memory-search';

/** Deterministic PRNG (mulberry32) so every run searches the same data. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'ba', 'do', 'fi', 'gu', 'ha', 'jo', 'pe'];

/** A vocabulary of 4,096 pronounceable pseudo-words (three syllables each). */
const VOCABULARY = Array.from(
  { length: 4096 },
  (_, i) => SYLLABLES[i & 15] + SYLLABLES[(i >> 4) & 15] + SYLLABLES[(i >> 8) & 15],
);

function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i += 1) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The cheap deterministic embedder: L2-normalized hashed bag of words, {@link DIMENSION} floats. */
function embed(text: string): number[] {
  const vector = new Array<number>(DIMENSION).fill(0);
  for (const word of text.split(' ')) vector[hashWord(word) % DIMENSION] += 1;
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => value / norm);
}

/** Zipf-like word choice: common words recur, rare words make queries selective. */
function sentence(random: () => number, words: number): string {
  return Array.from({ length: words }, () => VOCABULARY[Math.floor(VOCABULARY.length * random() ** 2)]).join(' ');
}

function percentile(values: number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The baseline: every memory with its vector in one JSON array, searched by a full cosine scan. */
interface JsonEntry {
  id: string;
  text: string;
  vector: number[];
}

function scanTopK(entries: JsonEntry[], query: number[]): JsonEntry[] {
  const scored = entries.map((entry) => ({ entry, score: cosine(entry.vector, query) }));
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, LIMIT).map((item) => item.entry);
}

async function benchSize(size: number, root: string): Promise<BenchRecord[]> {
  const random = prng(size);
  const dataDir = join(root, `lance-${size}`);
  const store = await MemoryStore.open(dataDir);
  const records: BenchRecord[] = [];
  try {
    await store.resetVectors(DIMENSION);
    const now = Date.now();
    const json: JsonEntry[] = [];
    let insertMs = 0;
    for (let start = 0; start < size; start += INSERT_BATCH) {
      const writes: MemoryWrite[] = [];
      for (let i = start; i < Math.min(size, start + INSERT_BATCH); i += 1) {
        const text = sentence(random, 8 + Math.floor(random() * 10));
        const memory: Memory = {
          id: `mem_${i.toString(36).padStart(9, '0')}bench`,
          text,
          kind: 'fact',
          tags: [],
          source: { sessionId: 's_bench', turnId: null, callId: null, at: now },
          createdAt: now,
          updatedAt: now,
          expiresAt: null,
        };
        const vector = embed(text);
        writes.push({ memory, vector });
        json.push({ id: memory.id, text, vector });
      }
      insertMs += await time(() => store.insert(writes));
    }
    records.push({
      bench: BENCH,
      metric: `insert_${size}_throughput`,
      value: (size / insertMs) * 1000,
      unit: 'memories/s',
    });
    const optimizeMs = await time(() => store.optimize());
    records.push({
      bench: BENCH,
      metric: `optimize_${size}${size >= VECTOR_INDEX_MIN_ROWS ? '_with_ivf_flat' : ''}`,
      value: optimizeMs,
      unit: 'ms',
    });

    const jsonPath = join(root, `memories-${size}.json`);
    await writeFile(jsonPath, JSON.stringify(json));
    json.length = 0;
    let entries: JsonEntry[] = [];
    const loadMs = await time(async () => (entries = JSON.parse(await readFile(jsonPath, 'utf8')) as JsonEntry[]));
    records.push({ bench: BENCH, metric: `json_load_${size}`, value: loadMs, unit: 'ms' });

    const queries = Array.from({ length: QUERIES }, () => sentence(random, 3));
    const filter = { now: Date.now(), limit: LIMIT };
    // Warm-up: first queries open index files and fill caches.
    for (const query of queries.slice(0, 3)) {
      await store.searchText(query, filter);
      await store.searchHybrid(query, embed(query), { ...filter, maxDistance: MAX_DISTANCE });
    }
    const fts: number[] = [];
    const hybrid: number[] = [];
    const scan: number[] = [];
    for (const query of queries) {
      fts.push(await time(() => store.searchText(query, filter)));
      hybrid.push(await time(() => store.searchHybrid(query, embed(query), { ...filter, maxDistance: MAX_DISTANCE })));
      scan.push(await time(async () => scanTopK(entries, embed(query))));
    }
    const baseline = percentile(scan, 50);
    records.push({ bench: BENCH, metric: `json_cosine_scan_${size}_p50`, value: baseline, unit: 'ms' });
    records.push({ bench: BENCH, metric: `json_cosine_scan_${size}_p95`, value: percentile(scan, 95), unit: 'ms' });
    for (const [name, samples] of [
      ['fts', fts],
      ['hybrid', hybrid],
    ] as const) {
      const p50 = percentile(samples, 50);
      records.push({
        bench: BENCH,
        metric: `${name}_${size}_p50`,
        value: p50,
        unit: 'ms',
        baseline,
        ratio: p50 / baseline,
      });
      records.push({ bench: BENCH, metric: `${name}_${size}_p95`, value: percentile(samples, 95), unit: 'ms' });
    }
    return records;
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Builds LanceDB memory tables of 1,000, 10,000 and 100,000 synthetic memories (256-dimension vectors from a hashed
 * bag-of-words embedder, no model calls), then measures: insert throughput (memories/s, batches of 2,000),
 * optimize time (compaction + index refresh; the IVF_FLAT vector index at 100k), and p50/p95 latency (ms) of BM25 and hybrid search
 * against a JSON file of the same memories loaded once and scanned with cosine similarity (`baseline`, `ratio`).
 */
export async function run(): Promise<BenchRecord[]> {
  const root = await mkdtemp(join(tmpdir(), 'deskpilot-bench-memory-'));
  try {
    const records: BenchRecord[] = [];
    for (const size of SIZES) records.push(...(await benchSize(size, root)));
    return records;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const record of await run()) console.log(JSON.stringify(record));
}
