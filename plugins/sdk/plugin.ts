// The plugin-facing API: what activate() receives and returns (DESIGN.md §7).
import type { z } from 'zod';
import type { Permission, PluginManifest } from './manifest';
import type { ContextProviderDefinition, Logger, SlashCommandDefinition, ToolDefinition } from './types';
import type { Usage } from './usage';
import type { WakeupsCapability } from './wakeups';

/**
 * A plugin's own JSON state: a schema-checked file (see {@link PluginContext.state}), written atomically with mode 0600;
 * an invalid file is moved to `<file>.invalid-<time>` and the initial value is used (the problem is logged).
 */
export interface StateHandle<T> {
  /** The current value (the initial value until something is saved). */
  get(): T;
  /** Applies `fn` to the current value, validates the result with the schema and saves it atomically; returns it. */
  update(fn: (current: T) => T): Promise<T>;
  /** Subscribes to saved changes; returns an unsubscribe function. */
  onChange(listener: (value: T) => void): () => void;
}

/** Text completion through the user's configured model (permission `model`). */
export interface ModelCapability {
  /** Sends `instructions` + `input` as one request without tools; resolves to the answer text. Throws on failure. */
  complete(request: { instructions: string; input: string; signal?: AbortSignal }): Promise<string>;
  /**
   * Embeds `texts` with the given embedding model through an OpenAI-compatible `/embeddings` endpoint.
   * `baseUrl` defaults to the configured OpenAI account. Resolves to one vector per text. Throws on failure.
   */
  embed(request: { texts: string[]; model: string; baseUrl?: string; signal?: AbortSignal }): Promise<number[][]>;
}

/** A completed turn, as plugins with the `events` permission see it. */
export interface TurnCompletedInfo {
  sessionId: string;
  turnId: string;
  userText: string;
  assistantText: string;
  usage: Usage;
}

/** Turn lifecycle notifications (permission `events`). */
export interface EventsCapability {
  /** Called after every completed turn; returns an unsubscribe function. */
  onTurnCompleted(listener: (info: TurnCompletedInfo) => void): () => void;
}

/** Native notifications (permission `notifications`). */
export interface NotificationsCapability {
  notify(notification: { title: string; body: string; sessionId?: string }): void;
}

/**
 * Document helpers of the runtime (no permission needed: pure text conversion). `readableMarkdown(html, url)` is the
 * readable part of a page as markdown (Readability + turndown), starting with `# <title>` and `Source: <url>`; not
 * cut, callers apply their own budget.
 */
export interface DocumentsCapability {
  readableMarkdown(html: string, url: string): Promise<string>;
}

/** What `activate` receives. Capabilities are present only when `permissions` grant them. */
export interface PluginContext {
  manifest: PluginManifest;
  /** The runtime directory (DESKPILOT_HOME), absolute. */
  home: string;
  /** The plugin's private data folder `<home>/<pluginId>/`, created before activate. */
  dataDir: string;
  log: Logger;
  /**
   * A state file loaded (or `initial`) and validated with `schema`: without `name` the plugin's state file
   * `<home>/<pluginId>.json`; with `name` (letters, digits, `.`, `_`, `-`; e.g. `embedder`) the file
   * `<dataDir>/<name>.json`, for state that belongs with the plugin's other data. Calls with the same name return the
   * same handle (the first call's schema and initial value apply). Rejects on an invalid name, an `initial` that fails
   * `schema`, or a file that exists but cannot be read.
   */
  state<S extends z.ZodType>(schema: S, initial: z.infer<S>, name?: string): Promise<StateHandle<z.infer<S>>>;
  /**
   * The plugin's own settings (`settings.json` → `plugins.<pluginId>`), parsed with `schema` (give every field a default).
   * Invalid values are logged and the schema's defaults used. Read it when needed: it reflects the latest settings.
   */
  config<S extends z.ZodType>(schema: S): z.infer<S>;
  /** Reads a runtime setting by dotted path (permission `settings:read`); undefined when not granted or absent. */
  setting?(path: string): unknown;
  model?: ModelCapability;
  events?: EventsCapability;
  notifications?: NotificationsCapability;
  /** The scheduler (permission `wakeups`): create, list, pause, resume, cancel and run wakeups; the digest. */
  wakeups?: WakeupsCapability;
  /** Document helpers (no permission); undefined only in contexts built without a runtime. */
  documents?: DocumentsCapability;
  /** Which permissions were granted. */
  permissions: readonly Permission[];
}

/** What `activate` returns: everything the plugin contributes. Tool names are local; the host prefixes `<pluginId>_`. */
export interface PluginContributions {
  tools?: ToolDefinition[];
  contextProviders?: ContextProviderDefinition[];
  slashCommands?: SlashCommandDefinition[];
  /** Extra instructions appended to the system prompt (short; each under ~1,000 characters). */
  promptSections?: string[];
  /**
   * Methods the user interface may call through the runtime (contract channel `plugin/call`), e.g. the Memory view's
   * list/search/edit. `params` is untrusted JSON: validate it (zod) and throw an Error naming the problem. The result
   * must be JSON-serializable. These run on the user's behalf, so they pass no approval gate. By convention a method
   * `health` resolves to `{summary: string}`, one line on whether the plugin can work here (e.g. "display :0",
   * "display not reachable: …"), shown by `deskpilot plugins`; it must be cheap and start nothing heavy.
   */
  rpc?: Record<string, (params: unknown) => Promise<unknown> | unknown>;
}

/** A plugin module's default export. `deactivate` disposes everything `activate` created. */
export interface PluginDefinition {
  activate(ctx: PluginContext): Promise<PluginContributions> | PluginContributions;
  deactivate?(): Promise<void> | void;
}
