// The `npm run build` CLI bundle (scripts/build-cli.mjs): start-up loads only what a command needs, and the commands
// that load code lazily (serve, memory with LanceDB) still work from the split bundle. `run` and the worker threads
// from the bundle are covered by test/unit/core/tools/workers/builtWorker.test.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess } from '../../support/serveProcess';

const root = path.resolve(__dirname, '../../..');
const bin = path.join(root, 'bin', 'deskpilot.mjs');
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  if (!existsSync(path.join(root, 'out', 'cli', 'cli.mjs')))
    throw new Error('out/cli/cli.mjs is missing: run `npm run build` before the tests (npm test does).');
  home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-bundle-'));
  await writeFile(path.join(home, 'settings.json'), JSON.stringify({ credentialBackend: 'file' }));
  env = { PATH: process.env.PATH, HOME: home, DESKPILOT_HOME: home, OPENAI_API_KEY: '' };
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

/** Runs the built CLI with the load-trace hook; resolves to its output and the URLs of every module it loaded. */
async function traced(args: string[]): Promise<{ stdout: string; loaded: string[] }> {
  const trace = path.join(home, `trace-${Date.now()}.txt`);
  const stdout = execFileSync(
    process.execPath,
    ['--import', path.join(root, 'test', 'support', 'loadTrace.mjs'), bin, ...args],
    { env: { ...env, DESKPILOT_LOAD_TRACE: trace }, timeout: 60_000 },
  ).toString();
  return { stdout, loaded: (await readFile(trace, 'utf8')).split('\n').filter(Boolean) };
}

/**
 * The npm package modules bundled into the loaded files, as `package/path` (esbuild marks each bundled module with a
 * `// …node_modules/<package>/<path>` line).
 */
function bundledModules(urls: string[]): string[] {
  const names = new Set<string>();
  for (const url of urls.filter((u) => u.startsWith('file:') && u.includes('/out/cli/'))) {
    for (const match of readFileSync(fileURLToPath(url), 'utf8').matchAll(/^\/\/ (?:\S*\/)?node_modules\/(\S+)$/gm))
      names.add(match[1]);
  }
  return [...names].sort();
}

/** The packages of {@link bundledModules}. */
function bundledPackages(urls: string[]): string[] {
  return [...new Set(bundledModules(urls).map((name) => /^(?:@[^/]+\/)?[^/]+/.exec(name)![0]))];
}

describe('the built CLI bundle', () => {
  it('loads only commander for --version and --help: no runtime, openai SDK, zod, LanceDB, Arrow or keytar', async () => {
    for (const args of [['--version'], ['--help']]) {
      const { stdout, loaded } = await traced(args);
      expect(stdout).toMatch(args[0] === '--version' ? /^\d+\.\d+\.\d+\n$/ : /Usage: deskpilot/);
      expect(loaded.filter((url) => url.includes('/node_modules/'))).toEqual([]);
      expect(bundledPackages(loaded)).toEqual(['commander']);
    }
  }, 120_000);

  it('loads LanceDB only when the memory store is touched, and the openai SDK only before a request', async () => {
    const listed = await traced(['plugins']);
    expect(listed.loaded.filter((url) => /@lancedb|apache-arrow/.test(url))).toEqual([]);
    // Only the SDK's error classes (openai/error) load with the runtime; the client loads before the first request.
    expect(bundledModules(listed.loaded).filter((name) => name.startsWith('openai/'))).toEqual([
      'openai/core/error.mjs',
      'openai/internal/errors.mjs',
    ]);
    const added = await traced(['memory', 'add', 'The', 'bundle', 'test', 'likes', 'tea']);
    expect(added.stdout).toContain('Added mem_');
    expect(added.loaded.some((url) => url.includes('/node_modules/@lancedb/lancedb/'))).toBe(true);
    const found = await traced(['memory', 'search', 'tea']);
    expect(found.stdout).toContain('likes tea');
  }, 180_000);

  it('serves from the split bundle: ready, and the login link answers', async () => {
    const served = await startServeProcess(['--port', '0'], { built: true });
    try {
      const link = /Deskpilot is ready: (\S+)/.exec(served.stdout())?.[1];
      expect(link).toBeDefined();
      const response = await fetch(link!, { redirect: 'manual' });
      expect(response.status).toBeLessThan(400);
    } finally {
      await served.stop();
    }
  }, 180_000);
});
