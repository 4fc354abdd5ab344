// The memory plugin through its SDK surface: tools, context provider, slash commands, auto-archive, activation errors.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import plugin, { type MemoryRpc } from '../../../../plugins/memory/index';
import type {
  ContextProviderDefinition,
  PluginContributions,
  SlashCommandDefinition,
  ToolDefinition,
} from '../../../../plugins/sdk';
import { createTestPluginContext, type TestPluginContext } from '../../../../plugins/sdk/testing';
import manifestJson from '../../../../plugins/memory/plugin.json';
import { PluginManifest } from '../../../../plugins/sdk/manifest';
import { estimateTokens } from '../../../../plugins/memory/text';
import { tempDir, testModel } from './helpers';

const today = new Date().toISOString().slice(0, 10);

function toolCtx(dir: string, ctx: TestPluginContext, callId = 'call_1') {
  return { signal: new AbortController().signal, sessionId: 's_1', callId, cwd: dir, log: ctx.log };
}

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('memory plugin', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let ctx: TestPluginContext;
  let contributions: PluginContributions;
  let options: {
    manifest: { id: string; permissions: ('model' | 'events')[] };
    dataDir: string;
    config: Record<string, unknown>;
    model: ReturnType<typeof testModel>;
  };
  let tool: (name: string) => ToolDefinition;
  let command: (name: string) => SlashCommandDefinition;
  let provider: ContextProviderDefinition;
  let rpc: MemoryRpc;

  async function activate(config: Record<string, unknown> = {}, answer?: (input: string) => string): Promise<void> {
    options = {
      manifest: { id: 'memory', permissions: ['model', 'events'] },
      dataDir: dir,
      config,
      model: testModel(answer),
    };
    ctx = createTestPluginContext(options);
    contributions = await plugin.activate(ctx);
    tool = (name) => contributions.tools!.find((candidate) => candidate.name === name)!;
    command = (name) => contributions.slashCommands!.find((candidate) => candidate.name === name)!;
    provider = contributions.contextProviders![0];
    // Cast: contributions.rpc is untyped at the SDK boundary; the plugin's own RPC type describes it.
    rpc = contributions.rpc as unknown as MemoryRpc;
  }

  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(async () => {
    await plugin.deactivate!();
    await cleanup();
  });

  it('ships the required manifest and contributions', async () => {
    expect(PluginManifest.parse(manifestJson)).toMatchObject({
      id: 'memory',
      version: '1.0.0',
      displayName: 'Memory',
      permissions: ['model', 'events'],
      activation: 'startup',
    });
    await activate();
    expect(contributions.tools!.map((candidate) => [candidate.name, candidate.risk])).toEqual([
      ['add', 'write'],
      ['search', 'read'],
      ['edit', 'write'],
      ['delete', 'write'],
      ['list', 'read'],
    ]);
    expect(contributions.contextProviders!.map((candidate) => [candidate.id, candidate.title])).toEqual([
      ['memory', 'Memory'],
    ]);
    expect(contributions.slashCommands!.map((candidate) => candidate.name)).toEqual(['memory', 'remember', 'forget']);
    expect(contributions.promptSections).toHaveLength(1);
    expect(contributions.promptSections![0]).toMatch(/memory_add[\s\S]*memory_search/);
    expect(contributions.promptSections![0].length).toBeLessThan(1000);
  });

  it('runs the tools with provenance, dedupe notices and clear refusals', async () => {
    await activate();
    const saved = String(
      await tool('add').execute(
        { text: 'The user prefers window seats on flights', kind: 'preference', tags: ['travel'] },
        toolCtx(dir, ctx),
      ),
    );
    const id = /mem_[a-z0-9]+/.exec(saved)![0];
    expect(saved).toBe(
      `Saved memory [${id} · preference · from session s_1 on ${today}] The user prefers window seats on flights #travel`,
    );
    const [memory] = (await rpc.list({})).memories;
    expect(memory.source).toMatchObject({ sessionId: 's_1', callId: 'call_1', turnId: null });

    const again = String(
      await tool('add').execute({ text: 'the user prefers window seats on flights.' }, toolCtx(dir, ctx, 'call_2')),
    );
    expect(again).toMatch(
      new RegExp(`^Updated existing memory ${id} instead of adding a duplicate \\(same text\\): \\[${id} · preference`),
    );
    expect((await rpc.list({})).total).toBe(1);

    expect(await tool('add').execute({ text: '  ' }, toolCtx(dir, ctx))).toEqual({
      output: expect.stringMatching(/memory text is empty/),
      isError: true,
    });
    expect(await tool('add').execute({ text: 'y'.repeat(4001) }, toolCtx(dir, ctx))).toEqual({
      output: expect.stringMatching(/limit is 4000/),
      isError: true,
    });
    expect(await tool('edit').execute({ id: 'mem_doesnotexist1', text: 'x' }, toolCtx(dir, ctx))).toEqual({
      output: expect.stringMatching(/No memory has id mem_doesnotexist1/),
      isError: true,
    });
    expect(await tool('delete').execute({ id: 'not-an-id' }, toolCtx(dir, ctx))).toEqual({
      output: expect.stringMatching(/is not a memory id/),
      isError: true,
    });

    await tool('add').execute({ text: 'Flight to Oslo on 2030-01-15', kind: 'event' }, toolCtx(dir, ctx, 'call_3'));
    const found = String(await tool('search').execute({ query: 'window seats' }, toolCtx(dir, ctx)));
    expect(found).toMatch(
      /^1 memory \(keyword search\), best first:\n- \[mem_[a-z0-9]+ · preference · from session s_1 on \d{4}-\d\d-\d\d\] the user prefers window seats on flights\. #travel$/,
    );
    expect(await tool('search').execute({ query: 'submarine' }, toolCtx(dir, ctx))).toBe(
      'No memories match "submarine".',
    );

    const edited = String(
      await tool('edit').execute(
        { id, text: 'The user prefers aisle seats', tags: ['travel', 'seats'] },
        toolCtx(dir, ctx),
      ),
    );
    expect(edited).toMatch(/^Updated memory \[mem_.* The user prefers aisle seats #travel #seats$/);

    const page = String(await tool('list').execute({ limit: 1 }, toolCtx(dir, ctx)));
    expect(page).toMatch(
      /^Memories 1–1 of 2, most recently updated first:\n- \[.*\] The user prefers aisle seats #travel #seats\nMore: call memory_list with offset 1\.$/,
    );
    expect(String(await tool('list').execute({ kind: 'event' }, toolCtx(dir, ctx)))).toMatch(/Flight to Oslo/);

    expect(String(await tool('delete').execute({ id }, toolCtx(dir, ctx)))).toMatch(/^Deleted memory \[/);
    expect((await rpc.list({})).total).toBe(1);
  });

  it('injects relevant memories with provenance within the token budget, and nothing otherwise', async () => {
    await activate({ tokenBudget: 60 });
    const notifications: number[] = [];
    const unsubscribe = provider.subscribe!(() => notifications.push(1));
    for (const text of [
      'The user owns a border collie named Pixel',
      'The border collie Pixel is afraid of thunder',
      'The user collects vinyl records of border jazz',
    ]) {
      await tool('add').execute({ text, kind: 'fact' }, toolCtx(dir, ctx));
    }
    expect(notifications.length).toBeGreaterThanOrEqual(3);
    const signal = new AbortController().signal;
    const snapshot = await provider.snapshot({
      sessionId: 's_2',
      latestUserText: 'Is Pixel the border collie ok?',
      cwd: dir,
      signal,
    });
    const text = provider.toPrompt(snapshot);
    expect(estimateTokens(text)).toBeLessThanOrEqual(60);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^Long-term memories/);
    expect(lines.length).toBe(2); // the budget fits one memory line
    expect(lines[1]).toMatch(
      new RegExp(
        `^- \\[mem_[a-z0-9]+ · fact · from session s_1 on ${today}\\] The (user owns a border collie named Pixel|border collie Pixel is afraid of thunder)$`,
      ),
    );
    const detail = provider.detail!(snapshot) as {
      memories: {
        id: string;
        text: string;
        kind: string;
        score: number;
        source: { sessionId: string; callId: string };
      }[];
    };
    expect(detail.memories).toHaveLength(1);
    expect(lines[1]).toContain(detail.memories[0].id);
    expect(lines[1]).toContain(detail.memories[0].text);
    expect(detail.memories[0]).toMatchObject({ kind: 'fact', source: { sessionId: 's_1', callId: 'call_1' } });
    expect(detail.memories[0].score).toBeGreaterThan(0);

    options.config = { tokenBudget: 800 };
    const wide = await provider.snapshot({
      sessionId: 's_2',
      latestUserText: 'Is Pixel the border collie ok?',
      cwd: dir,
      signal,
    });
    expect((provider.detail!(wide) as { memories: unknown[] }).memories).toHaveLength(3);

    for (const latestUserText of ['', '   ', 'What is the weather on Mars?']) {
      const empty = await provider.snapshot({ sessionId: 's_2', latestUserText, cwd: dir, signal });
      expect(provider.toPrompt(empty)).toBe('');
      expect(provider.detail!(empty)).toMatchObject({ memories: [] });
    }
    const before = notifications.length;
    unsubscribe();
    await tool('add').execute({ text: 'Unrelated fact about tea' }, toolCtx(dir, ctx));
    expect(notifications.length).toBe(before);
  });

  it('answers /remember, /memory and /forget', async () => {
    await activate();
    const signal = new AbortController().signal;
    expect((await command('memory').run({ sessionId: null, args: '', signal })).text).toMatch(/No memories stored yet/);
    const remembered = (
      await command('remember').run({ sessionId: 's_7', args: 'Standup is at 9:30 on weekdays', signal })
    ).text;
    expect(remembered).toMatch(
      new RegExp(
        `^Remembered: \\[mem_[a-z0-9]+ · note · from session s_7 on ${today}\\] Standup is at 9:30 on weekdays$`,
      ),
    );
    const id = /mem_[a-z0-9]+/.exec(remembered)![0];
    expect((await command('remember').run({ sessionId: null, args: '', signal })).text).toMatch(/memory text is empty/);
    expect((await command('memory').run({ sessionId: null, args: '', signal })).text).toMatch(
      new RegExp(`^1 memory; the most recent:\n- \\[${id}`),
    );
    expect((await command('memory').run({ sessionId: null, args: 'standup', signal })).text).toContain(id);
    expect((await command('memory').run({ sessionId: null, args: 'volcano', signal })).text).toBe(
      'No memories match "volcano".',
    );
    expect((await command('forget').run({ sessionId: null, args: id, signal })).text).toMatch(/^Forgot: \[/);
    expect((await command('forget').run({ sessionId: null, args: id, signal })).text).toMatch(/No memory has id/);
    expect((await command('forget').run({ sessionId: null, args: '', signal })).text).toMatch(/^Usage: \/forget <id>/);
  });

  it('auto-archives durable facts from completed turns when enabled, and logs failures', async () => {
    await activate({ autoArchive: true }, (input) =>
      input.includes('Mochi')
        ? 'Here you go:\n```json\n["The user\'s cat is called Mochi", "The user works at Acme Corp", 42]\n```'
        : 'not json at all',
    );
    const usage = { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0, totalTokens: 2 };
    ctx.emitTurnCompleted({
      sessionId: 's_9',
      turnId: 't_3',
      userText: 'My cat Mochi likes Acme Corp boxes; I work there.',
      assistantText: 'Noted!',
      usage,
    });
    await until(async () => (await rpc.list({})).total === 2, 'two archived memories');
    const { memories } = await rpc.list({});
    expect(memories.map((memory) => memory.text).sort()).toEqual([
      'The user works at Acme Corp',
      "The user's cat is called Mochi",
    ]);
    expect(
      memories.every(
        (memory) => memory.kind === 'fact' && memory.source?.sessionId === 's_9' && memory.source.turnId === 't_3',
      ),
    ).toBe(true);
    expect(options.model.completeInputs[0]).toContain('User: My cat Mochi');

    ctx.emitTurnCompleted({
      sessionId: 's_9',
      turnId: 't_4',
      userText: 'Thanks',
      assistantText: 'You are welcome',
      usage,
    });
    await until(
      () => ctx.logs.some((line) => line.message === 'Auto-archive failed for a turn'),
      'the failure log line',
    );
    expect((await rpc.list({})).total).toBe(2);
  });

  it('does not archive turns by default', async () => {
    await activate({}, () => '["should not be stored"]');
    const usage = { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningTokens: 0, totalTokens: 2 };
    ctx.emitTurnCompleted({ sessionId: 's_1', turnId: 't_1', userText: 'hello', assistantText: 'hi', usage });
    await plugin.deactivate!(); // waits for every archive in flight, so none can still be on its way
    expect(options.model.completeInputs).toEqual([]);
  });

  it('fails every memory operation on a damaged dataset, naming its path (the store opens on first use)', async () => {
    await activate();
    await tool('add').execute({ text: 'Something worth keeping' }, toolCtx(dir, ctx));
    await plugin.deactivate!();
    const { readdir } = await import('node:fs/promises');
    const manifests = (await readdir(join(dir, 'memories.lance', '_versions'))).filter((name) =>
      name.endsWith('.manifest'),
    );
    for (const name of manifests) await writeFile(join(dir, 'memories.lance', '_versions', name), 'garbage');
    await activate();
    const damaged = `The memory dataset at ${join(dir, 'memories.lance')} is damaged or unreadable`;
    await expect(tool('add').execute({ text: 'Another thing' }, toolCtx(dir, ctx))).rejects.toThrow(damaged);
    await expect(tool('search').execute({ query: 'thing' }, toolCtx(dir, ctx))).rejects.toThrow(damaged);
  });
});
