// The typed settings schema with defaults (DESIGN.md §8 settings.json), shared by the runtime and the settings UI.
import { z } from 'zod';
import { ApprovalPolicy } from './approvals';
import { McpServerConfig, McpServerName } from './mcp';
import { PROVIDER_IDS } from './providers';

/** Current settings file version; bump together with a migration in main/core/settings/migrations.ts. */
export const SETTINGS_VERSION = 1;

/**
 * Model providers: the OpenAI Responses API with an API key, an OpenAI-compatible Chat Completions server, or `chatgpt`
 * (a ChatGPT subscription through the Codex backend, signed in with `deskpilot login`).
 */
export const Provider = z.enum(PROVIDER_IDS);
/** One of {@link Provider}'s values. */
export type Provider = z.infer<typeof Provider>;

/** How much the model reasons before answering (`none` for models without reasoning). */
export const ReasoningEffort = z.enum(['none', 'minimal', 'low', 'medium', 'high']);
/** One of {@link ReasoningEffort}'s values. */
export type ReasoningEffort = z.infer<typeof ReasoningEffort>;

/** Color scheme: `system` follows the OS. */
export const Theme = z.enum(['system', 'light', 'dark']);
/** One of {@link Theme}'s values. */
export type Theme = z.infer<typeof Theme>;

/** Where API keys are kept: `auto` (OS keychain, else a 0600 file with a warning), `keychain` only, or `file` (0600). */
export const CredentialBackend = z.enum(['auto', 'keychain', 'file']);
/** One of {@link CredentialBackend}'s values. */
export type CredentialBackend = z.infer<typeof CredentialBackend>;

/** Default OAuth issuer of the ChatGPT sign-in (the Codex CLI's); `DESKPILOT_AUTH_ISSUER` overrides the setting. */
export const DEFAULT_CHATGPT_ISSUER = 'https://auth.openai.com';

/** Default Codex backend base URL (`{base}/responses`, `{base}/models`); `DESKPILOT_CHATGPT_BASE_URL` overrides the setting. */
export const DEFAULT_CHATGPT_BASE_URL = 'https://chatgpt.com/backend-api/codex';

/** Default Chat Completions base URL of a local OpenAI-compatible server (Ollama). */
export const DEFAULT_COMPATIBLE_BASE_URL = 'http://127.0.0.1:11434/v1';

/** The sandbox policy: what tools may change on disk (see `Settings.sandbox`). */
export const SandboxPolicy = z.enum(['read-only', 'workspace-write', 'full-access']);
/** One of {@link SandboxPolicy}'s values. */
export type SandboxPolicy = z.infer<typeof SandboxPolicy>;

/**
 * Every setting with its default. Units: `*Ms` in milliseconds, `*Tokens` in tokens, `*Bytes` in bytes.
 * API keys are not settings: they live in the credential store (main/core/auth).
 */
export const Settings = z.object({
  version: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
  provider: Provider.default('openai'),
  model: z.string().min(1).default('gpt-5-mini'),
  openai: z
    .object({
      /** Responses API base URL; `OPENAI_BASE_URL` overrides when this is unset. */
      baseUrl: z.string().url().optional(),
    })
    .default({}),
  compatible: z
    .object({
      /** Chat Completions base URL of a local server (Ollama, LM Studio, llama.cpp). */
      baseUrl: z.string().url().default(DEFAULT_COMPATIBLE_BASE_URL),
    })
    .default({ baseUrl: DEFAULT_COMPATIBLE_BASE_URL }),
  chatgpt: z
    .object({
      /** OAuth issuer of the ChatGPT sign-in (authorize, token, revoke, device code). */
      issuer: z.string().url().default(DEFAULT_CHATGPT_ISSUER),
      /** Codex backend base URL for Responses requests and the model list. */
      baseUrl: z.string().url().default(DEFAULT_CHATGPT_BASE_URL),
    })
    .default({ issuer: DEFAULT_CHATGPT_ISSUER, baseUrl: DEFAULT_CHATGPT_BASE_URL }),
  reasoningEffort: ReasoningEffort.default('medium'),
  approvalPolicy: ApprovalPolicy.default('on-request'),
  /**
   * What tools may change (DESIGN.md §6): `read-only`, `workspace-write` (the working directory and
   * `sandboxWritableRoots`; `.git/hooks` and the Deskpilot home stay read-only), `full-access`. `bash` runs inside an
   * OS sandbox (bubblewrap on Linux, sandbox-exec on macOS); where none exists every command asks.
   */
  sandbox: SandboxPolicy.default('workspace-write'),
  /** Further folders writable under `workspace-write` (absolute or `~/…`). */
  sandboxWritableRoots: z.array(z.string().min(1)).default([]),
  /** Let sandboxed `bash` commands use the network. */
  sandboxNetwork: z.boolean().default(false),
  /** A pending approval is denied after this long. */
  approvalTimeoutMs: z.number().int().positive().default(600_000),
  /** Tool-call rounds allowed in one turn before it stops. */
  maxToolRounds: z.number().int().positive().max(1000).default(40),
  /** Total attempts for a model request that fails before streaming (1 = no retry). */
  retryMaxAttempts: z.number().int().min(1).max(10).default(4),
  // Model request limits (toolexec, issue 8): first-byte and idle timeouts, and the longest retry-after honoured.
  /** A model request with no response headers after this long is dropped and retried like a connection error. */
  modelFirstByteTimeoutMs: z.number().int().positive().default(120_000),
  /** A model stream that sends nothing for this long is stopped with a `timeout` error (kept partial text, no retry). */
  modelIdleTimeoutMs: z.number().int().positive().default(120_000),
  /** Longest `retry-after` wait honoured; a provider asking for longer ends the turn with `rate_limited`. */
  retryAfterMaxMs: z.number().int().min(0).default(60_000),
  /** Default per-call tool timeout. */
  toolTimeoutMs: z.number().int().positive().default(120_000),
  /** Largest tool output kept verbatim; the rest is cut with a note. */
  toolOutputMaxBytes: z
    .number()
    .int()
    .positive()
    .default(64 * 1024),
  /** The model's context window; compaction starts at `compactionThreshold` of it. */
  contextBudgetTokens: z.number().int().positive().default(200_000),
  compactionThreshold: z.number().min(0.1).max(0.95).default(0.8),
  /** Extra text appended to the base prompt. */
  persona: z.string().default(''),
  /** Working directory for built-in file and shell tools; empty = the process cwd. */
  workingDirectory: z.string().default(''),
  /** Context provider ids switched off by the user. */
  disabledContextProviders: z.array(z.string()).default([]),
  /** Plugin ids switched off by the user. */
  disabledPlugins: z.array(z.string()).default([]),
  /** Per-plugin settings, keyed by plugin id; each plugin validates its own object (plugins/sdk PluginContext.config). */
  plugins: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  credentialBackend: CredentialBackend.default('auto'),
  /** MCP servers (issue 14), keyed by name; see preload/contract/mcp.ts `McpServerConfig`. Secrets are references. */
  mcp: z.object({ servers: z.record(McpServerName, McpServerConfig).default({}) }).default({ servers: {} }),
  /** Wakeups (issue 10): retries of failed runs, self-pause, receipt retention. */
  scheduler: z
    .object({
      /** Attempts per occurrence for a failed run (1 = no retry). */
      retryMaxAttempts: z.number().int().min(1).max(10).default(3),
      /** Wait before the first retry; doubles with each attempt. */
      retryBackoffMs: z.number().int().min(1000).default(60_000),
      /** Consecutive failed runs after which a wakeup pauses itself and notifies. */
      pauseAfterFailures: z.number().int().min(1).max(100).default(5),
      /** Receipts older than this many days are dropped from receipt files above 1 MiB. */
      receiptRetentionDays: z.number().int().min(1).max(3650).default(90),
    })
    .default({ retryMaxAttempts: 3, retryBackoffMs: 60_000, pauseAfterFailures: 5, receiptRetentionDays: 90 }),
  /** Documents and the web (issue 16). */
  web: z
    .object({
      /** Let web_fetch read loopback, private and link-local addresses (checked after DNS); off by default. */
      allowPrivateAddresses: z.boolean().default(false),
      /** OpenAI and ChatGPT providers: offer the model the hosted web_search tool (`/search on|off`). */
      search: z.boolean().default(false),
    })
    .default({ allowPrivateAddresses: false, search: false }),
  /** Desktop shell: global shortcut for the quick prompt (Electron accelerator syntax). */
  globalShortcut: z.string().default('CommandOrControl+Shift+Space'),
  /** Desktop shell: global shortcut of the kill switch that stops browser and desktop automation (empty = none). */
  stopAutomationShortcut: z.string().default('CommandOrControl+Shift+F12'),
  launchAtLogin: z.boolean().default(false),
  theme: Theme.default('system'),
});
/** Parsed settings with every default filled in. */
export type Settings = z.infer<typeof Settings>;

/** Settings with every default applied. */
export function defaultSettings(): Settings {
  return Settings.parse({});
}

/**
 * Settings the runtime reads once at start, by dotted key, with why: a change is saved at once but takes effect only
 * after Deskpilot restarts (the app or `deskpilot serve`). Every other setting applies live. `deskpilot config` and
 * the Settings UI mark these keys with {@link restartNote}.
 */
export const RESTART_REQUIRED_SETTINGS: Readonly<Record<string, string>> = {
  credentialBackend: 'the credential store is opened once when Deskpilot starts',
};

/** Why setting `key` (dotted) needs a restart to take effect, or `undefined` when it applies live. */
export function restartNote(key: string): string | undefined {
  return Object.hasOwn(RESTART_REQUIRED_SETTINGS, key) ? RESTART_REQUIRED_SETTINGS[key] : undefined;
}
