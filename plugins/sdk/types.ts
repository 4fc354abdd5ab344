// Types every tool, context provider, slash command and plugin is written against (DESIGN.md §7).
// Imports only zod, so plugins and the runtime can share them without depending on each other.
import type { z } from 'zod';

/** What a tool can do; mirrors preload/contract/approvals.ts `Risk`. */
export type Risk = 'read' | 'write' | 'external' | 'destructive';

/** A scoped logger; messages go through the runtime's redacting log. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What tools may change on disk; mirrors preload/contract/settings.ts `SandboxPolicy`. */
export type SandboxPolicy = 'read-only' | 'workspace-write' | 'full-access';

/**
 * The file access of one tool call: the sandbox policy and Deskpilot's protected paths, judged on real paths (cwd,
 * `~`, `..` and symlinks resolved; the parent's real path for a new file). File tools resolve every path through it.
 */
export interface FileAccess {
  /** The sandbox policy of this call. */
  readonly policy: SandboxPolicy;
  /** Real paths writable under `workspace-write` (the working directory first). */
  readonly writableRoots: readonly string[];
  /** Real path of the Deskpilot home (read-only under `workspace-write`), when known. */
  readonly home?: string;
  /** True when sandboxed commands may use the network. */
  readonly network: boolean;
  /** The real path of `path`; throws an Error saying why when it is a protected Deskpilot secret file. */
  resolveForRead(path: string): string;
  /** Like {@link resolveForRead}, and throws an Error saying why when the sandbox policy forbids writing there. */
  resolveForWrite(path: string): string;
  /** True when a real path is protected (file walks skip it). */
  isProtected(realPath: string): boolean;
  /** The protected locations: folders (anything inside) and file prefixes (real paths). */
  protectedPaths(): { dirs: string[]; filePrefixes: string[] };
}

/** What a tool receives besides its arguments. */
export interface ToolContext {
  /** Aborts on user interrupt, timeout or kill switch; long work must watch it. */
  signal: AbortSignal;
  /** Session the call belongs to. */
  sessionId: string;
  /** The model's `call_id` for this call. */
  callId: string;
  /** Working directory tools resolve relative paths against (absolute path). */
  cwd: string;
  log: Logger;
  /** The file access of this call (sandbox policy, protected paths); absent only outside the runtime (tests). */
  files?: FileAccess;
  /**
   * Reports a process group the tool started (the pid of its leader, spawned `detached`), so the runtime journals it,
   * kills it on every exit path and after a crash. Absent outside the runtime (tests).
   */
  trackProcessGroup?(pid: number): void;
}

/**
 * An image a tool returns (a screenshot): `data` is the base64-encoded file (no `data:` prefix), `mimeType` its type.
 * `detail` is the Responses API image detail (`low` ≈ 85 tokens, `high` = tiles; default `auto`).
 */
export interface ToolImage {
  mimeType: 'image/png' | 'image/jpeg' | 'image/webp';
  data: string;
  detail?: 'low' | 'high' | 'auto';
}

/**
 * What a tool returns: plain text, or text flagged as an error, optionally with images (the model sees all of them:
 * the Responses API as `input_image` parts of the `function_call_output`, Chat Completions as a user message with
 * `image_url` parts after the tool message). Build image results with {@link imageResult}.
 */
export type ToolResult = string | { output: string; isError?: boolean; images?: ToolImage[] };

/** What an automation tool is doing, shown in the UI and tray while it runs, e.g. `{action: 'click', target: 'button "Buy"'}`. */
export interface ToolActivity {
  action: string;
  target: string;
}

/** Arguments-to-rule suggestion: argument name -> glob pattern an "always allow" rule would match. */
export type RuleMatch = Record<string, string>;

/**
 * How approval rules match one argument: `shell` = a bash command line, matched per parsed simple command (a rule
 * covers the line only when it covers every command in it); `path` = a file path, compared as a resolved real path
 * under the pattern's root (`..`, `~`, relative paths and symlinks resolved). Arguments without a kind are matched as
 * text with the glob dialect. `workdir` = the directory a `shell` argument runs in: matched like `path`, and relative
 * redirection targets of the command resolve against it.
 */
export type RuleArgKind = 'shell' | 'path' | 'workdir';

/**
 * A tool the model can call. `name` is unique within its owner (a plugin's tools are exposed as
 * `<plugin>_<name>`); `parameters` is a zod object turned into JSON Schema for the model.
 */
export interface ToolDefinition<P extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  parameters: P;
  risk: Risk;
  /** Overrides the policy's view for one call: return true to always ask, false to treat as `read`. */
  needsApproval?: (args: z.infer<P>) => boolean;
  /** Suggested "always allow" match for these arguments; default: every argument exactly. */
  suggestRule?: (args: z.infer<P>) => RuleMatch;
  /** How rules match particular arguments (e.g. `{command: 'shell'}`); see {@link RuleArgKind}. */
  ruleArgs?: Record<string, RuleArgKind>;
  /** Per-call timeout in ms; the runtime default applies when absent. */
  timeoutMs?: number;
  /**
   * Marks an automation tool (browser, desktop): while a call runs, the runtime shows this activity in the UI and tray
   * (`automation/activityChanged`) and the kill switch (`automation/stop`, tray, shortcut, `deskpilot stop`) aborts
   * `ctx.signal`; the tool must then stop within 500 ms.
   */
  activity?: (args: z.infer<P>) => ToolActivity;
  execute(args: z.infer<P>, ctx: ToolContext): Promise<ToolResult>;
}

/** What a context provider receives before each model call. */
export interface ContextProviderContext {
  sessionId: string;
  /** Text of the latest user message in the session ('' when none). */
  latestUserText: string;
  cwd: string;
  signal: AbortSignal;
}

/**
 * Live context injected before each model call, not stored in the transcript.
 * `snapshot` gathers data; `toPrompt` renders it as text (empty string = nothing injected).
 */
export interface ContextProviderDefinition<S = unknown> {
  id: string;
  title: string;
  snapshot(ctx: ContextProviderContext): Promise<S> | S;
  toPrompt(snapshot: S): string;
  /** Structured detail for the context receipt (e.g. ids of injected memories). */
  detail?(snapshot: S): unknown;
  /** Live updates for the UI: call `notify` whenever the snapshot may have changed; returns an unsubscribe. */
  subscribe?(notify: () => void): () => void;
}

/** What a slash command receives. */
export interface SlashCommandContext {
  sessionId: string | null;
  /** Text after the command name, trimmed. */
  args: string;
  signal: AbortSignal;
}

/** Result of a slash command: text shown to the user, and optional effects the host applies. */
export interface SlashCommandResult {
  text: string;
  /** Session the host should switch to (e.g. after /new or /resume). */
  switchToSession?: string;
}

/** A `/name args` command typed into the composer or CLI. */
export interface SlashCommandDefinition {
  name: string;
  description: string;
  /** Usage hint shown by /help and autocomplete, e.g. `/resume <id|latest>`. */
  usage?: string;
  run(ctx: SlashCommandContext): Promise<SlashCommandResult> | SlashCommandResult;
}
