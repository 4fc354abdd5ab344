// The user's login environment, captured once per process (as a terminal does at start), so `bash -c` commands see the
// PATH and variables the user's profile sets without paying for a login shell on every command.
import { spawn } from 'node:child_process';

/** How long (ms) the login shell may take to print its environment before Deskpilot uses its own instead. */
export const LOGIN_ENV_TIMEOUT_MS = 3000;

/** A running or finished capture; `hold()` keeps the process alive until it settles (someone is waiting for it). */
interface Capture {
  promise: Promise<NodeJS.ProcessEnv>;
  hold(): void;
}

let captured: Capture | undefined;

/**
 * The login environment: `bash -lc 'env -0'` run once (cached for the process), overlaid on `base`. Resolves within
 * `timeoutMs` (default {@link LOGIN_ENV_TIMEOUT_MS}); on timeout, a missing bash or a failing profile it resolves to
 * `base` unchanged and never rejects. The login shell runs in its own process group, which is killed on timeout.
 */
export function loginEnvironment(
  base: NodeJS.ProcessEnv = process.env,
  timeoutMs = LOGIN_ENV_TIMEOUT_MS,
): Promise<NodeJS.ProcessEnv> {
  captured ??= startCapture(base, timeoutMs);
  captured.hold();
  return captured.promise;
}

/**
 * Starts {@link loginEnvironment}'s capture in the background (at runtime start, as a terminal does) without keeping
 * the process alive for it: a CLI command that never runs `bash` exits at once even when the login shell is slow.
 */
export function prefetchLoginEnvironment(
  base: NodeJS.ProcessEnv = process.env,
  timeoutMs = LOGIN_ENV_TIMEOUT_MS,
): void {
  captured ??= startCapture(base, timeoutMs);
}

/** Runs the login shell now (uncached); same contract as {@link loginEnvironment}. */
export function captureLoginEnvironment(base: NodeJS.ProcessEnv, timeoutMs: number): Promise<NodeJS.ProcessEnv> {
  const capture = startCapture(base, timeoutMs);
  capture.hold();
  return capture.promise;
}

function startCapture(base: NodeJS.ProcessEnv, timeoutMs: number): Capture {
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn('bash', ['-lc', 'env -0'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'], env: base });
  } catch {
    return { promise: Promise.resolve(base), hold: () => {} };
  }
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  const promise = new Promise<NodeJS.ProcessEnv>((resolve) => {
    const chunks: Buffer[] = [];
    const settle = (env: NodeJS.ProcessEnv) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(env);
    };
    timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      settle(base);
    }, timeoutMs);
    timer.unref();
    child.unref();
    (child.stdout as (NodeJS.ReadableStream & { unref?(): void }) | null)?.unref?.();
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', () => settle(base));
    child.once('close', (code) => {
      if (code !== 0) return settle(base);
      settle({ ...base, ...parseEnv(Buffer.concat(chunks).toString('utf8')) });
    });
  });
  return {
    promise,
    hold: () => {
      if (settled) return;
      timer?.ref();
      (child.stdout as (NodeJS.ReadableStream & { ref?(): void }) | null)?.ref?.();
    },
  };
}

/** Parses `env -0` output (NUL-separated `NAME=value` entries). */
function parseEnv(text: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}
