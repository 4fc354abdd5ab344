// THE table of request and event channels (DESIGN.md §4); every type on every side derives from it.
import { z } from 'zod';
import { accountChannels } from './accounts';
import { ApprovalDecision, ApprovalPolicy, ApprovalRule, PendingApproval, Risk } from './approvals';
import { AutomationState, AutomationStopResult } from './automation';
import { AgentEvent, ContextReceiptEntry } from './events';
import { mcpChannels, mcpEventChannels } from './mcp';
import { Digest, RunReceipt, Wakeup, WakeupDraft, WakeupPatch, WakeupView } from './scheduler';
import {
  MAX_PAGE_ENTRIES,
  SessionDetail,
  SessionExport,
  SessionExportFormat,
  SessionSearchResult,
  SessionSummary,
  TranscriptPage,
} from './sessions';
import { Provider, SandboxPolicy, Settings } from './settings';

const Empty = z.object({}).strict();
const SessionRef = z.object({ sessionId: z.string().min(1) });

/** A file or image attached to a message: `dataUrl` is a `data:` URL (images go to the model as input_image). */
export const Attachment = z.object({
  name: z.string().max(255),
  mimeType: z.string().max(100),
  dataUrl: z.string().max(20 * 1024 * 1024),
});
/** Shape of {@link Attachment}. */
export type Attachment = z.infer<typeof Attachment>;

/** Runtime state shown in the status bar and tray. */
export const RuntimeStatus = z.object({
  version: z.string(),
  provider: Provider,
  model: z.string(),
  modelConfigured: z.boolean(),
  pendingApprovals: z.number().int(),
  runningSessions: z.array(z.string()),
  autonomousPaused: z.boolean(),
  /** ChatGPT plan usage from the last backend response, e.g. `ChatGPT usage 42% of 5h · 12% of 7d` (provider chatgpt). */
  planUsage: z.string().optional(),
  /** The next wakeup due (tray status line), or null. */
  nextWakeup: z.object({ id: z.string(), title: z.string(), at: z.string() }).nullable().default(null),
  /** Wakeup runs parked on an approval (tray badge). */
  waitingRuns: z.number().int().default(0),
  /** The approval policy setting (sessions may override it). */
  approvalPolicy: ApprovalPolicy.optional(),
  /**
   * The sandbox: the setting's policy, the OS sandbox `bash` runs in (`none`: every shell command asks) and, for
   * `none`, why.
   */
  sandbox: z
    .object({ policy: SandboxPolicy, os: z.enum(['bwrap', 'sandbox-exec', 'none']), reason: z.string().optional() })
    .optional(),
});
/** Shape of {@link RuntimeStatus}. */
export type RuntimeStatus = z.infer<typeof RuntimeStatus>;

/** A context provider as the context panel lists it. */
export const ContextProviderInfo = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  enabled: z.boolean(),
  last: ContextReceiptEntry.optional(),
});
/** Shape of {@link ContextProviderInfo}. */
export type ContextProviderInfo = z.infer<typeof ContextProviderInfo>;

/** A plugin as settings lists it. */
export const PluginInfo = z.object({
  id: z.string(),
  displayName: z.string(),
  version: z.string(),
  description: z.string(),
  status: z.enum(['active', 'inactive', 'failed', 'disabled']),
  error: z.string().optional(),
  activationMs: z.number().optional(),
  tools: z.array(z.string()),
  contextProviders: z.array(z.string()),
  slashCommands: z.array(z.string()),
  permissions: z.array(z.string()),
});
/** Shape of {@link PluginInfo}. */
export type PluginInfo = z.infer<typeof PluginInfo>;

/** Settings as the renderer sees them: the values plus which secrets are set (never the secrets themselves). */
export const SettingsView = z.object({
  values: Settings,
  secrets: z.object({ openai: z.boolean(), compatible: z.boolean() }),
  credentialBackend: z.enum(['keychain', 'file']),
  credentialWarning: z.string().optional(),
  warnings: z.array(z.string()),
});
/** Shape of {@link SettingsView}. */
export type SettingsView = z.infer<typeof SettingsView>;

/** Request channels: `resource/method` -> params and result schemas. */
export const invokeChannels = {
  'chat/send': {
    params: z.object({
      sessionId: z.string().nullable(),
      text: z.string().max(200_000),
      attachments: z.array(Attachment).max(20).default([]),
    }),
    /** `sessionId` is null when a slash command ran without a session and switched to none. */
    result: z.object({
      sessionId: z.string().nullable(),
      turnId: z.string().nullable(),
      commandOutput: z.string().optional(),
    }),
  },
  'chat/interrupt': { params: SessionRef, result: z.object({ interrupted: z.boolean() }) },
  'chat/retry': { params: SessionRef, result: z.object({ turnId: z.string() }) },
  'session/list': { params: Empty, result: z.array(SessionSummary) },
  /** The whole session; with `tail`, only its last `tail` entries (plus `firstSeq` and `totalEntries`), for a fast first paint. */
  'session/get': {
    params: z.object({ sessionId: z.string().min(1), tail: z.number().int().min(1).max(MAX_PAGE_ENTRIES).optional() }),
    result: SessionDetail,
  },
  /** The last `limit` entries with seq below `beforeSeq`, in seq order: the page before what the UI already shows. */
  'session/entries': {
    params: z.object({
      sessionId: z.string().min(1),
      beforeSeq: z.number().int().min(1),
      limit: z.number().int().min(1).max(MAX_PAGE_ENTRIES),
    }),
    result: TranscriptPage,
  },
  'session/create': { params: Empty, result: SessionSummary },
  'session/rename': {
    params: z.object({ sessionId: z.string(), title: z.string().min(1).max(200) }),
    result: SessionSummary,
  },
  'session/delete': { params: SessionRef, result: z.object({ deleted: z.boolean() }) },
  /** Copies the session up to and including `uptoSeq` (default all) into a new one; 0 copies nothing but links it. */
  'session/fork': {
    params: z.object({ sessionId: z.string(), uptoSeq: z.number().int().nonnegative().optional() }),
    result: SessionSummary,
  },
  /**
   * The whole session as one file to save: Markdown (`md`, the default) or JSON (`json`, a SessionExportDocument).
   * The UI's export button and `deskpilot sessions export` both use it; `not_found` for an unknown session.
   */
  'session/export': {
    params: z.object({ sessionId: z.string().min(1), format: SessionExportFormat.default('md') }),
    result: SessionExport,
  },
  /**
   * Full-text search over the messages of every chat (case-insensitive substring of the user's and the assistant's
   * text): the matching lines, newest chats first, at most `limit` (default 50) and 3 per chat.
   */
  'session/search': {
    params: z.object({ query: z.string().trim().min(2).max(200), limit: z.number().int().min(1).max(200).default(50) }),
    result: SessionSearchResult,
  },
  'approval/list': { params: Empty, result: z.array(PendingApproval) },
  'approval/decide': {
    /** `sessionId` picks the approval when two sessions wait on the same call id; required then, optional otherwise. */
    params: z.object({ callId: z.string(), sessionId: z.string().optional(), decision: ApprovalDecision }),
    result: z.object({ decided: z.literal(true) }),
  },
  /**
   * What a pending call will do, in words, for the approval card: the tool's activity (e.g. `click button "Place
   * order" (e12) on shop.example`); null when the tool describes nothing. `not_found` when no such call is pending.
   */
  'approval/describe': {
    /** `sessionId` picks the approval when two sessions wait on the same call id. */
    params: z.object({ callId: z.string(), sessionId: z.string().optional() }),
    result: z.object({ summary: z.string().nullable() }),
  },
  'approval/rules': { params: Empty, result: z.array(ApprovalRule) },
  'approval/revokeRule': { params: z.object({ ruleId: z.string() }), result: z.object({ revoked: z.boolean() }) },
  'context/list': { params: Empty, result: z.array(ContextProviderInfo) },
  'context/setEnabled': {
    params: z.object({ providerId: z.string(), enabled: z.boolean() }),
    result: z.array(ContextProviderInfo),
  },
  'command/list': {
    params: Empty,
    result: z.array(z.object({ name: z.string(), description: z.string(), usage: z.string(), source: z.string() })),
  },
  'command/run': {
    params: z.object({ sessionId: z.string().nullable(), text: z.string().max(10_000) }),
    result: z.object({ ok: z.boolean(), text: z.string(), switchToSession: z.string().optional() }),
  },
  'settings/get': { params: Empty, result: SettingsView },
  'settings/update': { params: z.object({ patch: z.record(z.string(), z.unknown()) }), result: SettingsView },
  /**
   * Sets settings from their text form (`maxToolRounds`, "20"), each coerced to the setting's type (CLI `config set`,
   * `/config`): all or nothing, so one bad value saves none and the `invalid_params` error names every bad key.
   */
  'settings/setValues': {
    params: z.object({
      values: z
        .array(z.object({ key: z.string().min(1).max(200), value: z.string().max(10_000) }))
        .min(1)
        .max(100),
    }),
    result: SettingsView,
  },
  'settings/setSecret': {
    params: z.object({ name: z.enum(['openai', 'compatible']), value: z.string().max(4096).nullable() }),
    result: SettingsView,
  },
  'tool/list': {
    params: Empty,
    result: z.array(z.object({ name: z.string(), description: z.string(), risk: Risk, source: z.string() })),
  },
  'plugin/list': { params: Empty, result: z.array(PluginInfo) },
  'plugin/setEnabled': {
    params: z.object({ pluginId: z.string(), enabled: z.boolean() }),
    result: z.array(PluginInfo),
  },
  /** Calls a method a plugin offers the UI (e.g. memory `list`); `params` is validated by the plugin. */
  'plugin/call': {
    params: z.object({ pluginId: z.string().min(1), method: z.string().min(1), params: z.unknown() }),
    result: z.unknown(),
  },
  'runtime/status': { params: Empty, result: RuntimeStatus },
  /** Wakeups (issue 10), soonest due first, each with its next five occurrences. */
  'wakeup/list': { params: Empty, result: z.object({ wakeups: z.array(WakeupView), problem: z.string().nullable() }) },
  /** One wakeup with its latest receipts (newest first) and the problems of unreadable receipt lines. */
  'wakeup/get': {
    params: z.object({ wakeupId: z.string().min(1), limit: z.number().int().min(1).max(500).default(20) }),
    result: z.object({ wakeup: WakeupView, receipts: z.array(RunReceipt), problems: z.array(z.string()) }),
  },
  /** The next `count` times of a schedule being typed (ISO instants); `invalid_params` says what is wrong. */
  'wakeup/preview': {
    params: WakeupDraft.pick({ at: true, in: true, cron: true, every: true, tz: true }).extend({
      count: z.number().int().min(1).max(20).default(5),
    }),
    result: z.object({ times: z.array(z.string()), zone: z.string() }),
  },
  /** Creates a wakeup (by the user); with `test`, runs it once at once and returns that run's receipt. */
  'wakeup/create': {
    params: WakeupDraft.extend({ test: z.boolean().default(false) }),
    result: z.object({ wakeup: Wakeup, test: RunReceipt.nullable() }),
  },
  'wakeup/update': { params: z.object({ wakeupId: z.string().min(1), patch: WakeupPatch }), result: Wakeup },
  'wakeup/delete': {
    params: z.object({ wakeupId: z.string().min(1) }),
    result: z.object({ deleted: z.literal(true) }),
  },
  'wakeup/pause': { params: z.object({ wakeupId: z.string().min(1) }), result: Wakeup },
  'wakeup/resume': { params: z.object({ wakeupId: z.string().min(1) }), result: Wakeup },
  /** Runs a wakeup now with exactly its envelope; resolves when the run ended, with its receipt. */
  'wakeup/runNow': { params: z.object({ wakeupId: z.string().min(1) }), result: RunReceipt },
  /** The away digest since `since` (ISO; default: when the user last looked), and marks now as seen unless `peek`. */
  'wakeup/digest': {
    params: z.object({ since: z.string().optional(), peek: z.boolean().default(false) }),
    result: Digest,
  },
  /** The kill switch: aborts every running browser/desktop action (their tools see `ctx.signal` abort); the turns end. */
  'automation/stop': { params: Empty, result: AutomationStopResult },
  /** The automation actions running now (what the UI and tray show). */
  'automation/state': { params: Empty, result: AutomationState },
  /**
   * A fresh single-use login link for a browser (`url`, valid until `expiresAt`, ISO 8601). Answered only by the
   * loopback bridge to a client that authenticated with the bridge token (`deskpilot open`); `forbidden` for a
   * browser session, `unavailable` in-process and over Electron IPC.
   */
  'bridge/loginUrl': { params: Empty, result: z.object({ url: z.string(), expiresAt: z.string() }) },
  /**
   * Like `bridge/loginUrl`, but the link is written into a mode-0600 HTML file in `<home>/runtime/` that forwards to
   * it, so that a browser can be opened on `path` without the ticket ever being in a process's argv. The bridge
   * deletes the file once the ticket is used or has expired.
   */
  'bridge/loginPage': { params: Empty, result: z.object({ path: z.string(), expiresAt: z.string() }) },
  ...accountChannels,
  ...mcpChannels,
} as const;

/**
 * Event channels: `resource/pastTense` -> payload schema. `agent/event` is the one stream name: it carries the
 * {@link AgentEvent} union, whose `type` tags name what happened (`turn_started`, `text_delta` …), per session.
 */
export const eventChannels = {
  'agent/event': AgentEvent,
  'approval/requested': PendingApproval,
  'approval/resolved': z.object({ callId: z.string(), sessionId: z.string() }),
  'context/updated': z.object({ providerId: z.string() }),
  'session/updated': z.object({ sessionId: z.string(), summary: SessionSummary.nullable() }),
  'runtime/statusChanged': RuntimeStatus,
  /** A wakeup was created, changed or deleted (`wakeup` null). */
  'wakeup/changed': z.object({ wakeupId: z.string(), wakeup: Wakeup.nullable() }),
  /** A run receipt changed (claimed, started, waiting, ended): the new line folded as a partial receipt. */
  'wakeup/runUpdated': z.object({ receipt: RunReceipt, title: z.string() }),
  /** An automation action began, ended or was stopped: every action running now (empty = idle). */
  'automation/activityChanged': AutomationState,
  /** Electron shell only: a notification or the tray asks to show a session (null = a new empty chat). */
  'shell/navigationRequested': z.object({ sessionId: z.string().nullable() }),
  /** Electron shell only: the global shortcut could not be registered. */
  'shell/shortcutFailed': z.object({ accelerator: z.string(), message: z.string() }),
  ...mcpEventChannels,
} as const;

/** Any request channel name. */
export type InvokeChannel = keyof typeof invokeChannels;
/** Any event channel name. */
export type EventChannel = keyof typeof eventChannels;
/** Params type of request channel `C` (after defaults are applied). */
export type Params<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['params']>;
/** Params type of request channel `C` as a caller may send it (defaults optional). */
export type ParamsInput<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['params']>;
/** Result value type of request channel `C`. */
export type ResultOf<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['result']>;
/** Payload type of event channel `E`. */
export type Payload<E extends EventChannel> = z.infer<(typeof eventChannels)[E]>;
/** Approval policy re-exported for settings forms. */
export { ApprovalPolicy };
