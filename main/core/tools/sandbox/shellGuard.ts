// Refuses shell commands that visibly reach for Deskpilot's secrets: its protected files, /proc/<runtime pid>, the
// keychain (secret-tool, macOS `security`). The OS sandbox enforces the same for what a parser cannot see.
import path from 'node:path';
import { parseShell } from '../../approvals/shellParse';
import { expandHome, realPathSync } from '../../util/paths';
import { inProtected } from './fileAccess';

/** File names that are Deskpilot secrets wherever they appear in a command. */
const SECRET_NAMES = /credentials\.json|bridge\.json|bridge-port\.json|cookie-key|login-[0-9a-f]*\.html/i;

/** Keychain tools: `secret-tool` (Secret Service) and macOS `security` reading passwords or dumping a keychain. */
function keychainRefusal(name: string, args: string[]): string | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (base === 'secret-tool')
    return 'secret-tool reads the OS keychain, where Deskpilot keeps its API keys and sign-in tokens';
  if (base === 'security' && args.some((a) => /^(find-.*-password|dump-keychain|export)$/.test(a)))
    return '`security` reads the macOS keychain, where Deskpilot keeps its API keys and sign-in tokens';
  return undefined;
}

/**
 * Why `command` must not run because it reaches for a protected location, or undefined. Checks every simple command
 * (including those inside substitutions) and redirection: keychain tools, words naming Deskpilot's secret files, words
 * that resolve (against `runDir`, `~` expanded, symlinks followed) into `locations`, and `/proc/` paths built from
 * an expansion (`/proc/$PPID/environ`). Needs the shell parser loaded (undefined otherwise: the sandbox still holds).
 */
export function protectedCommandRefusal(
  command: string,
  runDir: string,
  locations: { dirs: readonly string[]; filePrefixes: readonly string[] },
): string | undefined {
  const parsed = parseShell(command);
  if (!parsed) return undefined;
  const words: string[] = parsed.redirects.map((r) => r.plainTarget ?? r.target);
  for (const cmd of parsed.commands) {
    const keychain = cmd.plain.length > 0 ? keychainRefusal(cmd.plain[0], cmd.plain.slice(1)) : undefined;
    if (keychain) return keychain;
    words.push(...cmd.plain, ...cmd.assignments);
  }
  for (const word of words) {
    if (SECRET_NAMES.test(word)) return `it names one of Deskpilot's secret files (${word})`;
    if (/\/proc\/(\$|`|[^/\s]*\$)/.test(word)) return `it reads another process's /proc entry (${word})`;
    for (const part of word.split(/[=:]/)) {
      if (!/[/~]/.test(part) && part !== '.' && part !== '..') continue;
      const abs = path.resolve(runDir, expandHome(part));
      if (inProtected(realPathSync(abs), locations) || inProtected(abs, locations))
        return `it reaches ${part}, a protected Deskpilot location`;
    }
  }
  return undefined;
}
