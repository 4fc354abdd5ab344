// Durability: memories written through the plugin (in the host's real plugin context, so every file is on disk) are
// read back intact by a separate Node process.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createPluginContext } from '../../../../main/core/plugins/pluginContext';
import { Settings } from '../../../../main/core/settings/schema';
import plugin, { type MemoryRpc } from '../../../../plugins/memory/index';
import manifestJson from '../../../../plugins/memory/plugin.json';
import { PluginManifest } from '../../../../plugins/sdk/manifest';
import type { Memory } from '../../../../plugins/memory/types';
import { recordingLogger, tempDir, testModel } from './helpers';

const run = promisify(execFile);
const fixture = join(import.meta.dirname, 'fixtures', 'readMemories.ts');

async function readInNewProcess(dataDir: string, query: string, model?: string) {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', fixture, dataDir, query, ...(model ? [model] : [])],
    {
      cwd: join(import.meta.dirname, '../../../..'),
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout) as {
    list: { memories: Memory[]; total: number };
    search: { hits: { memory: Memory; score: number }[]; mode: string };
    status: unknown;
    embedCalls: string[][];
  };
}

describe('reopening in a new process', () => {
  it('keeps every memory, its provenance, tags, expiry and vectors', async () => {
    const { dir: home, cleanup } = await tempDir();
    try {
      const { ctx } = await createPluginContext({
        manifest: PluginManifest.parse(manifestJson),
        home,
        getSettings: () => Settings.parse({ plugins: { memory: { embedder: { model: 'bow-64' } } } }),
        capabilities: { model: testModel() },
        log: recordingLogger(),
      });
      const dir = ctx.dataDir;
      const contributions = await plugin.activate(ctx);
      // Cast: contributions.rpc is untyped at the SDK boundary; the plugin's own RPC type describes it.
      const rpc = contributions.rpc as unknown as MemoryRpc;
      // The first activation embeds a dimension probe in the background; wait for it so adds store vectors directly.
      while ((await rpc.status({})).state !== 'idle') await new Promise((resolve) => setTimeout(resolve, 10));
      const add = contributions.tools!.find((tool) => tool.name === 'add')!;
      const toolCtx = {
        signal: new AbortController().signal,
        sessionId: 's_abc',
        callId: 'call_9',
        cwd: dir,
        log: ctx.log,
      };
      await add.execute({ text: 'The user is allergic to peanuts', kind: 'fact', tags: ['health'] }, toolCtx);
      await add.execute(
        { text: 'Dentist appointment on 2030-03-04 at 9:00', kind: 'event', expiresAt: '2030-03-05T00:00:00Z' },
        toolCtx,
      );
      const { memories: written } = await rpc.list({});
      await plugin.deactivate!();

      const plain = await readInNewProcess(dir, 'peanuts');
      expect(plain.list.total).toBe(2);
      expect(plain.list.memories).toEqual(written);
      expect(plain.list.memories.find((memory) => memory.kind === 'event')).toMatchObject({
        expiresAt: Date.parse('2030-03-05T00:00:00Z'),
        tags: [],
      });
      expect(plain.search).toMatchObject({
        mode: 'fts',
        hits: [
          {
            memory: {
              text: 'The user is allergic to peanuts',
              tags: ['health'],
              source: { sessionId: 's_abc', callId: 'call_9', turnId: null },
            },
          },
        ],
      });

      const semantic = await readInNewProcess(dir, 'dentist appointment', 'bow-64');
      expect(semantic.search.mode).toBe('hybrid');
      expect(semantic.search.hits[0].memory.kind).toBe('event');
      expect(semantic.status).toEqual({ state: 'idle', done: 0, total: 0 });
      expect(semantic.embedCalls).toEqual([['dentist appointment']]); // vectors were stored: no re-embedding
    } finally {
      await cleanup();
    }
  }, 180_000); // two Node processes with tsx (up to 60 s each on a loaded machine) plus the writes
});
