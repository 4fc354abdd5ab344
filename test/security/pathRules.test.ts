// Issue 8 #2 as the attack: a rule `write_file {path: "<dir>/allowed/*"}` let `..`, `~`, relative paths and symlinks
// write outside `allowed/` without asking. Real runtime, real files, real symlinks, policy `never` (uncovered = denied).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, realpath, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../preload/contract/events';
import { pathCovered } from '../../main/core/approvals/pathRules';
import { scripted } from '../support/fakeModelServer';
import { createHarness, type Harness } from '../support/runtimeHarness';

let h: Harness;
afterEach(async () => h?.close());

async function setup() {
  const home = await realpath(await mkdtemp(path.join(os.tmpdir(), 'dp-sec-paths-')));
  const dir = path.join(home, 'work');
  const outside = path.join(home, 'outside');
  await mkdir(path.join(dir, 'allowed'), { recursive: true });
  await mkdir(outside);
  await symlink(outside, path.join(dir, 'allowed', 'link'));
  h = await createHarness({ home, settings: { approvalPolicy: 'never', workingDirectory: dir } });
  await h.runtime.grants.addRule({ tool: 'write_file', match: { path: `${dir}/allowed/*` } });
  return { dir, outside };
}

async function write(target: string, callId: string) {
  h.server.enqueue(
    scripted.toolCalls({ name: 'write_file', arguments: { path: target, content: 'pwned' }, callId }),
    scripted.text('done'),
  );
  const started = await h.runtime.send({ sessionId: null, text: 'write' });
  await started.done!;
  return (await h.waitFor((e) => e.type === 'tool_output' && e.callId === callId, 60_000)) as Extract<
    AgentEvent,
    { type: 'tool_output' }
  >;
}

describe('path rules compare resolved real paths (issue 8 #2)', () => {
  it('denies every escape from the rule root and allows a write inside it', { timeout: 120_000 }, async () => {
    const { dir, outside } = await setup();
    const escapes = [
      `${dir}/allowed/../x1`,
      'allowed/../../x2',
      `${dir}/allowed/link/x3`,
      'allowed/link/x4',
      `${dir}/allowed/./../allowed/../x5`,
    ];
    for (const [i, target] of escapes.entries()) {
      const out = await write(target, `call_escape_${i}`);
      expect(out.status, target).toBe('denied');
    }
    for (const name of ['x1', 'x3', 'x4', 'x5']) {
      expect(existsSync(path.join(dir, name))).toBe(false);
      expect(existsSync(path.join(outside, name))).toBe(false);
    }
    expect(existsSync(path.join(path.dirname(dir), 'x2'))).toBe(false);

    const ok = await write('allowed/sub/ok.txt', 'call_inside');
    expect(ok.status).toBe('ok');
    expect(ok.allowedBy).toMatchObject({ type: 'rule' });
    expect(await readFile(path.join(dir, 'allowed', 'sub', 'ok.txt'), 'utf8')).toBe('pwned');
  });

  it('resolves ~ in values and patterns, and fails closed on relative paths without a working directory', async () => {
    const home = os.homedir();
    expect(pathCovered('~/allowed/*', `${home}/allowed/a.txt`)).toBe(true);
    expect(pathCovered('~/allowed/*', '~/allowed/../x')).toBe(false);
    expect(pathCovered('~/allowed/*', '~/allowed/a.txt')).toBe(true);
    expect(pathCovered('/w/allowed/*', 'allowed/a.txt')).toBe(false);
    expect(pathCovered('/w/allowed/*', 'allowed/a.txt', '/w')).toBe(true);
    expect(pathCovered('/w/allowed/*', '/w/allowedx/a.txt')).toBe(false);
    expect(pathCovered('/w/a.txt', '/w/a.txt')).toBe(true);
    expect(pathCovered('/w/a.txt', '/w/b.txt')).toBe(false);
  });
});
