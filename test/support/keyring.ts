// Test helpers for a REAL OS keychain: a private D-Bus session with an unlocked gnome-keyring, and running TS scripts in it.
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: scripts run from here so that `--import tsx` resolves the project's tsx. */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const installHint =
  'install gnome-keyring, dbus and libsecret-1-dev: apt-get install -y gnome-keyring dbus libsecret-1-dev';

/** Output of a script run: exit `code` (null if killed by a signal or the timeout), and its full stdout/stderr text. */
export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options for {@link runInKeyringSession} and {@link runScript}. */
export interface RunOptions {
  /** Kill the whole process group after this many ms (default 30 000); `code` is then null. */
  timeoutMs?: number;
  /** Kill the whole process group as soon as stdout matches this (for scripts that cannot exit by themselves). */
  killAfterStdout?: RegExp;
}

/**
 * Whether a real keychain session can be started here: `dbus-run-session` and `gnome-keyring-daemon` on PATH and
 * keytar's native addon built (it needs libsecret-1-dev). Tests that need the keychain must fail with `why`, never skip.
 */
export function keyringAvailable(): { ok: true } | { ok: false; why: string } {
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((command) => !onPath(command));
  if (missing.length > 0) return { ok: false, why: `${missing.join(' and ')} not found on PATH; ${installHint}` };
  try {
    const keytarMain = createRequire(import.meta.url).resolve('keytar');
    const addon = join(dirname(keytarMain), '..', 'build', 'Release', 'keytar.node');
    if (!existsSync(addon))
      return {
        ok: false,
        why: `keytar's native addon is not built (${addon} missing); ${installHint}, then npm rebuild keytar`,
      };
  } catch {
    return { ok: false, why: 'the keytar package is not installed (npm install keytar)' };
  }
  return { ok: true };
}

/**
 * Runs the TypeScript `scriptPath` (via `node --import tsx`) inside `dbus-run-session` with gnome-keyring's
 * secrets component started and its login keyring unlocked (password `pw`). HOME, XDG_DATA_HOME (where the
 * keyring file lives), XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_RUNTIME_DIR point into a fresh temp dir that is
 * removed afterwards, so the user's real keyring is never touched. `env` is added on top of a minimal environment
 * (PATH only). Resolves when the session ends; never rejects for a non-zero exit.
 */
export async function runInKeyringSession(
  scriptPath: string,
  env: Record<string, string> = {},
  options: RunOptions = {},
): Promise<ScriptRun> {
  // $0 = node, $1 = script: passed as arguments so that no path is ever re-parsed by the shell.
  const shell =
    'printf %s pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$0" --import tsx "$1"';
  return withSandboxHome((sandboxEnv) =>
    run(
      'dbus-run-session',
      ['--', 'sh', '-c', shell, process.execPath, scriptPath],
      { ...sandboxEnv, ...env },
      options,
    ),
  );
}

/**
 * Runs the TypeScript `scriptPath` (via `node --import tsx`) outside any keyring session, with the same fresh
 * HOME/XDG sandbox and minimal environment as {@link runInKeyringSession} (so there is no D-Bus session unless
 * `env` sets DBUS_SESSION_BUS_ADDRESS).
 */
export async function runScript(
  scriptPath: string,
  env: Record<string, string> = {},
  options: RunOptions = {},
): Promise<ScriptRun> {
  return withSandboxHome((sandboxEnv) =>
    run(process.execPath, ['--import', 'tsx', scriptPath], { ...sandboxEnv, ...env }, options),
  );
}

async function withSandboxHome(work: (env: Record<string, string>) => Promise<ScriptRun>): Promise<ScriptRun> {
  const root = await mkdtemp(join(tmpdir(), 'deskpilot-keyring-'));
  try {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: join(root, 'home'),
      XDG_DATA_HOME: join(root, 'data'),
      XDG_CONFIG_HOME: join(root, 'config'),
      XDG_CACHE_HOME: join(root, 'cache'),
      XDG_RUNTIME_DIR: join(root, 'runtime'),
    };
    for (const dir of [env.HOME, env.XDG_DATA_HOME, env.XDG_CONFIG_HOME, env.XDG_CACHE_HOME, env.XDG_RUNTIME_DIR]) {
      await mkdir(dir as string, { recursive: true, mode: 0o700 });
    }
    return await work(env);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], env: Record<string, string>, options: RunOptions): Promise<ScriptRun> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    // detached: the child leads its own process group, so a timeout can kill the daemons it started too.
    const child = spawn(command, args, { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* the group already exited */
      }
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (options.killAfterStdout?.test(stdout)) {
        stderr += '\n[killed: it printed what was awaited]';
        killGroup();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      stderr += `\n[killed: still running after ${timeoutMs} ms]`;
      killGroup();
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${command}: ${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function onPath(command: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), fsConstants.X_OK);
      return true;
    } catch {
      /* not in this directory */
    }
  }
  return false;
}
