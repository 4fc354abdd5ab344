// Issue 8 #4 and issue 9 #1 as attacks: a saved shell rule must never run more than the user saw. Each attack runs a
// real turn through the runtime (fake model server, real bash, real files) under policy `never`, so anything the rule
// does not cover is denied; a marker file proves whether the command ran.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../preload/contract/events';
import { scripted } from '../support/fakeModelServer';
import { createHarness, type Harness } from '../support/runtimeHarness';

let h: Harness;
afterEach(async () => h?.close());

/** A runtime whose tools work in `<home>/work`, with `policy`. */
async function harnessIn(policy: string) {
  const home = await realpath(await mkdtemp(path.join(os.tmpdir(), 'dp-sec-rules-')));
  const work = path.join(home, 'work');
  await mkdir(work);
  h = await createHarness({ home, settings: { approvalPolicy: policy, workingDirectory: work } });
  return work;
}

async function harnessWithRule(command: string, policy = 'never') {
  const work = await harnessIn(policy);
  await h.runtime.grants.addRule({ tool: 'bash', match: { command } });
  return work;
}

/** Runs one bash call in a new session; resolves with its tool_output event. */
async function runBash(command: string, callId: string) {
  h.server.enqueue(scripted.toolCalls({ name: 'bash', arguments: { command }, callId }), scripted.text('done'));
  const started = await h.runtime.send({ sessionId: null, text: 'run it' });
  await started.done!;
  return (await h.waitFor((e) => e.type === 'tool_output' && e.callId === callId, 60_000)) as Extract<
    AgentEvent,
    { type: 'tool_output' }
  >;
}

describe('shell rules match parsed commands (issue 8 #4)', () => {
  const attacks: Array<[rule: string, command: (marker: string) => string]> = [
    ['git *', (m) => `git status; touch ${m}`],
    ['git *', (m) => `git status && touch ${m}`],
    ['git *', (m) => `git log -1 | touch ${m}`],
    ['git *', (m) => `git -c alias.x='!touch ${m}' x`],
    ['echo *', (m) => `echo $(touch ${m})`],
    ['echo *', (m) => `echo \`touch ${m}\``],
    ['find *', (m) => `find . -maxdepth 0 -exec touch ${m} ;`],
    ['xargs *', (m) => `echo ${m} | xargs touch`],
    ['env *', (m) => `env touch ${m}`],
    ['LANG=C *', (m) => `LANG=C touch ${m}`],
    ['git status *', (m) => `LANG=C GIT_EXTERNAL_DIFF=x git status; touch ${m}`],
    ['bash *', (m) => `bash -c "touch ${m}"`],
    ['python3 *', (m) => `python3 -c "open('${m}','w')"`],
  ];
  for (const [rule, make] of attacks) {
    it(`rule \`${rule}\` does not run \`${make('<marker>')}\``, { timeout: 120_000 }, async () => {
      const work = await harnessWithRule(rule);
      const marker = path.join(work, 'pwned');
      const out = await runBash(make(marker), 'call_attack');
      expect(out.status).toBe('denied');
      expect(existsSync(marker)).toBe(false);
    });
  }

  it('a covered command runs and says which rule let it run', { timeout: 120_000 }, async () => {
    const work = await harnessWithRule('echo *');
    const out = await runBash('echo hello > greeting.txt', 'call_ok');
    expect(out.status).toBe('ok');
    expect(await readFile(path.join(work, 'greeting.txt'), 'utf8')).toBe('hello\n');
    expect(out.allowedBy).toMatchObject({ type: 'rule', rule: { tool: 'bash', match: { command: 'echo *' } } });
  });

  it('a redirection outside the working directory is never covered', { timeout: 120_000 }, async () => {
    const work = await harnessWithRule('echo *');
    const outside = path.join(h.home, 'outside.txt');
    const out = await runBash(`echo x > ${outside}`, 'call_redirect');
    expect(out.status).toBe('denied');
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(work)).toBe(true);
  });
});

describe('"always allow" for a shell command (issue 9 #1)', () => {
  it('suggests the exact command for rm, so a later rm -rf still asks', { timeout: 120_000 }, async () => {
    const work = await harnessIn('on-request');
    await mkdir(path.join(work, 'keep'));
    await writeFile(path.join(work, 'x'), '');
    h.server.enqueue(
      scripted.toolCalls({ name: 'bash', arguments: { command: 'rm -f x' }, callId: 'call_rm' }),
      scripted.text('removed'),
    );
    const first = await h.runtime.send({ sessionId: null, text: 'remove x' });
    const requested = (await h.waitFor((e) => e.type === 'approval_requested')) as Extract<
      AgentEvent,
      { type: 'approval_requested' }
    >;
    expect(requested.approval.suggestedRule).toEqual({ tool: 'bash', match: { command: 'rm -f x' } });
    expect(h.runtime.approvals.decide('call_rm', { type: 'allow_always' }).ok).toBe(true);
    await first.done!;
    expect(existsSync(path.join(work, 'x'))).toBe(false);
    const saved = JSON.parse(await readFile(path.join(h.home, 'approvals.json'), 'utf8'));
    expect(saved.rules.map((r: { match: unknown }) => r.match)).toEqual([{ command: 'rm -f x' }]);

    // A later, wider rm in a new session is not covered: it asks (and we deny it).
    h.server.enqueue(
      scripted.toolCalls({ name: 'bash', arguments: { command: 'rm -rf keep' }, callId: 'call_rm2' }),
      scripted.text('ok'),
    );
    const second = await h.runtime.send({ sessionId: null, text: 'remove keep' });
    await h.waitFor((e) => e.type === 'approval_requested' && e.approval.callId === 'call_rm2');
    expect(h.runtime.approvals.decide('call_rm2', { type: 'deny' }).ok).toBe(true);
    await second.done!;
    expect(existsSync(path.join(work, 'keep'))).toBe(true);
  });
});
