// The parent side of the native worker: checks the environment, starts worker.ts in a child process on first use,
// runs operations over IPC, turns a crash into a clear error (the next call starts a fresh worker) and stops a
// running operation within 500 ms when its signal aborts (asking first, killing the worker when it does not answer).
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from '../sdk';
import { inspectEnvironment, type DesktopEnvironment, type Env } from './preflight';
import type { OpName, Ops, WorkerRequest, WorkerResponse } from './protocol';

/** A desktop tool failure the model can act on (the message says what to do next). */
export class DesktopError extends Error {
  constructor(
    message: string,
    /** True when the user stopped the operation (kill switch, interrupt). */
    readonly stopped = false,
  ) {
    super(message);
    this.name = 'DesktopError';
  }
}

/** How long a started operation may take to acknowledge an abort before its worker is killed (ms). */
export const ABORT_GRACE_MS = 250;
/** How long a new worker may take to load nut-js and say it is ready (ms; a loaded machine is slow). */
const START_TIMEOUT_MS = 60_000;

/**
 * The worker's entry and the Node options that run it: from source (this file is `.ts`: vitest, tsx) worker.ts
 * through the tsx loader; from a build `workers/desktopWorker.mjs` (CLI, scripts/build-cli.mjs) or `.js` (Electron)
 * beside the bundle. Throws when the built worker is missing (a broken build).
 */
function workerEntry(): { path: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const tsx = createRequire(here).resolve('tsx');
    return { path: fileURLToPath(new URL('./worker.ts', here)), execArgv: ['--import', pathToFileURL(tsx).href] };
  }
  for (const ext of ['mjs', 'js']) {
    const url = new URL(`./workers/desktopWorker.${ext}`, here);
    if (existsSync(url)) return { path: fileURLToPath(url), execArgv: [] };
  }
  throw new DesktopError(
    `The desktop worker is missing beside ${fileURLToPath(here)} (expected workers/desktopWorker.mjs). Rebuild Deskpilot (npm run build).`,
  );
}

interface Pending {
  op: OpName;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Options of {@link NativeDesktop}. */
export interface NativeDesktopOptions {
  log: Logger;
  /** Environment of the worker and of the checks (default `process.env`). */
  env?: Env;
  platform?: NodeJS.Platform;
  /** True inside the Electron app (default: `process.versions.electron` is set); see {@link ELECTRON_HOST_PROBLEM}. */
  electron?: boolean;
}

/**
 * Why the worker cannot start inside the Electron app: it is a forked Node process, and the packaged app's RunAsNode
 * fuse is off (electron-builder.yml), so forking there would start a second app instead. Electron's
 * `utilityProcess` would be the way, which plugins cannot reach (they never import electron).
 */
export const ELECTRON_HOST_PROBLEM =
  'Desktop automation cannot start its native worker inside the Electron app yet (the app may not run Node child processes: its RunAsNode fuse is off). Use it from `deskpilot serve` (the web UI) or the CLI for now.';

/** The native worker as the tools see it: `run(op, params, signal)`. One worker at a time; dispose ends it. */
export class NativeDesktop {
  private child: ChildProcess | null = null;
  private starting: Promise<ChildProcess> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stderrTail = '';
  private environment: DesktopEnvironment | null = null;
  private probed: Ops['probe']['result'] | null = null;

  constructor(private readonly opts: NativeDesktopOptions) {}

  private get env(): Env {
    return this.opts.env ?? process.env;
  }

  /** The environment check (cached once it passed; re-run while it fails, so starting a display later works). */
  async inspect(): Promise<DesktopEnvironment> {
    if (this.opts.electron ?? Boolean(process.versions.electron))
      return { problem: ELECTRON_HOST_PROBLEM, windowManager: null };
    if (this.environment && !this.environment.problem) return this.environment;
    this.environment = await inspectEnvironment(this.env, this.opts.platform ?? process.platform);
    return this.environment;
  }

  /** The screen size in points, from the worker's first probe. Throws like {@link run}. */
  async screenSize(signal: AbortSignal): Promise<{ width: number; height: number }> {
    await this.ensureProbed(signal);
    return this.probed!.screen;
  }

  /**
   * Runs `op` in the worker. Rejects with a {@link DesktopError}: the environment problem and its fix; the worker
   * crashed (the runtime lives on; the next call starts a new worker); the operation failed; or `signal` aborted
   * (`stopped`: within {@link ABORT_GRACE_MS} the worker either stopped the operation or was killed).
   */
  async run<K extends OpName>(op: K, params: Ops[K]['params'], signal: AbortSignal): Promise<Ops[K]['result']> {
    if (op !== 'probe') await this.ensureProbed(signal);
    return (await this.send(op, params, signal)) as Ops[K]['result'];
  }

  /** Ends the worker (pending operations reject). */
  dispose(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }

  private async ensureProbed(signal: AbortSignal): Promise<void> {
    if (this.probed) return;
    const probe = (await this.send('probe', {}, signal)) as Ops['probe']['result'];
    if (probe.problems.length > 0) throw new DesktopError(probe.problems.join(' '));
    this.probed = probe;
  }

  private async send(op: OpName, params: unknown, signal: AbortSignal): Promise<unknown> {
    if (signal.aborted) throw new DesktopError('Stopped by the user before it started.', true);
    const environment = await this.inspect();
    if (environment.problem) throw new DesktopError(environment.problem);
    const child = await this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      let killTimer: NodeJS.Timeout | undefined;
      const finish = () => {
        clearTimeout(killTimer);
        signal.removeEventListener('abort', onAbort);
        this.pending.delete(id);
      };
      const onAbort = () => {
        this.post(child, { type: 'abort', id });
        killTimer = setTimeout(() => {
          this.opts.log.warn('the desktop worker did not stop in time; killing it', { op });
          finish();
          child.kill('SIGKILL');
          reject(new DesktopError(`Stopped by the user: ${op} was cut off.`, true));
        }, ABORT_GRACE_MS);
      };
      this.pending.set(id, {
        op,
        resolve: (value) => {
          finish();
          if (signal.aborted) reject(new DesktopError(`Stopped by the user after ${op} finished.`, true));
          else resolve(value);
        },
        reject: (error) => {
          finish();
          reject(signal.aborted ? new DesktopError(`Stopped by the user: ${op} was stopped.`, true) : error);
        },
      });
      signal.addEventListener('abort', onAbort, { once: true });
      this.post(child, { type: 'run', id, op, params });
    });
  }

  private post(child: ChildProcess, message: WorkerRequest): void {
    if (child.connected) child.send(message);
  }

  private start(): Promise<ChildProcess> {
    if (this.child?.connected) return Promise.resolve(this.child);
    this.starting ??= this.spawn().finally(() => (this.starting = null));
    return this.starting;
  }

  private spawn(): Promise<ChildProcess> {
    const entry = workerEntry();
    this.stderrTail = '';
    this.probed = null;
    const child = fork(entry.path, [], {
      execArgv: entry.execArgv,
      env: this.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-600);
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new DesktopError('The desktop worker did not start within 60 s. Try again; see the log for details.'));
      }, START_TIMEOUT_MS);
      child.on('message', (message: WorkerResponse) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          this.child = child;
          resolve(child);
          return;
        }
        const pending = this.pending.get(message.id);
        if (!pending) return;
        if (message.type === 'result') pending.resolve(message.result);
        else pending.reject(new DesktopError(`The desktop ${pending.op} failed: ${message.message}`));
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (this.child === child) this.child = null;
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        const tail = this.stderrTail.trim().split('\n').slice(-3).join(' | ');
        this.opts.log.warn('the desktop worker ended', { how, stderr: tail });
        for (const [id, p] of this.pending) {
          this.pending.delete(id);
          p.reject(
            new DesktopError(
              `The native desktop layer crashed (${how}) during ${p.op}${tail ? `: ${tail}` : ''}. Deskpilot kept running; the next desktop tool starts it again. Check that the display ${this.env.DISPLAY ?? ''} is still running.`,
            ),
          );
        }
        reject(new DesktopError(`The desktop worker stopped while starting (${how})${tail ? `: ${tail}` : ''}.`));
      });
    });
  }
}
