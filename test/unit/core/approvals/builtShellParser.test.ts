// The built CLI loads the bash grammar copied beside its bundle (out/cli/tree-sitter-bash.wasm) and says in its run
// output which rule let a call run without asking; a line the rule does not cover is denied under policy `never`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scripted, startFakeModelServer, type FakeModelServer } from '../../../support/fakeModelServer';
import { writeTestSettings } from '../../../support/testHome';

const root = path.resolve(__dirname, '../../../..');
let server: FakeModelServer;
let home: string;
let work: string;

beforeAll(async () => {
  server = await startFakeModelServer();
  home = await realpath(await mkdtemp(path.join(os.tmpdir(), 'deskpilot-built-parser-')));
  work = path.join(home, 'work');
  await mkdir(work);
  await writeTestSettings(home, { approvalPolicy: 'never', workingDirectory: work });
  const rule = { id: 'rule_echo', tool: 'bash', match: { command: 'echo *' }, createdAt: new Date().toISOString() };
  await writeFile(path.join(home, 'approvals.json'), JSON.stringify({ version: 1, rules: [rule] }));
});
afterAll(async () => {
  await server.close();
  await rm(home, { recursive: true, force: true });
});

function runBuilt(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      DESKPILOT_HOME: home,
      OPENAI_API_KEY: 'sk-test-parser-000000',
      OPENAI_BASE_URL: server.url,
    };
    const child = spawn(process.execPath, [path.join(root, 'bin', 'deskpilot.mjs'), ...args], { env, cwd: work });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d.toString()));
    child.stderr.on('data', (d) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('shell rules in the built CLI', () => {
  it('runs a covered command, names the rule, and denies an uncovered compound line', async () => {
    if (!existsSync(path.join(root, 'out', 'cli', 'tree-sitter-bash.wasm')))
      throw new Error(
        'out/cli/tree-sitter-bash.wasm is missing: run `npm run build` before the tests (npm test does).',
      );
    server.enqueue(
      scripted.toolCalls(
        { name: 'bash', arguments: { command: 'echo covered > note.txt' }, callId: 'call_ok' },
        { name: 'bash', arguments: { command: 'echo x; touch pwned' }, callId: 'call_attack' },
      ),
      scripted.text('done'),
    );
    const result = await runBuilt(['run', 'go']);
    expect(result.stderr).toContain('ran without asking because of rule bash: command `echo *`');
    expect(existsSync(path.join(work, 'note.txt'))).toBe(true);
    expect(existsSync(path.join(work, 'pwned'))).toBe(false);
    const body = server.requests.at(-1)!.body as { input: Array<{ type: string; call_id?: string; output?: string }> };
    const outputs = body.input.filter((i) => i.type === 'function_call_output');
    expect(outputs.find((o) => o.call_id === 'call_attack')?.output).toMatch(/^Denied/);
  }, 90_000);
});
