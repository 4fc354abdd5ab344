// Runs `deskpilot <args>` from source under a real pseudo-terminal (util-linux `script`), for prompts that need a TTY.
import { spawn } from 'node:child_process';
import path from 'node:path';

/** A CLI process attached to a pseudo-terminal: what it printed, keystrokes in, and how it ended. */
export interface PtyCli {
  /** Everything the terminal showed so far (stdout and stderr, with the echo of typed keys), `\r` removed. */
  output(): string;
  /** Types `keys` into the terminal (use `\r` for Enter, `\x15` for Ctrl-U). */
  type(keys: string): void;
  /** Resolves once `pattern` appears in the output after character `from` (default 0); rejects after `timeoutMs`. */
  waitFor(pattern: RegExp | string, timeoutMs: number, from?: number): Promise<void>;
  /** The CLI's exit code (script -e passes it through), null when killed. */
  exited: Promise<number | null>;
  /** Kills the terminal and the CLI. */
  kill(): void;
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Starts `deskpilot <args>` (node --import tsx test/support/cliRunner.ts) inside `script -qfec … /dev/null`, so its
 * stdin and stderr are TTYs, with exactly `env`.
 */
export function spawnCliInPty(args: string[], env: NodeJS.ProcessEnv): PtyCli {
  const command = [process.execPath, '--import', 'tsx', path.join(__dirname, 'cliRunner.ts'), ...args]
    .map(quote)
    .join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString().replace(/\r/g, '');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => text,
    type: (keys) => void child.stdin.write(keys),
    waitFor(pattern, timeoutMs, from = 0) {
      const found = () =>
        typeof pattern === 'string' ? text.indexOf(pattern, from) >= 0 : pattern.test(text.slice(from));
      return new Promise<void>((resolve, reject) => {
        if (found()) return resolve();
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        const check = () => {
          if (!found()) return;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(`timed out after ${timeoutMs} ms waiting for ${String(pattern)}; the terminal showed:\n${text}`),
          );
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => {
          if (!found()) {
            done();
            reject(new Error(`the CLI exited before ${String(pattern)} appeared; the terminal showed:\n${text}`));
          }
        });
      });
    },
    exited,
    kill: () => void child.kill('SIGKILL'),
  };
}
