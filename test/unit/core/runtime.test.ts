// Runtime assembly: context receipts, slash commands, invalid settings, and one owner per directory.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../../../main/core/runtime';
import { AlreadyRunningError } from '../../../main/core/util/lock';
import { createLogger } from '../../../main/core/util/log';
import { createHarness, type Harness } from '../../support/runtimeHarness';
import { scripted } from '../../support/fakeModelServer';

let h: Harness;
afterEach(async () => h?.close());
const quiet = () => createLogger('test', { level: 'error', sink: () => {} });

describe('runtime', () => {
  it('records a context receipt per turn with the built-in providers, outside the transcript', async () => {
    h = await createHarness();
    h.server.enqueue(scripted.text('ok'));
    const sent = await h.runtime.send({ sessionId: null, text: 'hello' });
    await sent.done;
    const gathered = h.events.find((e) => e.type === 'context_gathered') as {
      receipt: Array<{ providerId: string; text: string; tokens: number }>;
    };
    expect(gathered.receipt.map((r) => r.providerId)).toEqual(['datetime', 'system', 'cwd']);
    expect(gathered.receipt[0].text).toMatch(/UTC[+-]\d\d:\d\d/);
    expect(gathered.receipt.every((r) => r.tokens > 0)).toBe(true);
    const loaded = await h.runtime.sessions.load(sent.sessionId);
    expect(JSON.stringify(loaded.entries)).not.toContain('Live context');
    expect(loaded.turns[0].receipt?.map((r) => r.providerId)).toEqual(['datetime', 'system', 'cwd']);
  });

  it('a provider switched off injects nothing', async () => {
    h = await createHarness({ settings: { disabledContextProviders: ['system'] } });
    h.server.enqueue(scripted.text('ok'));
    await (
      await h.runtime.send({ sessionId: null, text: 'hello' })
    ).done;
    expect(JSON.stringify(h.server.requests[0].body)).not.toContain('OS: ');
  });

  it('slash commands: /new /rename /sessions /resume /model /reasoning /approvals /config /help', async () => {
    h = await createHarness();
    const run = async (text: string, sessionId: string | null = null) => h.runtime.send({ sessionId, text });
    const created = await run('/new');
    expect(created.commandOutput).toMatch(/new session/);
    const id = created.sessionId;
    expect((await run('/rename Trip planning', id)).commandOutput).toContain('Trip planning');
    expect((await run('/sessions')).commandOutput).toContain('Trip planning');
    expect((await run('/resume latest')).sessionId).toBe(id);
    expect((await run('/model gpt-other')).commandOutput).toContain('gpt-other');
    expect(h.runtime.settings.get().model).toBe('gpt-other');
    expect((await run('/reasoning high')).commandOutput).toContain('high');
    expect((await run('/reasoning extreme')).commandOutput).toMatch(/not a reasoning effort/);
    expect((await run('/approvals never', id)).commandOutput).toContain('never');
    expect(h.runtime.loop.policyFor(id)).toBe('never');
    expect(h.runtime.settings.get().approvalPolicy).toBe('on-request');
    expect((await run('/config maxToolRounds=9')).commandOutput).toContain('maxToolRounds');
    expect(h.runtime.settings.get().maxToolRounds).toBe(9);
    expect((await run('/config maxToolRounds=zero')).commandOutput).toMatch(/maxToolRounds/);
    expect((await run('/help')).commandOutput).toContain('/compact');
    // Not close to any command: a message for the model (a near miss such as /modle is answered: settingsLive.test).
    expect((await run('/nosuch')).commandOutput).toBeUndefined();
    // Outputs of commands run in a chat stay in it (a reload shows them); /new, /resume and chat-less ones do not.
    const notes = (await h.runtime.sessions.load(id)).notes;
    expect(notes.map((n) => n.command)).toEqual(['rename', 'approvals']);
    expect(notes[1]!.text).toContain('never');
    expect(JSON.stringify((await h.runtime.sessions.load(id)).entries)).not.toContain('never');
  });

  it('an invalid settings file is backed up, named in a warning, and defaults are used', async () => {
    h = await createHarness();
    await h.runtime.close();
    await writeFile(
      path.join(h.home, 'settings.json'),
      JSON.stringify({ maxToolRounds: 'lots', credentialBackend: 'file' }),
    );
    const runtime = await h.restart();
    expect(runtime.settings.get().maxToolRounds).toBe(40);
    expect(runtime.settings.warnings.join('\n')).toMatch(/maxToolRounds/);
    const files = await readdir(h.home);
    const backup = files.find((f) => f.startsWith('settings.json.invalid-'));
    expect(backup).toBeTruthy();
    expect(await readFile(path.join(h.home, backup!), 'utf8')).toContain('lots');
  });

  it('a second runtime on the same directory fails with the owner pid', async () => {
    h = await createHarness();
    const second = createRuntime({ home: h.home, env: h.env, log: quiet() });
    await expect(second).rejects.toBeInstanceOf(AlreadyRunningError);
    await expect(createRuntime({ home: h.home, env: h.env, log: quiet() })).rejects.toThrow(`pid ${process.pid}`);
  });

  it('status reports model, configuration and pending approvals', async () => {
    h = await createHarness();
    expect(h.runtime.status()).toMatchObject({
      provider: 'openai',
      model: 'gpt-test',
      modelConfigured: true,
      pendingApprovals: 0,
      runningSessions: [],
    });
  });
});

describe('session updates', () => {
  it('announces the new title as soon as the first message is stored, before the turn ends', async () => {
    h = await createHarness();
    const updates: Array<{ title?: string }> = [];
    h.runtime.bus.on('session/updated', (u) => updates.push({ title: u.summary?.title }));
    h.server.enqueue({ kind: 'hang' });
    const sent = await h.runtime.send({ sessionId: null, text: 'Plan my trip to Lisbon' });
    await h.waitFor((e) => e.type === 'item_added');
    await expect.poll(() => updates.map((u) => u.title)).toContain('Plan my trip to Lisbon');
    await h.runtime.loop.interrupt(sent.sessionId);
  });
});
