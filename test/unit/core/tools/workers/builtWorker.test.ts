// The search worker from every build: the built CLI (out/cli/workers) and the CLI run from source (bundled on the fly).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scripted, startFakeModelServer, type FakeModelServer } from '../../../../support/fakeModelServer';
import { runCli, type CliRun } from '../../../../support/runCli';
import { createTestHome } from '../../../../support/testHome';

const root = path.resolve(__dirname, '../../../../..');
let server: FakeModelServer;
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startFakeModelServer();
  ({ home, env } = await createTestHome({ prefix: 'deskpilot-worker-build-', serverUrl: server.url }));
  await mkdir(path.join(home, 'tree', 'sub'), { recursive: true });
  await writeFile(path.join(home, 'tree', 'sub', 'note.md'), 'find the needle here\n');
});
afterAll(async () => {
  await server.close();
  await rm(home, { recursive: true, force: true });
});

/** Runs the built `bin/deskpilot.mjs` with `args`. */
function runBuilt(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'deskpilot.mjs'), ...args], { env, cwd: home });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d.toString()));
    child.stderr.on('data', (d) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Queues a grep and a glob call over the temp tree, runs the CLI, and returns the two tool outputs it sent back. */
async function searchThroughCli(run: (args: string[]) => Promise<CliRun>): Promise<string[]> {
  const tree = path.join(home, 'tree');
  server.enqueue(
    scripted.toolCalls(
      { name: 'grep', arguments: { pattern: 'needle', path: tree }, callId: 'call_grep' },
      { name: 'glob', arguments: { pattern: '**/*.md', path: tree }, callId: 'call_glob' },
    ),
    scripted.text('searched'),
  );
  const result = await run(['run', 'search the tree']);
  expect(result.stderr).toMatch(/← grep ok/);
  expect(result.stderr).toMatch(/← glob ok/);
  expect(result.code).toBe(0);
  const body = server.requests.at(-1)!.body as { input: Array<{ type: string; output?: string }> };
  return body.input.filter((i) => i.type === 'function_call_output').map((i) => i.output ?? '');
}

describe('search worker entry points', () => {
  it('the built CLI starts its worker from out/cli/workers', async () => {
    if (!existsSync(path.join(root, 'out', 'cli', 'workers', 'fsSearchWorker.mjs')))
      throw new Error(
        'out/cli/workers/fsSearchWorker.mjs is missing: run `npm run build` before the tests (npm test does).',
      );
    const [grep, glob] = await searchThroughCli(runBuilt);
    expect(grep).toBe('tree/sub/note.md:1:find the needle here');
    expect(glob).toBe('tree/sub/note.md');
  }, 60_000);

  it('the CLI from source bundles the worker on the fly', async () => {
    const [grep, glob] = await searchThroughCli((args) => runCli(args, env, '', 60_000));
    expect(grep).toContain('note.md:1:find the needle here');
    expect(glob).toContain('note.md');
  }, 90_000);
});
