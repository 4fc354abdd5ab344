// answerRequest: sender check first, then the contract's zod validation and the handler (real dispatch).
import { describe, expect, it } from 'vitest';
import type { RuntimeStatus } from '../../../../preload/contract/channels';
import type { Handlers } from '../../../../main/core/api/dispatch';
import { answerRequest, type RequestDeps } from '../../../../main/shell/ipc/request';

const status: RuntimeStatus = {
  version: '0.1.0',
  provider: 'openai',
  model: 'gpt-5-mini',
  modelConfigured: false,
  pendingApprovals: 0,
  runningSessions: [],
  autonomousPaused: false,
};

function setup() {
  const calls: string[] = [];
  const warnings: Array<Record<string, unknown>> = [];
  // Only the channels these tests call; dispatch looks handlers up by channel name.
  const handlers = {
    'runtime/status': async () => (calls.push('runtime/status'), status),
    'session/rename': async ({ sessionId, title }: { sessionId: string; title: string }) => {
      calls.push(`rename ${sessionId} ${title}`);
      return {
        id: sessionId,
        title,
        createdAt: '',
        updatedAt: '',
        itemCount: 0,
        usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
      };
    },
  } as unknown as Handlers;
  const deps: RequestDeps = { handlers, ourIds: () => new Set([1]), warn: (_m, f) => warnings.push(f) };
  return { deps, calls, warnings };
}

const trusted = { sender: { id: 1 }, senderFrame: { url: 'app://deskpilot/index.html', parent: null } };

describe('answerRequest', () => {
  it('runs the handler for a trusted sender', async () => {
    const { deps, calls } = setup();
    expect(await answerRequest(deps, 'runtime/status', trusted, {})).toEqual({ ok: true, value: status });
    expect(calls).toEqual(['runtime/status']);
  });

  it('answers forbidden to an untrusted sender without running anything', async () => {
    const { deps, calls, warnings } = setup();
    const foreign = { sender: { id: 1 }, senderFrame: { url: 'https://evil.example/', parent: null } };
    const result = await answerRequest(deps, 'runtime/status', foreign, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
    expect(warnings).toEqual([{ channel: 'runtime/status', reason: expect.stringContaining('not on the app origin') }]);
    expect(await answerRequest(deps, 'runtime/status', { ...trusted, sender: { id: 2 } }, {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('validates params against the contract before the handler runs', async () => {
    const { deps, calls } = setup();
    const result = await answerRequest(deps, 'session/rename', trusted, { sessionId: 's1', title: '' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_params', message: expect.stringContaining('title') },
    });
    expect(await answerRequest(deps, 'runtime/status', trusted, { extra: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_params' },
    });
    expect(calls).toEqual([]);
    expect(await answerRequest(deps, 'session/rename', trusted, { sessionId: 's1', title: 'Trip' })).toMatchObject({
      ok: true,
      value: { title: 'Trip' },
    });
    expect(calls).toEqual(['rename s1 Trip']);
  });

  it('answers not_found for a channel outside the contract', async () => {
    const { deps } = setup();
    expect(await answerRequest(deps, 'fs/readFile', trusted, {})).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});
