// Tests for main/core/plugins/host.ts: activation and timing, lazy activation, isolation and rollback, permissions,
// state and config, enable/disable, disposal, and plugins loaded from a directory.
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { EventsCapability, ModelCapability, TurnCompletedInfo } from '../../../../plugins/sdk/plugin';
import { createTestHost, fixturePlugin, tool } from './fixtures/factory';

const homes: string[] = [];
async function setup(...args: Parameters<typeof createTestHost>) {
  const t = await createTestHost(...args);
  homes.push(t.home);
  return t;
}
afterEach(async () => {
  vi.useRealTimers();
  for (const home of homes.splice(0)) await rm(home, { recursive: true, force: true });
});

/** A promise the test settles by hand: `entered` once code reaches a point, `release` to let it go on. */
function gate() {
  let release!: () => void;
  let entered!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => (entered = resolve));
  return {
    release,
    reached,
    /** Marks the point as reached, then waits for `release()`. */
    wait: () => (entered(), released),
  };
}

/** Fake clocks for activation timing: only the host's timeout timer and `performance.now()`; real I/O goes on. */
const fakeClock = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });

describe('PluginHost activation', () => {
  it('activates startup plugins, registers prefixed tools, providers, commands and prompt sections, and times each', async () => {
    const { host, tools, context, commands } = await setup();
    fakeClock();
    const thinking = gate();
    const slow = fixturePlugin('web-search', {
      body: async () => {
        await thinking.wait();
        return {
          tools: [tool('query')],
          contextProviders: [
            { id: 'web-recent', title: 'Recent searches', snapshot: () => 'x', toPrompt: (s) => String(s) },
          ],
          slashCommands: [{ name: 'search', description: 'Search the web', run: () => ({ text: 'searched' }) }],
          promptSections: ['Use web_search_query for fresh facts.', '  '],
        };
      },
    });
    const fast = fixturePlugin('notes', {
      contributions: { tools: [tool('add')], promptSections: ['Notes are available.'] },
    });
    host.add(slow);
    host.add(fast);
    expect(host.list().map((p) => p.status)).toEqual(['inactive', 'inactive']);

    const started = host.activateStartup();
    await thinking.reached;
    vi.advanceTimersByTime(30); // the slow plugin's activate takes 30 ms of (fake) time
    thinking.release();
    await started;

    const [web, notes] = host.list();
    expect(web).toMatchObject({
      id: 'web-search',
      status: 'active',
      tools: ['web_search_query'],
      contextProviders: ['web-recent'],
      slashCommands: ['search'],
    });
    expect(notes).toMatchObject({ id: 'notes', status: 'active', tools: ['notes_add'] });
    expect(web.activationMs).toBe(30);
    expect(notes.activationMs).toBe(0);
    expect(tools.get('web_search_query')?.source).toBe('web-search');
    // Cast: a minimal stand-in: the code under test never reads it.
    expect(await tools.get('notes_add')?.tool.execute({}, {} as never)).toBe('add ok');
    expect(context.list().map((p) => [p.id, p.source])).toEqual([['web-recent', 'web-search']]);
    expect(commands.list().map((c) => [c.name, c.source])).toEqual([['search', 'web-search']]);
    expect(host.promptSections()).toEqual(['Use web_search_query for fresh facts.', 'Notes are available.']);
    expect(slow.probe.activations).toBe(1);
    expect(slow.probe.contexts[0].dataDir).toBe(join(slow.probe.contexts[0].home, 'web-search'));
  });

  it('activates a lazy plugin only on ensureActive, once, even when asked concurrently', async () => {
    const { host, tools } = await setup();
    const lazy = fixturePlugin('lazy-one', {
      manifest: { activation: 'lazy' },
      contributions: { tools: [tool('go')] },
    });
    host.add(lazy);
    await host.activateStartup();
    expect(lazy.probe.loads).toBe(0);
    expect(host.list()[0]).toMatchObject({ status: 'inactive', tools: [] });
    expect(tools.get('lazy_one_go')).toBeUndefined();
    expect(host.pluginIdForTool('lazy_one_go')).toBe('lazy-one');
    expect(host.pluginIdForTool('other_go')).toBeUndefined();

    const seen: string[] = [];
    host.onChanged((info) => seen.push(`${info.id}:${info.status}`));
    const [a, b] = await Promise.all([host.ensureActive('lazy-one'), host.ensureActive('lazy-one')]);
    expect(a.status).toBe('active');
    expect(b.status).toBe('active');
    expect(lazy.probe.activations).toBe(1);
    expect(tools.get('lazy_one_go')?.source).toBe('lazy-one');
    expect(seen).toContain('lazy-one:active');
  });

  it('ensureAllActive activates every enabled lazy plugin', async () => {
    const { host } = await setup();
    host.add(fixturePlugin('lazy-a', { manifest: { activation: 'lazy' } }));
    host.add(fixturePlugin('lazy-b', { manifest: { activation: 'lazy' } }));
    await host.ensureAllActive();
    expect(host.list().map((p) => p.status)).toEqual(['active', 'active']);
  });

  it('rejects ensureActive for an unknown plugin', async () => {
    const { host } = await setup();
    host.add(fixturePlugin('known'));
    await expect(host.ensureActive('ghost')).rejects.toThrow(/No plugin with id "ghost".*known/);
  });

  it('refuses duplicate ids and invalid manifests in add()', async () => {
    const { host } = await setup();
    host.add(fixturePlugin('twice'));
    expect(() => host.add(fixturePlugin('twice'))).toThrow(/already added/);
    expect(() => host.add(fixturePlugin('Bad Id'))).toThrow(/Invalid plugin manifest[\s\S]*at id/);
    expect(() => host.add(fixturePlugin('sessions'))).toThrow(/reserved/);
  });
});

describe('PluginHost isolation', () => {
  it('marks a throwing plugin failed, registers none of its tools, and keeps the others working', async () => {
    const { host, tools, logs } = await setup();
    host.add(fixturePlugin('good', { contributions: { tools: [tool('ok')] } }));
    host.add(
      fixturePlugin('broken', {
        body: () => {
          throw new Error('database is locked');
        },
      }),
    );
    host.add({
      manifest: {
        id: 'unloadable',
        version: '1.0.0',
        displayName: 'U',
        description: '',
        permissions: [],
        activation: 'startup',
      },
      load: () => Promise.reject(new Error('module not found')),
    });
    host.add(fixturePlugin('after', { contributions: { tools: [tool('ok')] } }));

    await host.activateStartup();

    const byId = Object.fromEntries(host.list().map((p) => [p.id, p]));
    expect(byId.broken).toMatchObject({ status: 'failed', error: 'database is locked', tools: [] });
    expect(byId.broken.activationMs).toBeGreaterThanOrEqual(0);
    expect(byId.unloadable).toMatchObject({ status: 'failed', error: 'module not found' });
    expect(byId.good.status).toBe('active');
    expect(byId.after.status).toBe('active');
    expect(tools.names()).toEqual(['after_ok', 'good_ok']);
    expect(
      logs.some(
        (l) =>
          l.level === 'error' && l.msg.includes('"broken" failed to activate') && l.msg.includes('database is locked'),
      ),
    ).toBe(true);

    await host.ensureActive('broken');
    expect(host.list().find((p) => p.id === 'broken')?.status).toBe('failed');
  });

  it('rolls back every contribution of a plugin whose tool name clashes, and calls its deactivate', async () => {
    const { host, tools, context, commands } = await setup();
    tools.register(tool('ping'), { exposedName: 'clash_ping' });
    const clash = fixturePlugin('clash', {
      contributions: {
        tools: [tool('first'), tool('ping')],
        contextProviders: [{ id: 'clash-ctx', title: 'C', snapshot: () => 1, toPrompt: () => 'c' }],
        slashCommands: [{ name: 'clash', description: 'c', run: () => ({ text: '' }) }],
        promptSections: ['never shown'],
      },
    });
    host.add(clash);
    host.add(fixturePlugin('fine', { contributions: { tools: [tool('ok')] } }));
    await host.activateStartup();

    const info = host.list()[0];
    expect(info.status).toBe('failed');
    expect(info.error).toMatch(/"clash_ping".*already registered by builtin/);
    expect(tools.names()).toEqual(['clash_ping', 'fine_ok']);
    expect(tools.get('clash_ping')?.source).toBe('builtin');
    expect(context.has('clash-ctx')).toBe(false);
    expect(commands.has('clash')).toBe(false);
    expect(host.promptSections()).toEqual([]);
    expect(clash.probe.deactivations).toBe(1);
  });

  it('fails the second plugin contributing a slash command or provider name that is taken', async () => {
    const { host, context, commands } = await setup();
    host.add(
      fixturePlugin('first', {
        contributions: {
          slashCommands: [{ name: 'todo', description: 't', run: () => ({ text: '1' }) }],
          contextProviders: [{ id: 'todo', title: 'T', snapshot: () => 1, toPrompt: () => '' }],
        },
      }),
    );
    host.add(
      fixturePlugin('second', {
        contributions: {
          tools: [tool('x')],
          slashCommands: [{ name: 'TODO', description: 't', run: () => ({ text: '2' }) }],
        },
      }),
    );
    host.add(
      fixturePlugin('third', {
        contributions: { contextProviders: [{ id: 'todo', title: 'T', snapshot: () => 1, toPrompt: () => '' }] },
      }),
    );
    await host.activateStartup();
    expect(host.list().map((p) => p.status)).toEqual(['active', 'failed', 'failed']);
    expect(host.list()[1].error).toMatch(/\/todo is already registered \(by first\)/);
    expect(host.list()[2].error).toMatch(/"todo" is already registered \(by first\)/);
    expect((await commands.run('todo', { sessionId: null, args: '', signal: new AbortController().signal })).text).toBe(
      '1',
    );
    expect(context.list().map((p) => p.source)).toEqual(['first']);
  });

  it('fails a plugin whose activation exceeds the timeout and releases it when it finishes late', async () => {
    const { host, tools } = await setup({ activationTimeoutMs: 40 });
    fakeClock();
    const hanging = gate();
    let deactivated!: () => void;
    const released = new Promise<void>((resolve) => (deactivated = resolve));
    const hung = fixturePlugin('hung', {
      body: async () => {
        await hanging.wait();
        return { tools: [tool('late')] };
      },
      deactivate: () => deactivated(),
    });
    host.add(hung);
    host.add(fixturePlugin('quick', { contributions: { tools: [tool('ok')] } }));
    const started = host.activateStartup();
    await hanging.reached;
    await vi.advanceTimersByTimeAsync(40);
    await started;
    expect(host.list()[0]).toMatchObject({ status: 'failed' });
    expect(host.list()[0].error).toMatch(/longer than 40 ms/);
    expect(host.list()[1].status).toBe('active');
    expect(hung.probe.deactivations).toBe(0);
    hanging.release(); // the activation finishes late: the host must release it, never register it
    await released;
    expect(tools.names()).toEqual(['quick_ok']);
    expect(hung.probe.deactivations).toBe(1);
  });

  it('fails a plugin whose module has no definition', async () => {
    const { host } = await setup();
    host.add({
      manifest: {
        id: 'empty',
        version: '1.0.0',
        displayName: 'E',
        description: '',
        permissions: [],
        activation: 'startup',
      },
      // Cast: a plugin module whose load result is never used.
      load: () => ({}) as never,
    });
    await host.activateStartup();
    expect(host.list()[0].error).toMatch(/default-export definePlugin/);
  });
});

describe('PluginHost permissions, state and config', () => {
  const model: ModelCapability = { complete: async () => 'answer', embed: async ({ texts }) => texts.map(() => [1]) };
  function eventsHub() {
    const listeners = new Set<(info: TurnCompletedInfo) => void>();
    const events: EventsCapability = {
      onTurnCompleted(listener) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    };
    return { events, listeners };
  }

  it('gives a plugin only the capabilities its permissions grant', async () => {
    const hub = eventsHub();
    const notifications = { notify: () => {} };
    const { host } = await setup({
      capabilities: { model, events: hub.events, notifications },
      settings: { model: 'gpt-test' },
    });
    const plain = fixturePlugin('plain');
    const granted = fixturePlugin('granted', {
      manifest: { permissions: ['model', 'events', 'notifications', 'settings:read'] },
    });
    host.add(plain);
    host.add(granted);
    await host.activateStartup();

    const p = plain.probe.contexts[0];
    expect(p.model).toBeUndefined();
    expect(p.events).toBeUndefined();
    expect(p.notifications).toBeUndefined();
    expect(p.setting).toBeUndefined();
    expect(p.permissions).toEqual([]);

    const g = granted.probe.contexts[0];
    expect(await g.model?.complete({ instructions: '', input: 'q' })).toBe('answer');
    expect(g.notifications).toBe(notifications);
    expect(g.setting?.('model')).toBe('gpt-test');
    expect(g.setting?.('compatible.baseUrl')).toBe('http://127.0.0.1:11434/v1');
    expect(g.setting?.('no.such.path')).toBeUndefined();
    expect(host.list()[1].permissions).toEqual(['model', 'events', 'notifications', 'settings:read']);

    g.events?.onTurnCompleted(() => {});
    expect(hub.listeners.size).toBe(1);
    await host.deactivate('granted');
    expect(hub.listeners.size).toBe(0);
  });

  it('persists state across two hosts on the same home', async () => {
    const Schema = z.object({ runs: z.number().int() });
    const counting = () =>
      fixturePlugin('counter', {
        body: async (ctx) => {
          const state = await ctx.state(Schema, { runs: 0 });
          await state.update((s) => ({ runs: s.runs + 1 }));
          return {};
        },
      });
    const first = await setup();
    const p1 = counting();
    first.host.add(p1);
    await first.host.activateStartup();
    await first.host.dispose();
    expect(JSON.parse(await readFile(join(first.home, 'counter.json'), 'utf8'))).toEqual({ runs: 1 });

    const second = await setup({ home: first.home });
    const p2 = counting();
    second.host.add(p2);
    await second.host.activateStartup();
    const state = await p2.probe.contexts[0].state(Schema, { runs: 0 });
    expect(state.get()).toEqual({ runs: 2 });
  });

  it('backs up an invalid state file and starts from the initial value', async () => {
    const { host, home, logs } = await setup();
    await writeFile(join(home, 'keeper.json'), '{"items": "not-an-array"}');
    const keeper = fixturePlugin('keeper', {
      body: async (ctx) => {
        const state = await ctx.state(z.object({ items: z.array(z.string()) }), { items: [] });
        return { promptSections: [`items: ${state.get().items.length}`] };
      },
    });
    host.add(keeper);
    await host.activateStartup();
    expect(host.list()[0].status).toBe('active');
    expect(host.promptSections()).toEqual(['items: 0']);
    const backups = (await readdir(home)).filter((f) => f.startsWith('keeper.json.invalid-'));
    expect(backups).toHaveLength(1);
    expect(await readFile(join(home, backups[0]), 'utf8')).toBe('{"items": "not-an-array"}');
    const line = logs.find((l) => l.level === 'error' && l.scope === 'plugins:plugin:keeper');
    expect(line?.msg).toContain(join(home, 'keeper.json'));
    expect(line?.msg).toContain('(items: ');
  });

  it('reads config() from settings.plugins[id], falling back to defaults when invalid', async () => {
    const Config = z.object({ limit: z.number().int().positive().default(10), mode: z.enum(['a', 'b']).default('a') });
    const { host, state, logs } = await setup({ settings: { plugins: { cfg: { limit: 3 } } } });
    const cfg = fixturePlugin('cfg');
    host.add(cfg);
    await host.activateStartup();
    const ctx = cfg.probe.contexts[0];
    expect(ctx.config(Config)).toEqual({ limit: 3, mode: 'a' });

    state.settings = { ...state.settings, plugins: { cfg: { limit: -1 } } };
    expect(ctx.config(Config)).toEqual({ limit: 10, mode: 'a' });
    expect(logs.some((l) => l.level === 'warn' && l.msg.includes('plugins.cfg') && l.msg.includes('at limit'))).toBe(
      true,
    );
  });
});

describe('PluginHost enable, disable and disposal', () => {
  it('does not activate a plugin listed in settings.disabledPlugins', async () => {
    const { host, tools } = await setup({ settings: { disabledPlugins: ['off'] } });
    const off = fixturePlugin('off', { contributions: { tools: [tool('x')] } });
    host.add(off);
    await host.activateStartup();
    await host.ensureActive('off');
    expect(host.list()[0].status).toBe('disabled');
    expect(off.probe.loads).toBe(0);
    expect(tools.names()).toEqual([]);
  });

  it('setEnabled deactivates and re-activates a plugin', async () => {
    const { host, tools, commands } = await setup({ settings: { disabledPlugins: ['toggle'] } });
    const toggle = fixturePlugin('toggle', {
      contributions: {
        tools: [tool('x')],
        slashCommands: [{ name: 'tg', description: 't', run: () => ({ text: '' }) }],
      },
    });
    host.add(toggle);
    await host.activateStartup();

    expect((await host.setEnabled('toggle', true)).status).toBe('active');
    expect(tools.names()).toEqual(['toggle_x']);
    expect(commands.has('tg')).toBe(true);

    expect((await host.setEnabled('toggle', false)).status).toBe('disabled');
    expect(tools.names()).toEqual([]);
    expect(commands.has('tg')).toBe(false);
    expect(toggle.probe.deactivations).toBe(1);

    expect((await host.setEnabled('toggle', true)).status).toBe('active');
    expect(toggle.probe.activations).toBe(2);
  });

  it('setEnabled keeps a lazy plugin inactive until ensureActive, and retries a failed plugin', async () => {
    const { host } = await setup();
    let fail = true;
    const flaky = fixturePlugin('flaky', {
      body: () => {
        if (fail) throw new Error('first start fails');
        return {};
      },
    });
    host.add(flaky);
    host.add(fixturePlugin('lazy', { manifest: { activation: 'lazy' } }));
    await host.activateStartup();
    expect(host.list()[0].status).toBe('failed');

    fail = false;
    expect((await host.setEnabled('flaky', true)).status).toBe('active');
    expect(host.list()[0].error).toBeUndefined();

    await host.setEnabled('lazy', false);
    expect((await host.setEnabled('lazy', true)).status).toBe('inactive');
    expect((await host.ensureActive('lazy')).status).toBe('active');
  });

  it('dispose calls every deactivate in reverse order and removes tools, providers and commands', async () => {
    const { host, tools, context, commands } = await setup();
    const order: string[] = [];
    for (const id of ['one', 'two']) {
      host.add(
        fixturePlugin(id, {
          contributions: {
            tools: [tool('t')],
            contextProviders: [{ id: `${id}-ctx`, title: id, snapshot: () => 1, toPrompt: () => id }],
            slashCommands: [{ name: `${id}-cmd`, description: id, run: () => ({ text: id }) }],
            promptSections: [id],
          },
          deactivate: () => void order.push(id),
        }),
      );
    }
    host.add(
      fixturePlugin('grumpy', {
        deactivate: () => {
          throw new Error('cannot close');
        },
      }),
    );
    await host.activateStartup();
    expect(tools.names()).toEqual(['one_t', 'two_t']);

    await host.dispose();
    expect(order).toEqual(['two', 'one']);
    expect(tools.names()).toEqual([]);
    expect(context.list()).toEqual([]);
    expect(commands.list()).toEqual([]);
    expect(host.promptSections()).toEqual([]);
    expect(host.list().map((p) => p.status)).toEqual(['inactive', 'inactive', 'inactive']);
    await host.ensureActive('one');
    expect(host.list()[0].status).toBe('inactive');
    expect(() => host.add(fixturePlugin('late'))).toThrow(/disposed/);
  });

  it('deactivate removes one plugin and leaves the others', async () => {
    const { host, tools } = await setup();
    host.add(fixturePlugin('keep', { contributions: { tools: [tool('a')] } }));
    host.add(fixturePlugin('drop', { contributions: { tools: [tool('a')] } }));
    await host.activateStartup();
    await host.deactivate('drop');
    expect(tools.names()).toEqual(['keep_a']);
    expect(host.list().map((p) => p.status)).toEqual(['active', 'inactive']);
  });
});

describe('PluginHost.addFromDirectory', () => {
  const fixtureDir = join(import.meta.dirname, 'fixtures', 'echo-plugin');

  it('reads plugin.json and imports the entry on activation', async () => {
    const { host, tools, commands } = await setup({ settings: { model: 'gpt-dir' } });
    const info = await host.addFromDirectory(fixtureDir);
    expect(info).toMatchObject({ id: 'echo-dir', version: '1.2.3', activation: 'lazy', status: 'inactive' });
    expect((await host.ensureActive('echo-dir')).status).toBe('active');
    // Cast: a minimal stand-in: the code under test never reads it.
    expect(await tools.get('echo_dir_say')?.tool.execute({ text: 'hi' }, {} as never)).toBe('hi (model gpt-dir)');
    expect(commands.has('echo-dir')).toBe(true);
    expect(host.promptSections()).toEqual(['Echo plugin loaded from a directory.']);
  });

  it('names the directory when there is no entry file', async () => {
    const { host, home } = await setup();
    await writeFile(
      join(home, 'plugin.json'),
      JSON.stringify({ id: 'lonely', version: '1.0.0', displayName: 'L', description: '' }),
    );
    await expect(host.addFromDirectory(home)).rejects.toThrow(new RegExp(`${home} has no entry file`));
  });

  it('reports manifest problems with the file path', async () => {
    const { host, home } = await setup();
    await writeFile(join(home, 'plugin.json'), JSON.stringify({ id: 'x', version: '1' }));
    await expect(host.addFromDirectory(home)).rejects.toThrow(
      new RegExp(`${join(home, 'plugin.json')}[\\s\\S]*at id[\\s\\S]*at version[\\s\\S]*at displayName`),
    );
  });
});
