// Approval rules over parsed shell commands: when a rule pattern covers a command line, and which rule to suggest.
import path from 'node:path';
import { isWithin, realPathSync } from '../util/paths';
import { escapeGlob, globMatch, hasWildcard } from './glob';
import { parseShell, type ParsedShell, type SimpleCommand } from './shellParse';

/** Where a command would run, for judging its file redirections. */
export interface ShellRuleContext {
  /** Absolute working directory of the session; redirections must stay inside it (or another `allowedRoots`). */
  cwd?: string;
  /** Absolute directory the command runs in, when not `cwd` (relative redirection targets resolve against it). */
  runDir?: string;
  /** Further absolute directories redirections may write to or read from (e.g. the sandbox's writable roots). */
  allowedRoots?: readonly string[];
  /** Resolves a path to its real path (symlinks resolved; the parent's for a new file). Default: `realPathSync`. */
  realPath?: (p: string) => string;
}

/**
 * Commands that run other commands or code: a rule with a wildcard never covers them; only an exact rule does.
 * (Issue 8 #4: `xargs *`, `env *`, `sudo *` would otherwise grant any command.)
 */
export const COMMAND_RUNNERS = new Set([
  'xargs',
  'env',
  'sudo',
  'doas',
  'su',
  'pkexec',
  'nohup',
  'timeout',
  'nice',
  'ionice',
  'setsid',
  'stdbuf',
  'chroot',
  'unshare',
  'nsenter',
  'strace',
  'ltrace',
  'time',
  'watch',
  'command',
  'builtin',
  'eval',
  'exec',
  'source',
  '.',
  'trap',
  'enable',
  'parallel',
  'flock',
  'script',
  'busybox',
  'bash',
  'sh',
  'zsh',
  'dash',
  'ksh',
  'fish',
  'csh',
  'tcsh',
]);

/** Interpreters whose `-c` / `-e` style options run code given on the command line. */
const INTERPRETER_CODE_FLAGS: Record<string, RegExp> = {
  python: /^-[a-zA-Z]*c/,
  node: /^(-[a-zA-Z]*[ep]|--eval|--print)/,
  deno: /^(eval|-e)/,
  bun: /^(-e|--eval|-p|--print)/,
  perl: /^-[a-zA-Z]*[eE]/,
  ruby: /^-[a-zA-Z]*e/,
  php: /^-[a-zA-Z]*r/,
  lua: /^-[a-zA-Z]*e/,
  osascript: /^-[a-zA-Z]*e/,
  awk: /./,
};

/** `find` actions that run commands, delete or write files. */
const FIND_ACTIONS = /^-(exec|execdir|ok|okdir|delete|fprint|fprint0|fprintf|fls)$/;

/** git options and arguments that run commands or write where the user did not look. */
const GIT_RUNNER_ARGS =
  /^(-c|--config-env|--exec-path|--upload-pack|--receive-pack|-u|--output|--ext-diff|--open-files-in-pager)(=|$)|^-c.|^--output=/;

/**
 * git's own subcommands; any other word in that position may be a user alias, and an alias can run a shell command
 * (`alias.x = !cmd`), so it is never covered by a wildcard.
 */
const GIT_SUBCOMMANDS = new Set(
  (
    'add am apply archive bisect blame branch bundle checkout cherry cherry-pick citool clean clone commit config ' +
    'count-objects describe diff diff-files diff-index diff-tree difftool fetch format-patch fsck gc grep gui help ' +
    'init instaweb log ls-files ls-remote ls-tree merge merge-base mergetool mv notes pull push range-diff rebase ' +
    'reflog remote repack replace reset restore rev-list rev-parse revert rm shortlog show show-branch show-ref ' +
    'sparse-checkout stash status submodule switch tag version whatchanged worktree'
  ).split(' '),
);

/** Read-only git subcommands that may get a narrow wildcard rule (`git status *`). */
const GIT_READ_ONLY = new Set(['status', 'log', 'diff', 'show', 'blame', 'ls-files', 'rev-parse', 'describe']);

/**
 * Commands that only read and print, which "always allow" may widen to `<command> <flags> *`. Everything else gets
 * an exact rule.
 */
const READ_ONLY_COMMANDS = new Set([
  'ls',
  'pwd',
  'cat',
  'head',
  'tail',
  'wc',
  'file',
  'stat',
  'du',
  'df',
  'tree',
  'which',
  'whoami',
  'uname',
  'date',
  'echo',
  'grep',
  'rg',
  'diff',
]);

/** The base name of a command (`/usr/bin/git` -> `git`, `python3.12` -> `python`). */
function baseName(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return base.replace(/^(python|pypy)[0-9.]*$/, 'python').replace(/^(perl|ruby|php|lua|node)[0-9.]*$/, '$1');
}

/**
 * Why a simple command is never covered by a wildcard rule (it runs other commands, sets the environment, or its
 * name is only known at run time), or undefined when a wildcard may cover it.
 */
export function wildcardRefusal(cmd: SimpleCommand): string | undefined {
  if (cmd.kind === 'assignment') return `it sets a shell variable (${cmd.text})`;
  if (cmd.kind === 'declaration') return `it declares or exports variables (${cmd.text})`;
  if (cmd.assignments.length > 0) return `it sets environment variables first (${cmd.assignments.join(' ')})`;
  if (cmd.dynamicName) return 'its command name is only known when it runs';
  const name = baseName(cmd.plain[0] ?? '');
  const args = cmd.plain.slice(1);
  if (COMMAND_RUNNERS.has(name)) return `${name} runs other commands`;
  const codeFlag = INTERPRETER_CODE_FLAGS[name];
  if (codeFlag && args.some((a) => codeFlag.test(a))) return `${name} runs code given on the command line`;
  if (name === 'find' && args.some((a) => FIND_ACTIONS.test(a))) return 'find runs commands or deletes/writes files';
  if (name === 'git') {
    if (args.some((a) => GIT_RUNNER_ARGS.test(a))) return 'these git options can run other commands or write files';
    const sub = args.find((a) => !a.startsWith('-'));
    if (sub !== undefined && !GIT_SUBCOMMANDS.has(sub)) return `"git ${sub}" may be an alias that runs a command`;
  }
  return undefined;
}

/** Why a file redirection is not covered (it may touch a file outside the allowed roots), or undefined. */
function redirectRefusal(target: string | undefined, written: string, ctx: ShellRuleContext): string | undefined {
  if (target === undefined) return `a redirection's target is only known when it runs (${written})`;
  if (target.startsWith('&') || target === '/dev/null') return undefined;
  const roots = [ctx.cwd, ...(ctx.allowedRoots ?? [])].filter((r): r is string => Boolean(r));
  const real = ctx.realPath ?? realPathSync;
  const base = ctx.runDir ?? ctx.cwd;
  if (target.startsWith('~') || (!path.isAbsolute(target) && !base))
    return `a redirection targets ${written}, outside the working directory`;
  const resolved = real(path.resolve(base ?? '/', target));
  if (!roots.some((root) => isWithin(resolved, real(root))))
    return `a redirection targets ${written}, outside the working directory`;
  return undefined;
}

/**
 * Why no rule covers `parsed` as a whole (substitutions, parse errors, redirections outside the allowed roots), or
 * undefined when rules may cover it command by command.
 */
export function commandLineRefusal(parsed: ParsedShell, ctx: ShellRuleContext = {}): string | undefined {
  if (parsed.opaque.length > 0) return parsed.opaque.join('; ');
  if (parsed.commands.length === 0) return 'it contains no command';
  for (const r of parsed.redirects) {
    const why = redirectRefusal(r.plainTarget, `${r.operator} ${r.target}`, ctx);
    if (why) return why;
  }
  return undefined;
}

/**
 * Matches one simple-command pattern against one simple command. A pattern ending in ` *` also matches the command
 * without further arguments (`git status *` covers `git status`). A wildcard pattern never covers a command for which
 * {@link wildcardRefusal} gives a reason.
 */
function simpleCovered(pattern: SimpleCommand, cmd: SimpleCommand): boolean {
  // Assignments and env prefixes (`LD_PRELOAD=x git log`) are only covered by an exact rule for the whole line.
  if (cmd.assignments.length > 0 || cmd.kind === 'assignment' || cmd.kind === 'declaration') return false;
  const p = pattern.text;
  if (!hasWildcard(p)) return globMatch(p, cmd.text, NO_EXCLUSIONS);
  if (wildcardRefusal(cmd) !== undefined) return false;
  if (globMatch(p, cmd.text, NO_EXCLUSIONS)) return true;
  return p.endsWith(' *') && !p.endsWith('\\ *') && globMatch(p.slice(0, -2), cmd.text, NO_EXCLUSIONS);
}

/** Inside one parsed simple command a wildcard may stand for any character: control operators were split off. */
const NO_EXCLUSIONS: ReadonlySet<string> = new Set();

/**
 * True when the rule pattern `pattern` (for a shell-command argument) covers the command line `command`:
 * - the command parses, has no command or process substitution, and every file redirection stays inside
 *   `ctx.cwd` / `ctx.allowedRoots` (or is /dev/null or an fd);
 * - a pattern of one simple command (e.g. `git status *`) must cover EVERY simple command of the line, so
 *   `git status; rm -rf ~` is not covered by `git *`;
 * - any other pattern (several commands like `cd x && make`, a redirection, an env prefix) has no wildcards and
 *   covers only that exact command line;
 * - wildcards never cover commands that run other commands, env-prefixed commands or assignments (see
 *   {@link wildcardRefusal}); exact patterns can.
 * Returns false while the parser is not loaded (fail closed).
 */
export function shellCommandCovered(pattern: string, command: string, ctx: ShellRuleContext = {}): boolean {
  return explainShellCoverage(pattern, command, ctx) === undefined;
}

/** Like {@link shellCommandCovered}, but returns why the command is not covered (undefined when it is). */
export function explainShellCoverage(pattern: string, command: string, ctx: ShellRuleContext = {}): string | undefined {
  const parsedPattern = parseShell(pattern);
  const parsed = parseShell(command);
  if (!parsed || !parsedPattern) return 'the shell parser is not loaded yet';
  if (parsedPattern.opaque.length > 0 || parsedPattern.commands.length === 0)
    return 'the rule is not a valid command pattern';
  const refusal = commandLineRefusal(parsed, ctx);
  if (refusal) return refusal;
  const [p] = parsedPattern.commands;
  const simplePattern =
    parsedPattern.commands.length === 1 &&
    parsedPattern.redirects.length === 0 &&
    p.kind !== 'assignment' &&
    p.kind !== 'declaration' &&
    p.assignments.length === 0;
  if (simplePattern) {
    const uncovered = parsed.commands.find((cmd) => !simpleCovered(p, cmd));
    return uncovered
      ? `\`${uncovered.assignments.concat(uncovered.words).join(' ')}\` is not covered by \`${pattern}\``
      : undefined;
  }
  // Any other pattern (several commands, redirections, variable assignments) is exact: it covers only the same
  // command line, character for character.
  if (hasWildcard(pattern)) return `a rule for a compound command cannot contain wildcards (\`${pattern}\`)`;
  return globMatch(pattern.trim(), command.trim()) ? undefined : `the command is not exactly \`${pattern}\``;
}

/**
 * The rule pattern "always allow" / "allow for this session" suggests for a shell command (issue 9 #1):
 * - a single read-only git command (`git status`, `git log -5`) -> `git <subcommand> *`;
 * - a single read-only command from a short list (ls, cat, head, grep, ...) -> its leading flags plus ` *`
 *   (`ls -la src` -> `ls -la *`), or exactly the command when it has no flag;
 * - anything else (destructive or unknown commands, compound lines, runners, env prefixes, redirections,
 *   substitutions, unparsable input) -> exactly the command (glob-escaped).
 * Never a bare first word (`rm *`, `ls *`). Falls back to the exact command while the parser is not loaded.
 */
export function suggestShellPattern(command: string): string {
  const exact = escapeGlob(command.trim());
  const parsed = parseShell(command);
  if (!parsed || commandLineRefusal(parsed) || parsed.commands.length !== 1 || parsed.redirects.length > 0)
    return exact;
  const [cmd] = parsed.commands;
  if (wildcardRefusal(cmd) || cmd.words.length < 2) return exact;
  const name = baseName(cmd.plain[0]);
  if (name === 'git') {
    const i = cmd.plain.findIndex((w, k) => k > 0 && !w.startsWith('-'));
    if (i !== 1 || !GIT_READ_ONLY.has(cmd.plain[1])) return exact;
    return `${escapeGlob(cmd.words[0])} ${escapeGlob(cmd.words[1])} *`;
  }
  if (!READ_ONLY_COMMANDS.has(name) || name !== cmd.plain[0]) return exact;
  let flags = 1;
  while (flags < cmd.plain.length && /^-[A-Za-z0-9]+$/.test(cmd.plain[flags])) flags++;
  if (flags === 1) return exact;
  return `${cmd.words.slice(0, flags).map(escapeGlob).join(' ')} *`;
}
