// Settings apply live or are marked: approvalTimeoutMs reaches the next approval without a restart; /config renders
// readable lines with the restart-only settings marked; `setValues` is all or nothing; unknown slash commands suggest.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RESTART_REQUIRED_SETTINGS, restartNote } from '../../../preload/contract/settings';
import { createHandlers } from '../../../main/core/api/handlers';
import { createHarness, type Harness } from '../../support/runtimeHarness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('settings applied live', () => {
  it('a new approvalTimeoutMs is used by the next approval without a restart', async () => {
    harness = await createHarness();
    const { runtime } = harness;
    await runtime.settings.setByPaths([{ key: 'approvalTimeoutMs', value: '1234' }]);
    const decided = new Promise((resolve) => runtime.approvals.onDecided(resolve));
    runtime.approvals.request({
      callId: 'call_live',
      sessionId: 's_live',
      turnId: 't_live',
      tool: 'bash',
      arguments: { command: 'true' },
      risk: 'destructive',
      suggestedRule: { tool: 'bash', match: { command: 'true' } },
    });
    const [pending] = runtime.approvals.list();
    expect(Date.parse(pending!.expiresAt) - Date.parse(pending!.requestedAt)).toBe(1234);
    runtime.approvals.decide('call_live', { type: 'deny' });
    await decided;
  });

  it('the contract marks the settings read only at start', () => {
    expect(Object.keys(RESTART_REQUIRED_SETTINGS)).toEqual(['credentialBackend']);
    expect(restartNote('credentialBackend')).toMatch(/opened once/);
    expect(restartNote('approvalTimeoutMs')).toBeUndefined();
  });
});

describe('settings/setValues', () => {
  it('saves nothing when one of several values is bad, naming every bad key', async () => {
    harness = await createHarness();
    const handlers = createHandlers(harness.runtime);
    await expect(
      handlers['settings/setValues']({
        values: [
          { key: 'maxToolRounds', value: '7' },
          { key: 'approvalTimeoutMs', value: 'soon' },
          { key: 'modle', value: 'x' },
        ],
      }),
    ).rejects.toThrow(/approvalTimeoutMs.*Unknown setting "modle".*Nothing was saved\./s);
    expect(harness.runtime.settings.get().maxToolRounds).toBe(40);
    const file = JSON.parse(await readFile(path.join(harness.home, 'settings.json'), 'utf8'));
    expect(file.maxToolRounds).toBeUndefined();
    await handlers['settings/setValues']({
      values: [
        { key: 'maxToolRounds', value: '7' },
        { key: 'persona', value: 'brief' },
      ],
    });
    expect(harness.runtime.settings.get()).toMatchObject({ maxToolRounds: 7, persona: 'brief' });
  });
});

describe('slash commands', () => {
  it('/config renders readable key = value lines with restart-only settings marked', async () => {
    harness = await createHarness();
    const { commandOutput } = await harness.runtime.send({ sessionId: null, text: '/config' });
    expect(commandOutput).toMatch(/^version = 1\nprovider = openai\nmodel = gpt-test\n/);
    expect(commandOutput).toContain('credentialBackend = file  (applies after a restart)');
    expect(commandOutput).toContain('approvalTimeoutMs = 600000\n');
    expect(commandOutput).not.toContain('{\n');
  });

  it('/config a=1 b=bad changes nothing and says which value is bad', async () => {
    harness = await createHarness();
    const { commandOutput } = await harness.runtime.send({
      sessionId: null,
      text: '/config maxToolRounds=9 approvalTimeoutMs=soon',
    });
    expect(commandOutput).toMatch(/approvalTimeoutMs.*Nothing was saved/);
    expect(harness.runtime.settings.get().maxToolRounds).toBe(40);
  });

  it('/sessions lists titles with counts and ids, one per line', async () => {
    harness = await createHarness();
    const created = await harness.runtime.sessions.create({ title: 'Trip planning' });
    const { commandOutput } = await harness.runtime.send({ sessionId: null, text: '/sessions' });
    expect(commandOutput).toContain(`- Trip planning · `);
    expect(commandOutput).toContain(` · 0 items · ${created.id}`);
    expect(commandOutput).toContain('Open one with /resume <id>.');
  });

  it('an unknown command is answered, with the closest suggested, and never sent to the model', async () => {
    harness = await createHarness();
    const before = harness.server.requests.length;
    const result = await harness.runtime.send({ sessionId: null, text: '/modle gpt-4o' });
    expect(result.turnId).toBeNull();
    expect(result.commandOutput).toBe('Unknown command /modle. Did you mean /model? Type /help to see the commands.');
    expect(harness.server.requests.length).toBe(before);
  });
});
