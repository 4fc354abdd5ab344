// Built-in `bash`: runs a command with `bash -c` in its own process group; abort or timeout kills the whole group.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { escapeGlob } from '../../approvals/glob';
import { suggestShellPattern } from '../../approvals/shellRules';
import { cutNote, utf8SafeLength } from '../output';
import { defineBuiltin } from './define';
import { loadShellParser } from '../../approvals/shellParse';
import { realPathSync } from '../../util/paths';
import { SECRET_ENV_NAME } from '../../util/secretEnv';
import { protectedCommandRefusal } from '../sandbox/shellGuard';
import { detectShellSandbox, sandboxedCommand } from '../sandbox/shellSandbox';
import { errnoCode, notFoundMessage, readPath } from './fsHelpers';

/** Combined stdout+stderr bytes kept in memory by default; the rest is counted and dropped. */
export const BASH_CAPTURE_BYTES = 1024 * 1024;
/** Wait (ms) between SIGTERM and SIGKILL when stopping a process group. */
export const KILL_GRACE_MS = 2000;
/** Wait (ms) for the output pipes to close after bash exits (a background child may hold them open). */
export const PIPE_DRAIN_MS = 1000;

const parameters = z.object({
  command: z.string().min(1).describe('The shell command to run (bash syntax; pipes, &&, redirects work).'),
  cwd: z.string().min(1).optional().describe('Directory to run in (default: the working directory).'),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      "Stop the command after this many milliseconds. It can only shorten the runtime's tool timeout (2 minutes by default).",
    ),
});

/** Options of {@link createBashTool}. */
export interface BashToolOptions {
  /** Combined output bytes kept (default {@link BASH_CAPTURE_BYTES}). */
  captureBytes?: number;
  /**
   * The environment commands start from, before {@link commandEnv} filters it (default `process.env`). The runtime
   * passes the user's login environment, captured once at start (see `tools/loginEnv.ts`).
   */
  environment?: () => Promise<NodeJS.ProcessEnv>;
}

/**
 * The environment commands run with: the runtime's own, minus credential-looking variables (names containing KEY,
 * SECRET, TOKEN or PASSWORD, so `env` cannot leak an API key to the model), with `PAGER`/`GIT_PAGER` set to `cat`.
 */
export function commandEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (!SECRET_ENV_NAME.test(name)) out[name] = value;
  return { ...out, PAGER: 'cat', GIT_PAGER: 'cat' };
}

/** How the command ended. */
interface CommandEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when we stopped the command. */
  stopped?: 'timeout' | 'aborted';
  output: Buffer;
  totalBytes: number;
}

/**
 * Creates the `bash` tool {command, cwd?, timeoutMs?}, risk `destructive`. Output starts with `exit code: N` (or the
 * signal, or why it was stopped), then the interleaved stdout+stderr, cut with `[output cut: N of M bytes shown]`.
 * A non-zero exit is reported as an error result. "Always allow" suggests the exact command, or a narrow wildcard
 * for a read-only command (`git status *`; see `approvals/shellRules.ts` suggestShellPattern); rules match parsed
 * commands (`ruleArgs: {command: 'shell'}`).
 * POSIX only (process groups); stdin is closed; the environment is {@link commandEnv}.
 */
export function createBashTool(options: BashToolOptions = {}): ToolDefinition {
  const captureBytes = options.captureBytes ?? BASH_CAPTURE_BYTES;
  const environment = options.environment ?? (() => Promise.resolve(process.env));
  return defineBuiltin({
    name: 'bash',
    description:
      'Run a shell command with bash and return its exit code and combined stdout/stderr. Use for builds, tests, git and other CLI tools. Commands run without a terminal and without stdin.',
    parameters,
    risk: 'destructive',
    suggestRule: (args) => ({
      command: suggestShellPattern(args.command),
      ...(args.cwd ? { cwd: escapeGlob(args.cwd) } : {}),
    }),
    ruleArgs: { command: 'shell', cwd: 'workdir' },
    async execute(args, ctx) {
      const cwd = args.cwd ? readPath(args.cwd, ctx) : ctx.cwd;
      try {
        if (!(await stat(cwd)).isDirectory()) throw new Error(`${cwd} is not a directory; pass a directory as cwd.`);
      } catch (error) {
        if (errnoCode(error) === 'ENOENT')
          throw new Error(notFoundMessage('Directory', cwd, ctx.cwd), { cause: error });
        throw error;
      }
      const env = commandEnv(await environment());
      let program: { file: string; args: string[] } = { file: 'bash', args: ['-c', args.command] };
      let note = '';
      const files = ctx.files;
      if (files) {
        await loadShellParser().catch(() => undefined);
        const refusal = protectedCommandRefusal(args.command, cwd, files.protectedPaths());
        if (refusal)
          throw new Error(
            `This command was not run: ${refusal}. No tool may read Deskpilot's own secrets, under any approval policy or rule.`,
          );
        const sandbox = detectShellSandbox();
        const wrapped = sandboxedCommand(sandbox, args.command, {
          policy: files.policy,
          writableRoots: files.writableRoots,
          home: files.home,
          protectedPaths: files.protectedPaths(),
          network: files.network,
          cwd: realPathSync(cwd),
          xdgRuntimeDir: env.XDG_RUNTIME_DIR,
        });
        if (wrapped) {
          program = wrapped;
          delete env.DBUS_SESSION_BUS_ADDRESS;
        } else if (files.policy !== 'full-access' && sandbox.kind === 'none') {
          note = `[no OS sandbox: ${sandbox.reason}; the ${files.policy} sandbox policy could not be enforced for this command]\n`;
        }
      }
      ctx.signal.throwIfAborted();
      const end = await runCommand(program, {
        cwd,
        env,
        signal: ctx.signal,
        onGroup: ctx.trackProcessGroup,
        timeoutMs: args.timeoutMs,
        captureBytes,
      });
      return {
        output: note + formatEnd(end, args.timeoutMs, captureBytes),
        isError: end.stopped !== undefined || end.code !== 0,
      };
    },
  });
}

/** Spawns `program` (`bash -c command`, maybe inside a sandbox) detached (own process group) and collects its output. */
function runCommand(
  program: { file: string; args: string[] },
  opts: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    signal: AbortSignal;
    /** Told the new process group (its leader's pid) at once, so the runtime can kill it on exit or after a crash. */
    onGroup?: (pid: number) => void;
    timeoutMs?: number;
    captureBytes: number;
  },
): Promise<CommandEnd> {
  return new Promise<CommandEnd>((resolve, reject) => {
    const child = spawn(program.file, program.args, {
      cwd: opts.cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: opts.env,
    });
    if (child.pid !== undefined) opts.onGroup?.(child.pid);
    const chunks: Buffer[] = [];
    let kept = 0;
    let totalBytes = 0;
    // Keep a few bytes past the cap so the cut can back off to a whole UTF-8 character (see formatEnd).
    const storeBytes = opts.captureBytes + 4;
    const onData = (chunk: Buffer) => {
      totalBytes += chunk.length;
      if (kept >= storeBytes) return;
      const part = chunk.subarray(0, storeBytes - kept);
      chunks.push(part);
      kept += part.length;
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);

    let stopped: CommandEnd['stopped'];
    let killTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let done = false;

    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    const stop = (reason: 'timeout' | 'aborted') => {
      if (stopped || done) return;
      stopped = reason;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
    };
    const onAbort = () => stop('aborted');
    opts.signal.addEventListener('abort', onAbort, { once: true });
    const timeoutTimer = opts.timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), opts.timeoutMs);

    const cleanup = () => {
      done = true;
      opts.signal.removeEventListener('abort', onAbort);
      clearTimeout(timeoutTimer);
      clearTimeout(killTimer);
      clearTimeout(drainTimer);
      // After a stop, make sure nothing of the group survives a SIGTERM it ignored.
      if (stopped) killGroup('SIGKILL');
    };
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      cleanup();
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ code, signal, stopped, output: Buffer.concat(chunks), totalBytes });
    };

    child.once('error', (error) => {
      if (done) return;
      cleanup();
      reject(new Error(`Could not start bash: ${error.message}. Check that bash is installed and on PATH.`));
    });
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      drainTimer = setTimeout(() => finish(code, signal), PIPE_DRAIN_MS);
    });
    child.once('close', (code, signal) => finish(exit?.code ?? code, exit?.signal ?? signal));
  });
}

/** The tool output: a status line, then the captured output (UTF-8 safe cut, with a note when cut). */
function formatEnd(end: CommandEnd, timeoutMs: number | undefined, captureBytes: number): string {
  const how = end.code !== null ? `exit code: ${end.code}` : `signal: ${end.signal ?? 'unknown'}`;
  let status = how;
  if (end.stopped === 'timeout')
    status = `timed out after ${timeoutMs} ms; the command's process group was killed (${how})`;
  if (end.stopped === 'aborted') status = `interrupted; the command's process group was killed (${how})`;
  const shown = utf8SafeLength(end.output, captureBytes);
  const text = end.output.subarray(0, shown).toString('utf8');
  const note = end.totalBytes > shown ? `\n${cutNote(shown, end.totalBytes)}` : '';
  return `${status}\n${text.length > 0 ? text : '(no output)'}${note}`;
}
