// `deskpilot serve` as a real child process on a temp home (from source), for tests that must see it survive or stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { bridgeInfoPath, type BridgeInfo } from '../../main/core/bridge/server';

/** A running `deskpilot serve` child. */
export interface ServeProcess {
  home: string;
  child: ChildProcess;
  info: BridgeInfo;
  env: NodeJS.ProcessEnv;
  /** What the child printed so far. */
  stdout(): string;
  stderr(): string;
  /** True while the child has not exited. */
  alive(): boolean;
  /** Stops the child (SIGTERM, then SIGKILL after 10 s) and removes the home unless it was given. */
  stop(): Promise<void>;
}

/** How long a spawned serve may take to print its link on a loaded 2-core machine, in ms. */
export const SERVE_START_TIMEOUT_MS = 90_000;

/**
 * Starts `deskpilot serve [args]` from source (`node --import tsx test/support/cliRunner.ts`; with `built`, the
 * `npm run build` bundle through bin/deskpilot.mjs) on a fresh temp home
 * (or `options.home`) with the file credential store and no model key, and resolves once it printed its login link
 * and wrote `runtime/bridge.json`. `options.env` is merged over the process environment.
 */
export async function startServeProcess(
  args: string[] = [],
  options: { env?: NodeJS.ProcessEnv; home?: string; built?: boolean } = {},
): Promise<ServeProcess> {
  const home = options.home ?? (await mkdtemp(path.join(os.tmpdir(), 'deskpilot-serve-')));
  if (!options.home) await writeFile(path.join(home, 'settings.json'), JSON.stringify({ credentialBackend: 'file' }));
  const env: NodeJS.ProcessEnv = { ...process.env, DESKPILOT_HOME: home, OPENAI_API_KEY: '', ...options.env };
  const entry = options.built
    ? [path.join(__dirname, '..', '..', 'bin', 'deskpilot.mjs')]
    : ['--import', 'tsx', path.join(__dirname, 'cliRunner.ts')];
  const child = spawn(process.execPath, [...entry, 'serve', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d.toString()));
  child.stderr!.on('data', (d) => (err += d.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), SERVE_START_TIMEOUT_MS);
    const check = () => {
      if (!out.includes('Deskpilot is ready: ')) return;
      clearTimeout(timer);
      resolve(true);
    };
    child.stdout!.on('data', check);
    void exit.then(() => (clearTimeout(timer), resolve(false)));
  });
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`deskpilot serve did not start; stdout: ${out}; stderr: ${err}`);
  }
  const info = JSON.parse(await readFile(bridgeInfoPath(home), 'utf8')) as BridgeInfo;
  return {
    home,
    child,
    info,
    env,
    stdout: () => out,
    stderr: () => err,
    alive: () => !exited,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(killer);
      }
      if (!options.home) await rm(home, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a new authenticated WebSocket to the bridge and asks `runtime/status`: resolves to the reply's `result` (the
 * proof that the runtime is alive and serves another client). Rejects after `timeoutMs` (default 20 s).
 */
export async function askStatus(info: BridgeInfo, timeoutMs = 20_000): Promise<unknown> {
  return askBridge(info, 'runtime/status', {}, timeoutMs);
}

/**
 * Sends one request on `channel` with `params` over a new authenticated WebSocket and resolves to the reply's
 * `result` (the contract's `{ok, value | error}`). Rejects after `timeoutMs` (default 20 s).
 */
export async function askBridge(
  info: BridgeInfo,
  channel: string,
  params: unknown,
  timeoutMs = 20_000,
): Promise<unknown> {
  const ws = new WebSocket(`ws://127.0.0.1:${info.port}/ws`, { headers: { authorization: `Bearer ${info.token}` } });
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${channel} reply in time`)), timeoutMs);
      ws.once('error', (error) => (clearTimeout(timer), reject(error)));
      ws.once('open', () => ws.send(JSON.stringify({ type: 'request', id: 1, channel, params })));
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; id: unknown; result: unknown };
        if (frame.type !== 'reply' || frame.id !== 1) return;
        clearTimeout(timer);
        resolve(frame.result);
      });
    });
  } finally {
    ws.terminate();
  }
}
