// Tests for SettingsStore: defaults, update, setByPath coercion and errors, invalid files (backup + warning), listeners.
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../main/core/settings/schema';
import { SettingsError, SettingsStore, type SettingsStoreOptions } from '../../../../main/core/settings/store';

let home: string;
/** Error lines the store logged (listener failures, the invalid file). */
let errors: string[];
const logger = { debug() {}, info() {}, warn() {}, error: (message: string) => void errors.push(message) };
const open = (options: Partial<SettingsStoreOptions> = {}) => SettingsStore.open(home, { logger, ...options });
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;
const fixedNow = () => new Date('2026-01-02T03:04:05.678Z');
const file = () => join(home, 'settings.json');
const readJson = async () => JSON.parse(await readFile(file(), 'utf8')) as Record<string, unknown>;
const backups = async () => (await readdir(home)).filter((n) => n.startsWith('settings.json.invalid-'));

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'deskpilot-settings-'));
  errors = [];
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('SettingsStore', () => {
  it('uses defaults for a missing file and does not create it', async () => {
    const store = await open();
    expect(store.get()).toEqual(defaultSettings());
    expect(store.warnings).toEqual([]);
    expect(await readdir(home)).toEqual([]);
  });

  it('updates with a deep merge, writes only what the user set, and reopens the same', async () => {
    const store = await open();
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
    expect(await modeOf(file())).toBe(0o600);
    const reopened = await open();
    expect(reopened.get()).toEqual(after);
    expect(reopened.warnings).toEqual([]);
    await reopened.update({ openai: { baseUrl: 'https://example.test/v1' } });
    const cleared = await reopened.update({ openai: { baseUrl: undefined } });
    expect(cleared.openai.baseUrl).toBeUndefined();
  });

  it('returns frozen settings', async () => {
    const store = await open();
    expect(() => (store.get().disabledPlugins as string[]).push('x')).toThrow(TypeError);
  });

  it('rejects an invalid update naming the key, and writes nothing', async () => {
    const store = await open();
    await expect(store.update({ maxToolRounds: -3 })).rejects.toThrow(
      /"maxToolRounds": expected an integer from 1 to 1000, got -3/,
    );
    // Cast: deliberately ill-typed: the test sends input the types forbid.
    await expect(store.update({ theme: 'purple' as never })).rejects.toThrow(
      /"theme": expected one of "system", "light", "dark", got "purple"/,
    );
    // Cast: deliberately ill-typed: the test sends input the types forbid.
    await expect(store.update({ maxToolRound: 3 } as never)).rejects.toThrow(
      /Unknown setting "maxToolRound". Did you mean "maxToolRounds"/,
    );
    await expect(store.update({ maxToolRounds: -3 })).rejects.toBeInstanceOf(SettingsError);
    expect(await readdir(home)).toEqual([]);
    expect(store.get().maxToolRounds).toBe(40);
  });

  it('coerces raw CLI strings by the schema type at the path', async () => {
    const store = await open();
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
    const store = await open();
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
    const store = await open();
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
    const store = await open();
    await Promise.all([
      store.update({ model: 'one' }),
      store.update({ maxToolRounds: 7 }),
      store.update({ model: 'three' }),
    ]);
    expect((await open()).get()).toMatchObject({ model: 'three', maxToolRounds: 7 });
  });
});

describe('SettingsStore with a bad file', () => {
  const strict = { ...defaultSettings(), approvalPolicy: 'untrusted' };

  it('moves invalid JSON aside, keeps security at its strictest, saves that, and says so', async () => {
    await writeFile(file(), '{ "model": "gpt-5", ');
    const store = await open({ now: fixedNow });
    expect(store.get()).toEqual(strict);
    expect(store.warnings).toHaveLength(1);
    expect(store.warnings[0]).toMatch(
      /^settings\.json was invalid \(not valid JSON \(.*\)\); it was moved to settings\.json\.invalid-2026-01-02T03-04-05-678Z, so nothing is lost\. Defaults are used, except that the security settings are at their strictest \(approvalPolicy "untrusted"\), saved in settings\.json\. Compare with the backup, then set your settings again in Settings or with `deskpilot config set key=value`\.$/,
    );
    expect(await readFile(join(home, 'settings.json.invalid-2026-01-02T03-04-05-678Z'), 'utf8')).toBe(
      '{ "model": "gpt-5", ',
    );
    expect(errors).toEqual([expect.stringContaining('settings.json.invalid-2026-01-02T03-04-05-678Z')]);
    expect(await readJson()).toEqual({ version: 1, approvalPolicy: 'untrusted' });
    expect(await modeOf(file())).toBe(0o600);

    // After a restart the policy is still strict (the saved file), and nothing more is moved aside.
    const again = await open();
    expect(again.warnings).toEqual([]);
    expect(again.get().approvalPolicy).toBe('untrusted');
    expect(await backups()).toHaveLength(1);
    await again.update({ model: 'fixed', approvalPolicy: 'on-request' });
    expect(await readJson()).toEqual({ version: 1, approvalPolicy: 'on-request', model: 'fixed' });
  });

  it('never turns a corrupt "untrusted" into the default "on-request" (fails closed)', async () => {
    await writeFile(file(), JSON.stringify({ version: 1, approvalPolicy: 'untrusted', maxToolRounds: 'abc' }));
    const store = await open({ now: fixedNow });
    expect(store.get().approvalPolicy).toBe('untrusted');
    expect(store.get().maxToolRounds).toBe(40);
    expect(store.warnings).toEqual([
      'settings.json was invalid ("maxToolRounds": expected an integer from 1 to 1000, got "abc"); it was moved to settings.json.invalid-2026-01-02T03-04-05-678Z, so nothing is lost. Defaults are used, except that the security settings are at their strictest (approvalPolicy "untrusted"), saved in settings.json. Compare with the backup, then set your settings again in Settings or with `deskpilot config set key=value`.',
    ]);
    expect(JSON.parse(await readFile(join(home, 'settings.json.invalid-2026-01-02T03-04-05-678Z'), 'utf8'))).toEqual({
      version: 1,
      approvalPolicy: 'untrusted',
      maxToolRounds: 'abc',
    });
  });

  it('warns about a newer version and moves it aside', async () => {
    await writeFile(file(), JSON.stringify({ version: 99, model: 'future' }));
    const store = await open({ now: fixedNow });
    expect(store.warnings[0]).toMatch(/version 99 is newer than this Deskpilot understands \(1\).*moved to/);
    expect(store.get()).toEqual(strict);
    expect(await backups()).toHaveLength(1);
  });

  it('refuses content that is not an object or has a malformed version', async () => {
    await writeFile(file(), '[1, 2]');
    expect((await open()).warnings[0]).toMatch(/^settings\.json was invalid \(expected a JSON object\)/);
    await writeFile(file(), JSON.stringify({ version: '1' }));
    expect((await open()).warnings[0]).toMatch(/^settings\.json was invalid \("version" is not a number\)/);
    expect(await backups()).toHaveLength(2);
  });

  it('migrates a v0 file and keeps unknown keys with a warning', async () => {
    await writeFile(file(), JSON.stringify({ model: 'old-model', maxToolRound: 5 }));
    const store = await open();
    expect(store.get().model).toBe('old-model');
    expect(store.warnings).toEqual([
      'settings.json: unknown setting "maxToolRound" (did you mean "maxToolRounds"?) is ignored; it stays in the file',
    ]);
    await store.update({ theme: 'light' });
    expect(await readJson()).toEqual({ version: 1, model: 'old-model', maxToolRound: 5, theme: 'light' });
  });

  it('never crashes on a settings.json it cannot read, keeps security strict, and never replaces it', async () => {
    await mkdir(file());
    const store = await open();
    expect(store.warnings).toHaveLength(1);
    expect(store.warnings[0]).toMatch(
      /^settings\.json cannot be used: Cannot read .*settings\.json: .*\. Until then, defaults are used and the security settings are at their strictest \(approvalPolicy "untrusted"\); changes cannot be saved\. Restart Deskpilot after fixing it\.$/,
    );
    expect(store.get()).toEqual(strict);
    await expect(store.update({ model: 'x' })).rejects.toThrow(/settings\.json cannot be used: .*Nothing was saved\.$/);
    expect((await stat(file())).isDirectory()).toBe(true);
  });
});
