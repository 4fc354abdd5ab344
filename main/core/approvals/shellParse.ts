// Parses a bash command line with tree-sitter-bash (web-tree-sitter, WASM) into its simple commands, redirections and
// the constructs approval rules never cover (command/process substitution, parse errors).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Language, Parser, type Node } from 'web-tree-sitter';

/** File name of the bash grammar; the CLI build copies it beside its bundle (scripts/build-cli.mjs). */
export const BASH_GRAMMAR_FILE = 'tree-sitter-bash.wasm';
/** File name of web-tree-sitter's own runtime WASM; copied beside the CLI bundle too. */
const RUNTIME_WASM_FILE = 'web-tree-sitter.wasm';

/** One simple command of a command line, e.g. `git status --short` in `cd x && git status --short`. */
export interface SimpleCommand {
  /** The words as written (quotes kept): command name first, then the arguments. Empty for a bare assignment. */
  words: string[];
  /** The words with quotes and backslash escapes removed, for analysis (`"rm"` -> `rm`). */
  plain: string[];
  /** `NAME=value` prefixes (`LANG=C git log`) or, for a standalone assignment or declaration, the statement itself. */
  assignments: string[];
  /** True when the command name contains an expansion (`$CMD x`), so what runs is not known before it runs. */
  dynamicName: boolean;
  /** The node kind: `command`, or `declaration` (export/declare/local/readonly/typeset/unset) or `assignment`. */
  kind: 'command' | 'declaration' | 'assignment' | 'test';
  /** `words` joined by single spaces: the text rule patterns are matched against. */
  text: string;
}

/** A redirection to or from a file (`> out.txt`, `2>> log`, `< in`); fd duplications (`2>&1`) and heredocs are not listed. */
export interface FileRedirect {
  /** The operator as written: `>`, `>>`, `<`, `&>`, `>|`, ... */
  operator: string;
  /** The target as written (quotes kept). */
  target: string;
  /** The target with quotes removed; undefined when it contains an expansion (`> $OUT`). */
  plainTarget: string | undefined;
}

/** A command line that parsed: its simple commands in source order, file redirections, and what makes it opaque. */
export interface ParsedShell {
  commands: SimpleCommand[];
  redirects: FileRedirect[];
  /**
   * Reasons no rule covers this command line, e.g. `command substitution $(...)`; empty when none. Each names the
   * construct as the user wrote it.
   */
  opaque: string[];
}

let loading: Promise<Parser> | undefined;
let parser: Parser | undefined;

/**
 * Loads the bash grammar once per process (idempotent; concurrent calls share one load). Looks for the WASM files
 * beside the running bundle first (out/cli/, out/main/), then in node_modules. Rejects with an Error naming the
 * missing file and the fix (`npm ci` / rebuild) when the grammar cannot be loaded; a later call retries.
 */
export function loadShellParser(): Promise<Parser> {
  if (parser) return Promise.resolve(parser);
  loading ??= (async () => {
    const here = import.meta.url;
    const beside = (file: string) => {
      const url = new URL(`./${file}`, here);
      return !here.endsWith('.ts') && existsSync(url) ? fileURLToPath(url) : undefined;
    };
    const runtimeWasm = beside(RUNTIME_WASM_FILE);
    await Parser.init(runtimeWasm ? { locateFile: () => runtimeWasm } : undefined);
    let grammar = beside(BASH_GRAMMAR_FILE);
    if (!grammar) {
      try {
        grammar = createRequire(here).resolve(`tree-sitter-bash/${BASH_GRAMMAR_FILE}`);
      } catch (error) {
        throw new Error(
          `The bash grammar (${BASH_GRAMMAR_FILE}) was not found beside ${fileURLToPath(here)} or in node_modules/tree-sitter-bash. Run npm ci, then rebuild (npm run build).`,
          { cause: error },
        );
      }
    }
    const language = await Language.load(grammar);
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
    return p;
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}

/** True once {@link loadShellParser} has finished, so {@link parseShell} can run synchronously. */
export function shellParserReady(): boolean {
  return parser !== undefined;
}

/** Node types that make a command line opaque to rules, with the words used to explain it. */
const OPAQUE_NODES: Record<string, string> = {
  command_substitution: 'command substitution $(...) or `...`',
  process_substitution: 'process substitution <(...) or >(...)',
};

/** Declaration builtins (tree-sitter-bash `declaration_command` / `unset_command`). */
const DECLARATION_NODES = new Set(['declaration_command', 'unset_command']);

/**
 * Parses `command` as bash. Returns undefined when the parser is not loaded yet (see {@link loadShellParser}) — callers
 * treat that as "not covered". A syntax error gives a result whose `opaque` says so. Synchronous, O(length).
 */
export function parseShell(command: string): ParsedShell | undefined {
  if (!parser) return undefined;
  const tree = parser.parse(command);
  if (!tree) return { commands: [], redirects: [], opaque: ['the command could not be parsed'] };
  try {
    const result: ParsedShell = { commands: [], redirects: [], opaque: [] };
    if (tree.rootNode.hasError) result.opaque.push('the command has a syntax error or is incomplete');
    walk(tree.rootNode, result);
    return result;
  } finally {
    tree.delete();
  }
}

function walk(node: Node, out: ParsedShell): void {
  const opaque = OPAQUE_NODES[node.type];
  if (opaque) {
    const text = node.text.startsWith('`') ? 'command substitution `...`' : opaque;
    if (!out.opaque.includes(text)) out.opaque.push(text);
  }
  if (node.isMissing && !out.opaque.includes('the command is incomplete')) out.opaque.push('the command is incomplete');
  switch (node.type) {
    case 'command':
      out.commands.push(simpleCommand(node));
      break;
    case 'declaration_command':
    case 'unset_command':
      out.commands.push(wordsCommand(node, 'declaration'));
      break;
    case 'test_command':
      out.commands.push(wordsCommand(node, 'test'));
      break;
    case 'variable_assignment':
    case 'variable_assignments':
      // Inside a command (`LANG=C x`) the command records it; a standalone one (`PATH=/tmp/x; ls`) is a statement.
      if (node.parent?.type !== 'command' && !DECLARATION_NODES.has(node.parent?.type ?? '')) {
        if (node.type === 'variable_assignment' && node.parent?.type === 'variable_assignments') break;
        out.commands.push({
          words: [],
          plain: [],
          assignments: [node.text],
          dynamicName: false,
          kind: 'assignment',
          text: node.text,
        });
      }
      break;
    case 'file_redirect':
      out.redirects.push(fileRedirect(node));
      break;
  }
  for (const child of node.children) if (child) walk(child, out);
}

function simpleCommand(node: Node): SimpleCommand {
  const words: string[] = [];
  const plain: string[] = [];
  const assignments: string[] = [];
  let dynamicName = false;
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'variable_assignment') assignments.push(child.text);
    else if (child.type === 'command_name') {
      words.push(child.text);
      plain.push(unquote(child.text));
      dynamicName = hasExpansion(child);
    } else if (
      child.type !== 'file_redirect' &&
      child.type !== 'heredoc_redirect' &&
      child.type !== 'herestring_redirect'
    ) {
      words.push(child.text);
      plain.push(unquote(child.text));
    }
  }
  return { words, plain, assignments, dynamicName, kind: 'command', text: words.join(' ') };
}

function wordsCommand(node: Node, kind: 'declaration' | 'test'): SimpleCommand {
  const words = node.text.trim().split(/\s+/);
  return {
    words,
    plain: words.map(unquote),
    assignments: kind === 'declaration' ? [node.text] : [],
    dynamicName: false,
    kind,
    text: words.join(' '),
  };
}

function fileRedirect(node: Node): FileRedirect {
  const destination = node.childForFieldName('destination');
  const operator = node.children.find((c) => c && !c.isNamed)?.text ?? '>';
  const target = destination?.text ?? '';
  const isFd = destination?.type === 'number' || /^&?\d+-?$|^-$/.test(target) || operator.endsWith('&');
  return {
    operator,
    target,
    plainTarget: isFd ? `&${target}` : destination && !hasExpansion(destination) ? unquote(target) : undefined,
  };
}

const EXPANSION_NODES = new Set([
  'simple_expansion',
  'expansion',
  'command_substitution',
  'process_substitution',
  'arithmetic_expansion',
  'brace_expression',
]);

function hasExpansion(node: Node): boolean {
  if (EXPANSION_NODES.has(node.type)) return true;
  return node.children.some((c) => c !== null && hasExpansion(c));
}

/** Removes bash quoting from one word: '…' literally, "…" with \" \\ \$ \` unescaped, and backslash escapes. */
export function unquote(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    if (ch === "'") {
      const end = word.indexOf("'", i + 1);
      if (end < 0) return out + word.slice(i + 1);
      out += word.slice(i + 1, end);
      i = end;
    } else if (ch === '"') {
      i++;
      for (; i < word.length && word[i] !== '"'; i++) {
        if (word[i] === '\\' && i + 1 < word.length && '"\\$`\n'.includes(word[i + 1])) i++;
        out += word[i];
      }
    } else if (ch === '\\' && i + 1 < word.length) {
      out += word[++i];
    } else {
      out += ch;
    }
  }
  return out;
}
