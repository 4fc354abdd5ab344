// Tests for SettingsStore: defaults, update, setByPath coercion and errors, invalid files (backup + warning), listeners.
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../main/core/settings/schema';
import { SettingsError, SettingsStore } from '../../../../main/core/settings/store';

let home: string;
const fixedNow = () => new Date('2026-01-02T03:04:05.678Z');
const file = () => join(home, 'settings.json');
const readJson = async () => JSON.parse(await readFile(file(), 'utf8')) as Record<string, unknown>;
const backups = async () => (await readdir(home)).filter((n) => n.startsWith('settings.json.invalid-'));

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'deskpilot-settings-'));
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('SettingsStore', () => {
  it('uses defaults for a missing file and does not create it', async () => {
    const store = await SettingsStore.open(home);
    expect(store.get()).toEqual(defaultSettings());
    expect(store.warnings).toEqual([]);
    expect(await readdir(home)).toEqual([]);
  });

  it('updates with a deep merge, writes only what the user set, and reopens the same', async () => {
    const store = await SettingsStore.open(home);
    await store.update({ model: 'gpt-5', compatible: { baseUrl: 'http://localhost:1234/v1' } });
    const after = await store.update({ maxToolRounds: 12 });
    expect(after).toMatchObject({
      model: 'gpt-5',
      maxToolRounds: 12,
      compatible: { baseUrl: 'http://localhost:1234/v1' },
    });
    expect(await readJson()).toEqual({
      version: 1,
      model: 'gpt-5',
      compatible: { baseUrl: 'http://localhost:1234/v1' },
      maxToolRounds: 12,
    });
    const reopened = await SettingsStore.open(home);
    expect(reopened.get()).toEqual(after);
    expect(reopened.warnings).toEqual([]);
    await reopened.update({ openai: { baseUrl: 'https://example.test/v1' } });
    const cleared = await reopened.update({ openai: { baseUrl: undefined } });
    expect(cleared.openai.baseUrl).toBeUndefined();
  });

  it('returns frozen settings', async () => {
    const store = await SettingsStore.open(home);
    expect(() => (store.get().disabledPlugins as string[]).push('x')).toThrow(TypeError);
  });

  it('rejects an invalid update naming the key, and writes nothing', async () => {
    const store = await SettingsStore.open(home);
    await expect(store.update({ maxToolRounds: -3 })).rejects.toThrow(
      /"maxToolRounds": expected an integer from 1 to 1000, got -3/,
    );
    await expect(store.update({ theme: 'purple' as never })).rejects.toThrow(
      /"theme": expected one of "system", "light", "dark", got "purple"/,
    );
    await expect(store.update({ maxToolRound: 3 } as never)).rejects.toThrow(
      /Unknown setting "maxToolRound". Did you mean "maxToolRounds"/,
    );
    await expect(store.update({ maxToolRounds: -3 })).rejects.toBeInstanceOf(SettingsError);
    expect(await readdir(home)).toEqual([]);
    expect(store.get().maxToolRounds).toBe(40);
  });

  it('coerces raw CLI strings by the schema type at the path', async () => {
    const store = await SettingsStore.open(home);
    expect((await store.setByPath('maxToolRounds', ' 60 ')).maxToolRounds).toBe(60);
    expect((await store.setByPath('compactionThreshold', '0.5')).compactionThreshold).toBe(0.5);
    expect((await store.setByPath('launchAtLogin', 'yes')).launchAtLogin).toBe(true);
    expect((await store.setByPath('launchAtLogin', 'False')).launchAtLogin).toBe(false);
    expect((await store.setByPath('theme', 'DARK')).theme).toBe('dark');
    expect((await store.setByPath('persona', 'Be brief, please.')).persona).toBe('Be brief, please.');
    expect((await store.setByPath('disabledPlugins', 'browser, desktop,')).disabledPlugins).toEqual([
      'browser',
      'desktop',
    ]);
    expect((await store.setByPath('disabledPlugins', '["a,b"]')).disabledPlugins).toEqual(['a,b']);
    expect((await store.setByPath('disabledPlugins', '')).disabledPlugins).toEqual([]);
    expect((await store.setByPath('openai.baseUrl', 'https://proxy.test/v1')).openai.baseUrl).toBe(
      'https://proxy.test/v1',
    );
    expect((await store.setByPath('openai.baseUrl', '')).openai.baseUrl).toBeUndefined();
    expect((await store.setByPath('plugins.memory.topK', '5')).plugins).toEqual({ memory: { topK: 5 } });
    expect((await store.setByPath('plugins.memory.mode', 'fast')).plugins).toEqual({
      memory: { topK: 5, mode: 'fast' },
    });
    expect((await store.setByPath('plugins.memory.topK', '')).plugins).toEqual({ memory: { mode: 'fast' } });
    expect((await store.setByPath('plugins.planner', '{"a":[1]}')).plugins.planner).toEqual({ a: [1] });
    expect(store.getByPath('maxToolRounds')).toBe(60);
    expect(store.getByPath('compatible')).toEqual({ baseUrl: 'http://127.0.0.1:11434/v1' });
    expect((await readJson()).theme).toBe('dark');
  });

  it('explains bad keys and values from the CLI', async () => {
    const store = await SettingsStore.open(home);
    await expect(store.setByPath('maxToolRounds', 'abc')).rejects.toThrow(
      '"maxToolRounds": expected an integer from 1 to 1000, got "abc".',
    );
    await expect(store.setByPath('approvalTimeoutMs', '1.5')).rejects.toThrow(
      /"approvalTimeoutMs": expected a positive integer, got 1.5/,
    );
    await expect(store.setByPath('launchAtLogin', 'maybe')).rejects.toThrow(/expected true or false, got "maybe"/);
    await expect(store.setByPath('reasoningEffort', 'extreme')).rejects.toThrow(
      /one of "none", "minimal", "low", "medium", "high"/,
    );
    await expect(store.setByPath('compatible.baseUrl', 'not a url')).rejects.toThrow(
      /"compatible.baseUrl": expected a URL/,
    );
    await expect(store.setByPath('modle', 'x')).rejects.toThrow(/Unknown setting "modle". Did you mean "model"/);
    await expect(store.setByPath('baseUrl', 'x')).rejects.toThrow(/"openai.baseUrl" or "compatible.baseUrl"/);
    await expect(store.setByPath('openai', 'x')).rejects.toThrow(
      /"openai" is a group of settings; set one of its keys: openai.baseUrl/,
    );
    await expect(store.setByPath('plugins.memory', 'nope')).rejects.toThrow(
      /"plugins.memory": expected a JSON object, got "nope"/,
    );
    await expect(store.setByPath('plugins.memory', '[1]')).rejects.toThrow(
      /"plugins.memory": expected a JSON object, got \[1\]/,
    );
    await expect(store.setByPath('disabledPlugins', '[1,2]')).rejects.toThrow(
      /"disabledPlugins": expected a list of strings, got \[1,2\]/,
    );
    expect(() => store.getByPath('nope')).toThrow(/Unknown setting "nope"/);
    expect(await readdir(home)).toEqual([]);
  });

  it('notifies listeners after a saved change, and stops after unsubscribe', async () => {
    const errors: string[] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (message: string) => errors.push(message) };
    const store = await SettingsStore.open(home, { logger });
    const seen: [string, string][] = [];
    const off = store.onChange((now, before) => seen.push([before.model, now.model]));
    store.onChange(() => {
      throw new Error('listener bug');
    });
    await store.update({ model: 'a' });
    await store.update({ model: 'a' });
    off();
    await store.update({ model: 'b' });
    expect(seen).toEqual([['gpt-5-mini', 'a']]);
    expect(errors).toEqual(['a settings listener threw', 'a settings listener threw']); // changes to 'a' and to 'b'
  });

  it('applies concurrent updates in order', async () => {
    const store = await SettingsStore.open(home);
    await Promise.all([
      store.update({ model: 'one' }),
      store.update({ maxToolRounds: 7 }),
      store.update({ model: 'three' }),
    ]);
    expect((await SettingsStore.open(home)).get()).toMatchObject({ model: 'three', maxToolRounds: 7 });
  });
});

describe('SettingsStore with a bad file', () => {
  it('backs up invalid JSON, warns, uses defaults, and only then overwrites', async () => {
    await writeFile(file(), '{ "model": "gpt-5", ');
    const store = await SettingsStore.open(home, { now: fixedNow });
    expect(store.get()).toEqual(defaultSettings());
    expect(store.warnings).toHaveLength(1);
    expect(store.warnings[0]).toMatch(
      /^settings\.json: invalid JSON \(.*\); a backup was saved to settings\.json\.invalid-2026-01-02T03-04-05-678Z; defaults are used$/,
    );
    expect(await readFile(join(home, 'settings.json.invalid-2026-01-02T03-04-05-678Z'), 'utf8')).toBe(
      '{ "model": "gpt-5", ',
    );
    const again = await SettingsStore.open(home, { now: () => new Date() });
    expect(again.warnings[0]).toContain('settings.json.invalid-2026-01-02T03-04-05-678Z');
    expect(await backups()).toHaveLength(1);
    await again.update({ model: 'fixed' });
    expect(await readJson()).toEqual({ version: 1, model: 'fixed' });
  });

  it('names the key and the problem of a schema-invalid value', async () => {
    await writeFile(file(), JSON.stringify({ version: 1, maxToolRounds: 'abc', theme: 'dark' }));
    const store = await SettingsStore.open(home, { now: fixedNow });
    expect(store.warnings).toEqual([
      'settings.json: "maxToolRounds": expected an integer from 1 to 1000, got "abc"; a backup was saved to settings.json.invalid-2026-01-02T03-04-05-678Z; defaults are used',
    ]);
    expect(store.get().theme).toBe('system');
    expect(await readFile(file(), 'utf8')).toContain('"abc"');
  });

  it('warns about a newer version and keeps a backup', async () => {
    await writeFile(file(), JSON.stringify({ version: 99, model: 'future' }));
    const store = await SettingsStore.open(home, { now: fixedNow });
    expect(store.warnings[0]).toMatch(
      /"version": 99 is newer than this Deskpilot understands \(1\).*a backup was saved/,
    );
    expect(store.get().model).toBe('gpt-5-mini');
    expect(await backups()).toHaveLength(1);
  });

  it('migrates a v0 file and keeps unknown keys with a warning', async () => {
    await writeFile(file(), JSON.stringify({ model: 'old-model', maxToolRound: 5 }));
    const store = await SettingsStore.open(home);
    expect(store.get().model).toBe('old-model');
    expect(store.warnings).toEqual([
      'settings.json: unknown setting "maxToolRound" (did you mean "maxToolRounds"?) is ignored; it stays in the file',
    ]);
    await store.update({ theme: 'light' });
    expect(await readJson()).toEqual({ version: 1, model: 'old-model', maxToolRound: 5, theme: 'light' });
  });

  it('never overwrites an invalid file it could not back up', async () => {
    await writeFile(file(), '{broken');
    const taken = ['', ...Array.from({ length: 9 }, (_, i) => `-${i + 1}`)].map(
      (n) => `settings.json.invalid-2026-01-02T03-04-05-678Z${n}`,
    );
    for (const name of taken) await mkdir(join(home, name)); // every backup name is taken: the copy cannot happen
    const store = await SettingsStore.open(home, { now: fixedNow });
    expect(store.warnings[0]).toMatch(
      /^settings\.json: invalid JSON .*; it could not be backed up \(.*\), so it will not be overwritten; defaults are used$/,
    );
    await expect(store.update({ model: 'x' })).rejects.toThrow(/EEXIST/);
    expect(await readFile(file(), 'utf8')).toBe('{broken');
    for (const name of taken) await rm(join(home, name), { recursive: true });
    await store.update({ model: 'x' });
    expect(await readFile(join(home, taken[0]), 'utf8')).toBe('{broken');
    expect(await readJson()).toEqual({ version: 1, model: 'x' });
  });

  it('never crashes on a settings.json it cannot read, and never replaces it', async () => {
    await mkdir(file());
    const store = await SettingsStore.open(home);
    expect(store.warnings[0]).toMatch(
      /^settings\.json: could not be read \(.*\); it will not be overwritten; defaults are used$/,
    );
    expect(store.get()).toEqual(defaultSettings());
    await expect(store.update({ model: 'x' })).rejects.toThrow();
    expect((await stat(file())).isDirectory()).toBe(true);
  });
});
