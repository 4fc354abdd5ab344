// Tests for main/core/plugins/pluginContext.ts: data dir, logger scoping, state handle reuse, granted capabilities.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPluginContext, type PluginContextOptions } from '../../../../main/core/plugins/pluginContext';
import { Settings } from '../../../../main/core/settings/schema';
import { createLogger } from '../../../../main/core/util/log';
import type { PluginManifest } from '../../../../plugins/sdk/manifest';
import type { EventsCapability, TurnCompletedInfo } from '../../../../plugins/sdk/plugin';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'deskpilot-ctx-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const manifest = (permissions: PluginManifest['permissions'] = []): PluginManifest => ({
  id: 'probe',
  version: '1.0.0',
  displayName: 'Probe',
  description: '',
  permissions,
  activation: 'startup',
});
const options = (overrides: Partial<PluginContextOptions> = {}): PluginContextOptions => ({
  manifest: manifest(),
  home,
  getSettings: () => Settings.parse({}),
  capabilities: {},
  ...overrides,
});

describe('createPluginContext', () => {
  it('creates <home>/<id>/ and exposes home, dataDir and permissions', async () => {
    const { ctx } = await createPluginContext(options());
    expect(ctx.home).toBe(home);
    expect(ctx.dataDir).toBe(join(home, 'probe'));
    expect((await stat(ctx.dataDir)).isDirectory()).toBe(true);
    expect(ctx.permissions).toEqual([]);
  });

  it('names the data directory when it cannot be created', async () => {
    const file = join(home, 'not-a-dir');
    await writeFile(file, '');
    await expect(createPluginContext(options({ home: file }))).rejects.toThrow(
      `Cannot create the data directory ${join(file, 'probe')} of plugin "probe"`,
    );
  });

  it('scopes the logger as a child of a parent logger that has child()', async () => {
    const lines: { scope: string; msg: string }[] = [];
    const parent = createLogger('runtime', { level: 'debug', sink: (line) => void lines.push(JSON.parse(line)) });
    const { ctx } = await createPluginContext(options({ log: parent }));
    ctx.log.info('hello');
    expect(lines).toEqual([expect.objectContaining({ scope: 'runtime:plugin:probe', msg: 'hello' })]);
  });

  it('tags every line with the plugin id when the parent logger has no child()', async () => {
    const seen: [string, Record<string, unknown> | undefined][] = [];
    const parent = {
      debug: () => {},
      info: () => {},
      warn: (m: string, f?: Record<string, unknown>) => void seen.push([m, f]),
      error: () => {},
    };
    const { ctx } = await createPluginContext(options({ log: parent }));
    ctx.log.warn('careful', { n: 1 });
    expect(seen).toEqual([['careful', { plugin: 'probe', n: 1 }]]);
  });

  it('returns the same state handle for repeated state() calls', async () => {
    const { ctx } = await createPluginContext(options());
    const schema = z.object({ n: z.number() });
    const a = await ctx.state(schema, { n: 0 });
    await a.update(() => ({ n: 5 }));
    const b = await ctx.state(schema, { n: 0 });
    expect(b).toBe(a);
    expect(b.get()).toEqual({ n: 5 });
  });

  it('leaves a granted capability undefined (and warns) when the runtime provides none', async () => {
    const warnings: string[] = [];
    const parent = { debug: () => {}, info: () => {}, warn: (m: string) => void warnings.push(m), error: () => {} };
    const { ctx } = await createPluginContext(options({ manifest: manifest(['model']), log: parent }));
    expect(ctx.model).toBeUndefined();
    expect(warnings).toEqual([
      expect.stringContaining('Permission "model" is granted but this runtime provides no model capability'),
    ]);
  });

  it('throws from config() when the schema has no defaults for an invalid field', async () => {
    const warnings: string[] = [];
    const parent = { debug: () => {}, info: () => {}, warn: (m: string) => void warnings.push(m), error: () => {} };
    const { ctx } = await createPluginContext(options({ log: parent }));
    expect(() => ctx.config(z.object({ required: z.string() }))).toThrow(
      /Plugin "probe" config schema has no default[\s\S]*at required/,
    );
    expect(warnings).toEqual([expect.stringContaining('Settings plugins.probe are invalid')]);
  });

  it('dispose() removes the event listeners subscribed through the context', async () => {
    const listeners = new Set<(info: TurnCompletedInfo) => void>();
    const events: EventsCapability = { onTurnCompleted: (l) => (listeners.add(l), () => void listeners.delete(l)) };
    const built = await createPluginContext(options({ manifest: manifest(['events']), capabilities: { events } }));
    const off = built.ctx.events?.onTurnCompleted(() => {});
    built.ctx.events?.onTurnCompleted(() => {});
    expect(listeners.size).toBe(2);
    off?.();
    expect(listeners.size).toBe(1);
    built.dispose();
    expect(listeners.size).toBe(0);
  });
});
