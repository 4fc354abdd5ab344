// Whole-process start-up against floors measured in the same run (issue 13): `deskpilot --version` CPU vs `node -e ''`,
// `deskpilot serve` spawn-to-ready and idle RSS vs a bare Node HTTP server. Interleaved repeats; min/median/max.
// Runs the built CLI (npm run bench builds first).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRecord } from './types';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin', 'deskpilot.mjs');
const REPEATS = 7;

/** A preload that appends this process's whole CPU time (user + system, all threads, ms) to $BENCH_CPU_FILE at exit. */
const CPU_HOOK = `data:text/javascript,${encodeURIComponent(
  "import { appendFileSync } from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); appendFileSync(process.env.BENCH_CPU_FILE, ((u.user + u.system) / 1000).toFixed(1) + '\\n'); });",
)}`;

/** Runs `node <args>` to its end with the CPU hook; resolves to its CPU time in ms. */
async function cpuOf(args: string[], env: NodeJS.ProcessEnv, dir: string): Promise<number> {
  const file = path.join(dir, `cpu-${Math.random().toString(36).slice(2)}`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', CPU_HOOK, ...args], {
      env: { ...env, BENCH_CPU_FILE: file },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`node ${args.join(' ')} exited ${code}`))));
  });
  return Number((await readFile(file, 'utf8')).trim());
}

/** Spawns `node <args>`, resolves when stdout contains `marker`: wall ms to ready and RSS (KiB) after 2 s idle. */
async function readyOf(
  args: string[],
  env: NodeJS.ProcessEnv,
  marker: string,
): Promise<{ ms: number; rssKiB: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const ms = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`node ${args.join(' ')} not ready within 120 s`)), 120_000);
      child.stdout!.on('data', (d) => {
        out += d.toString();
        if (out.includes(marker)) {
          clearTimeout(timer);
          resolve(performance.now() - t0);
        }
      });
      child.on('exit', (code) => reject(new Error(`node ${args.join(' ')} exited ${code} before ready`)));
    });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return { ms, rssKiB };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
};

/** A figure against its floor: value = median, baseline = the floor's median, ratio = value / baseline. */
function record(metric: string, unit: string, values: number[], floor: number[]): BenchRecord {
  const v = stats(values);
  const f = stats(floor);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    bench: 'process-start',
    metric,
    value: round(v.median),
    unit,
    baseline: round(f.median),
    ratio: Math.round((v.median / f.median) * 100) / 100,
    min: round(v.min),
    max: round(v.max),
    baselineMin: round(f.min),
    baselineMax: round(f.max),
    repeats: values.length,
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

/** Runs the interleaved repeats and returns one record per figure. */
export async function run(): Promise<BenchRecord[]> {
  if (!existsSync(path.join(root, 'out', 'cli', 'cli.mjs')))
    throw new Error('out/cli/cli.mjs is missing: run `npm run build` first (npm run bench does).');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-bench-start-'));
  const home = path.join(dir, 'home');
  try {
    await mkdir(home, { recursive: true });
    await writeFile(path.join(home, 'settings.json'), JSON.stringify({ credentialBackend: 'file' }));
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, DESKPILOT_HOME: home, OPENAI_API_KEY: '' };
    const bareServer = [
      '-e',
      "require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', () => console.log('listening'))",
    ];
    const version: number[] = [];
    const nodeFloor: number[] = [];
    const serveReady: number[] = [];
    const serveRss: number[] = [];
    const bareReady: number[] = [];
    const bareRss: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      nodeFloor.push(await cpuOf(['-e', ''], env, dir));
      version.push(await cpuOf([bin, '--version'], env, dir));
    }
    for (let i = 0; i < Math.ceil(REPEATS / 2); i++) {
      const bare = await readyOf(bareServer, env, 'listening');
      bareReady.push(bare.ms);
      bareRss.push(bare.rssKiB / 1024);
      const served = await readyOf([bin, 'serve', '--port', '0'], env, 'Deskpilot is ready');
      serveReady.push(served.ms);
      serveRss.push(served.rssKiB / 1024);
    }
    return [
      record('version_cpu', 'ms', version, nodeFloor),
      record('serve_ready', 'ms', serveReady, bareReady),
      record('serve_idle_rss', 'MiB', serveRss, bareRss),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
