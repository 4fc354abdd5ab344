// createRuntime: the one place the core is assembled (settings, sessions, tools, approvals, context, plugins, loop).
import { readableMarkdown } from './documents/html';
import path from 'node:path';
import type { Attachment, RuntimeStatus } from '../../preload/contract/channels';
import type { Logger } from '../../plugins/sdk/types';
import { AgentLoop } from './agent/loop';
import { SessionService, type SendResult } from './agent/sessionService';
import { TurnStateStore } from './agent/turnState';
import { CallJournal } from './tools/callJournal';
import { EventBus } from './agent/events';
import { ApprovalBroker } from './approvals/broker';
import { Grants } from './approvals/grants';
import { ChatGptAccount } from './auth/chatgpt/account';
import { chatGptEndpoints } from './auth/chatgpt/config';
import { CredentialStore } from './auth/credentials';
import { describeRateLimits } from './models/chatgptLimits';
import { builtinCommands } from './commands/builtins';
import { CommandRegistry } from './commands/registry';
import { builtinContextProviders } from './context/builtins';
import { ContextRegistry } from './context/registry';
import { createModelCapability } from './models/capability';
import {
  createModelAdapter,
  requestLimits,
  resolveConnection,
  SECRET_ACCOUNTS,
  type ModelConnection,
} from './models/resolve';
import type { ModelAdapter } from './models/types';
import { PluginHost, type PluginEntry } from './plugins/host';

export type { PluginEntry } from './plugins/host';
import { SessionStore } from './sessions/store';
import { ensureHome, resolveHome } from './settings/home';
import type { Settings } from './settings/schema';
import { SettingsStore } from './settings/store';
import { builtinTools } from './tools/builtins';
import { loginEnvironment, prefetchLoginEnvironment } from './tools/loginEnv';
import { ToolRegistry } from './tools/registry';
import { createFileAccess } from './tools/sandbox/fileAccess';
import { SandboxPolicies } from './tools/sandbox/policies';
import type { UrlOpener } from './util/systemOpener';
import { withdrawSecrets } from './util/secretEnv';
import { acquireHomeLock, type HomeLock } from './util/lock';
import { createLogger, registerSecret } from './util/log';
import { expandHome, resolveWorkingDirectory } from './util/paths';
import { packageVersion } from './util/packageRoot';
import { createHandlers } from './api/handlers';
import { startBridge, type Bridge } from './bridge/server';
import type { SchedulerClock } from './scheduler/clock';
import { createWakeupsCapability } from './scheduler/pluginPort';
import { WakeupRunner } from './scheduler/runner';
import { createTurnPort } from './scheduler/runtimeTurns';
import { DEFAULT_SCHEDULER_SETTINGS, Scheduler, type SchedulerNotification } from './scheduler/scheduler';
import { AutomationControl } from './automation/control';
import { mcpOf } from './mcp/service';

/** Options for {@link createRuntime}. */
export interface RuntimeOptions {
  /** Runtime directory; default DESKPILOT_HOME or the platform's app-data folder (settings/home.ts). */
  home?: string;
  env?: NodeJS.ProcessEnv;
  /** Built-in plugins to host (from plugins/index.ts). */
  plugins?: PluginEntry[];
  /** Non-persisted overrides for this process, e.g. CLI `--model` / `--provider`. */
  overrides?: Partial<Pick<Settings, 'model' | 'provider'>>;
  /** Credential backend: `auto` (keychain, else 0600 file), `keychain`, or `file`. Default `auto`. */
  credentialBackend?: 'auto' | 'keychain' | 'file';
  log?: Logger;
  /**
   * The host's opener for `open_url` (the Electron shell passes the one in main/shell/external.ts);
   * default the OS opener started without a shell (util/systemOpener.ts). Receives URLs already checked by
   * `normalizeExternalUrl`.
   */
  openUrl?: UrlOpener;
  /** Native notifications (the Electron shell passes one); plugins with the permission may use it. */
  notify?: (n: { title: string; body: string; sessionId?: string }) => void;
  /**
   * Wakeups: with `fire` this runtime arms the due-time timer and runs wakeups (the app and `deskpilot serve`; one-shot
   * CLI commands only edit the store). `clock` replaces the real clock in tests. Default: `{fire: false}`.
   */
  scheduler?: { fire: boolean; clock?: SchedulerClock };
  /** Receives the scheduler's notifications (run finished, failed, waiting for approval, missed, paused). */
  onSchedulerNotification?: (n: SchedulerNotification) => void;
}

export type { SendResult } from './agent/sessionService';

/** The running runtime every host drives. */
export interface Runtime {
  readonly home: string;
  readonly version: string;
  readonly bus: EventBus;
  readonly settings: SettingsStore;
  readonly sessions: SessionStore;
  readonly tools: ToolRegistry;
  readonly context: ContextRegistry;
  readonly commands: CommandRegistry;
  readonly approvals: ApprovalBroker;
  readonly grants: Grants;
  readonly credentials: CredentialStore;
  /** The ChatGPT sign-in (provider `chatgpt`): tokens in the credential store, refresh, sign-out. */
  readonly chatgpt: ChatGptAccount;
  /** The environment the runtime was created with (DESKPILOT_* overrides, CODEX_HOME, OPENAI_API_KEY). */
  readonly env: NodeJS.ProcessEnv;
  readonly plugins: PluginHost;
  readonly loop: AgentLoop;
  /** Send, retry, interrupt and parked turns (agent/sessionService.ts). */
  readonly turns: SessionService;
  /** Wakeups: store, timer, receipts, runs (scheduler/scheduler.ts). */
  readonly scheduler: Scheduler;
  /** Running automation actions and the kill switch (`automation/stop`). */
  readonly automation: AutomationControl;
  readonly log: Logger;
  /** Settings with this process's overrides applied. */
  effectiveSettings(): Settings;
  /** Sends a user message or slash command to a session (null = a new session). */
  send(params: { sessionId: string | null; text: string; attachments?: Attachment[] }): Promise<SendResult>;
  /** Re-runs the last turn of a session from its last user message (after an error). */
  retry(sessionId: string): Promise<SendResult>;
  /** Interrupts a session's running or parked turn; resolves to false when it had neither. */
  interrupt(sessionId: string): Promise<boolean>;
  /** Stores or clears an API key in the credential store. */
  setSecret(name: 'openai' | 'compatible', value: string | null): Promise<void>;
  /** Which API keys are stored. */
  secretsPresent(): { openai: boolean; compatible: boolean };
  /** Whether a model can be called now. */
  connection(): ModelConnection;
  status(): RuntimeStatus;
  /** Pauses or resumes autonomous runs (wakeups); reported in status. */
  setAutonomousPaused(paused: boolean): void;
  /**
   * Starts the loopback bridge (HTTP + WebSocket on 127.0.0.1, bridge/server.ts) so other hosts — the CLI, a browser —
   * reach this runtime; `staticDir` serves the built renderer. Closed by {@link close}. Throws if already serving.
   */
  serveBridge(options?: { port?: number; staticDir?: string }): Promise<Bridge>;
  /** Closes the bridge, interrupts running turns, disposes plugins, flushes files and releases the directory lock. */
  close(): Promise<void>;
}

/** The package version. */
export const VERSION: string = packageVersion();

/**
 * Assembles and starts a runtime on a directory. Takes the directory lock first: throws
 * `AlreadyRunningError` (util/lock.ts) when another runtime owns it. Settings problems never throw;
 * they become `settings.warnings`.
 */
export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  // Secrets from the environment are copied for the runtime and taken out of process.env (issue 8 #10).
  const env = withdrawSecrets(options.env ?? process.env);
  const home = options.home ?? resolveHome(env);
  await ensureHome(home);
  const log = options.log ?? createLogger('runtime');
  const lock: HomeLock = await acquireHomeLock(home);
  try {
    return await assemble(home, env, lock, log, options);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function assemble(
  home: string,
  env: NodeJS.ProcessEnv,
  lock: HomeLock,
  log: Logger,
  options: RuntimeOptions,
): Promise<Runtime> {
  const settings = await SettingsStore.open(home, { logger: log });
  for (const warning of settings.warnings) log.warn(warning);
  const effectiveSettings = (): Settings => ({ ...settings.get(), ...options.overrides });
  const credentials = await CredentialStore.open({
    home,
    backend: options.credentialBackend ?? settings.get().credentialBackend,
    log,
  });
  const secrets: { openai: string | null; compatible: string | null } = {
    openai: await credentials.get(SECRET_ACCOUNTS.openai),
    compatible: await credentials.get(SECRET_ACCOUNTS.compatible),
  };
  for (const value of Object.values(secrets)) if (value) registerSecret(value);
  if (env.OPENAI_API_KEY) registerSecret(env.OPENAI_API_KEY);
  const chatgpt = new ChatGptAccount({
    credentials,
    endpoints: () => chatGptEndpoints(effectiveSettings(), env),
    log,
    env,
  });
  let chatgptSignedIn = (await chatgpt.status().catch(() => null)) !== null;
  let planUsage: string | undefined;

  const bus = new EventBus((error) => log.error('an event listener threw', { error }));
  const sessions = await SessionStore.open(home, { logger: log });
  const tools = new ToolRegistry();
  const sandbox = new SandboxPolicies(() => settings.get());
  tools.setFileAccess(({ sessionId, cwd }) => {
    const s = settings.get();
    return createFileAccess({
      cwd,
      home,
      policy: sandbox.policyFor(sessionId),
      writableRoots: s.sandboxWritableRoots.map((r) => path.resolve(expandHome(r))),
      network: s.sandboxNetwork,
    });
  });
  const grants = new Grants(
    home,
    log,
    (name) => tools.get(name)?.tool.ruleArgs,
    (sessionId) => sandbox.shellRulesApply(sessionId),
  );
  await grants.load().catch((error: Error) => log.warn(error.message));
  const approvals = new ApprovalBroker({ timeoutMs: settings.get().approvalTimeoutMs, log });
  const turnStates = new TurnStateStore(home, log);
  // Calls a crashed runtime left running: their process groups are killed now, their outputs recorded below.
  const journal = await CallJournal.open(home, log);
  const orphans = await journal.reapOrphans();
  // Every exit path kills the process groups of running tools (issue 8 #9); close() does it too.
  const killTools = () => journal.killAll();
  process.on('exit', killTools);
  // The user's login environment is captured once, in the background, for `bash` (as a terminal does at start).
  // The capture does not keep the process alive: a command that never runs bash does not wait for a slow profile.
  const shellEnvironment = () => loginEnvironment(env);
  prefetchLoginEnvironment(env);
  const webSettings = () => settings.get().web;
  for (const tool of builtinTools({ shellEnvironment, opener: options.openUrl, webSettings }))
    tools.register(tool, { source: 'builtin' });
  const context = new ContextRegistry((id) => !settings.get().disabledContextProviders.includes(id));
  for (const provider of builtinContextProviders) context.register(provider, 'builtin');
  // Panels follow providers live: a provider's own change notice (e.g. a memory added) and every run reach clients.
  context.onUpdated((providerId) => bus.emit('context/updated', { providerId }));
  const commands = new CommandRegistry();
  const connection = () => resolveConnection(effectiveSettings(), secrets, env);
  // One adapter per connection, so HTTP keep-alive connections are reused across rounds.
  let cachedAdapter: { key: string; adapter: ModelAdapter } | null = null;
  const getAdapter = (): ModelAdapter => {
    const conn = connection();
    const limits = requestLimits(effectiveSettings());
    const key = JSON.stringify([conn, limits]);
    if (cachedAdapter?.key !== key) {
      const onChatGptRateLimits = (limits: Parameters<typeof describeRateLimits>[0]) => {
        planUsage = describeRateLimits(limits);
        pushStatus();
      };
      cachedAdapter = { key, adapter: createModelAdapter(conn, limits, { chatgpt, onChatGptRateLimits }) };
    }
    return cachedAdapter.adapter;
  };
  const plugins: PluginHost = new PluginHost({
    home,
    tools,
    context,
    commands,
    getSettings: effectiveSettings,
    capabilities: {
      model: createModelCapability({
        getAdapter,
        getModel: () => effectiveSettings().model,
        getConnection: connection,
      }),
      events: { onTurnCompleted: (listener) => turns.onTurnCompleted(listener) },
      notifications: { notify: (n) => options.notify?.(n) },
      documents: { readableMarkdown },
      wakeups: createWakeupsCapability({
        scheduler: () => scheduler,
        sessions,
        pendingApprovals: () => approvals.list().length,
      }),
    },
    log,
  });
  const cwd = () => resolveWorkingDirectory(settings.get().workingDirectory);
  const automation = new AutomationControl();
  automation.onChange((state) => bus.emit('automation/activityChanged', state));
  const loop: AgentLoop = new AgentLoop({
    automation,
    sessions,
    tools,
    context,
    approvals,
    turnStates,
    journal,
    grants,
    bus,
    getSettings: effectiveSettings,
    getAdapter,
    promptSections: () => plugins.promptSections(),
    cwd,
    log,
  });
  const turns: SessionService = new SessionService({
    home,
    sessions,
    loop,
    approvals,
    turnStates,
    commands,
    plugins,
    bus,
    log,
    model: () => effectiveSettings().model,
  });
  for (const command of builtinCommands({ sessions, settings, loop, commands, sandbox }))
    commands.register(command, 'builtin');
  for (const entry of options.plugins ?? []) plugins.add(entry);
  await plugins.activateStartup();
  let autonomousPaused = false;
  let bridge: Bridge | null = null;
  // Late-bound: the turn port sends through runtime.send (slash commands, plugin activation, turn listeners).
  let sendTurn: (sessionId: string, text: string) => Promise<SendResult> = async () => {
    throw new Error('The runtime is not ready yet.');
  };
  const scheduler = await Scheduler.open({
    home,
    log,
    fire: options.scheduler?.fire ?? false,
    clock: options.scheduler?.clock,
    executor: new WakeupRunner(
      createTurnPort({
        sessions,
        loop,
        bus,
        send: (id, text) => sendTurn(id, text),
        grantSession: (id, draft) => grants.grantSession(id, draft),
        ruleArgs: (name) => tools.get(name)?.tool.ruleArgs,
      }),
    ),
    settings: () => ({ ...DEFAULT_SCHEDULER_SETTINGS, ...settings.get().scheduler }),
    notify: (n) => {
      options.onSchedulerNotification?.(n);
      if (!options.onSchedulerNotification) options.notify?.({ title: n.title, body: n.body, sessionId: n.sessionId });
    },
    onEvent: (event) => {
      if (event.type === 'changed') bus.emit('wakeup/changed', { wakeupId: event.wakeupId, wakeup: event.wakeup });
      else bus.emit('wakeup/runUpdated', { receipt: event.receipt, title: event.title });
      pushStatus();
    },
  });
  if (scheduler.store.problem) log.error(scheduler.store.problem);

  const status = (): RuntimeStatus => {
    const s = effectiveSettings();
    return {
      version: VERSION,
      provider: s.provider,
      model: s.model,
      modelConfigured: connection().ok && (s.provider !== 'chatgpt' || chatgptSignedIn),
      pendingApprovals: approvals.list().length,
      runningSessions: loop.runningSessions(),
      autonomousPaused,
      ...(s.provider === 'chatgpt' && planUsage ? { planUsage } : {}),
      nextWakeup: nextWakeup(scheduler),
      waitingRuns: scheduler.waitingRuns(),
      approvalPolicy: s.approvalPolicy,
      sandbox: sandbox.status(),
    };
  };
  const pushStatus = () => bus.emit('runtime/statusChanged', status());
  chatgpt.onChange((signedIn) => {
    chatgptSignedIn = signedIn;
    if (!signedIn) planUsage = undefined;
    pushStatus();
  });
  bus.on('agent/event', (event) => {
    if (
      event.type === 'turn_started' ||
      event.type === 'turn_completed' ||
      event.type === 'approval_requested' ||
      event.type === 'approval_decided'
    )
      pushStatus();
  });
  settings.onChange(pushStatus);
  // Settings applied live (RESTART_REQUIRED_SETTINGS in the contract lists the few that are not).
  settings.onChange((next, previous) => {
    if (next.approvalTimeoutMs !== previous.approvalTimeoutMs) approvals.setTimeoutMs(next.approvalTimeoutMs);
    const before = new Set(previous.disabledPlugins);
    const after = new Set(next.disabledPlugins);
    for (const id of new Set([...before, ...after])) {
      if (before.has(id) === after.has(id) || !plugins.list().some((p) => p.id === id)) continue;
      plugins
        .setEnabled(id, !after.has(id))
        .catch((error: unknown) => log.warn(`Could not switch plugin ${id} after a settings change`, { error }));
    }
  });

  await turns.settleOrphans(orphans);
  await turns.restore();

  const runtime: Runtime = {
    home,
    version: VERSION,
    bus,
    settings,
    sessions,
    tools,
    context,
    commands,
    approvals,
    grants,
    credentials,
    chatgpt,
    env,
    plugins,
    loop,
    turns,
    scheduler,
    automation,
    log,
    effectiveSettings,
    send: (params) => turns.send(params),
    retry: (sessionId) => turns.retry(sessionId),
    interrupt: (sessionId) => turns.interrupt(sessionId),
    async setSecret(name, value) {
      const account = SECRET_ACCOUNTS[name];
      if (value) {
        await credentials.set(account, value);
        registerSecret(value);
      } else {
        await credentials.delete(account);
      }
      secrets[name] = value;
      pushStatus();
    },
    secretsPresent: () => ({ openai: Boolean(secrets.openai), compatible: Boolean(secrets.compatible) }),
    connection,
    status,
    setAutonomousPaused(paused) {
      autonomousPaused = paused;
      scheduler.setPaused(paused);
      pushStatus();
    },
    async serveBridge({ port, staticDir } = {}) {
      if (bridge) throw new Error(`This runtime already serves a bridge on port ${bridge.port}.`);
      bridge = await startBridge({ home, handlers: createHandlers(runtime), bus, port, staticDir, log });
      return bridge;
    },
    async close() {
      await bridge?.close();
      bridge = null;
      await mcpOf(runtime).close();
      await scheduler.close();
      await loop.interruptAll();
      killTools();
      process.off('exit', killTools);
      await journal.flush();
      await turns.close();
      await plugins.dispose();
      approvals.dispose();
      await sessions.close();
      await lock.release();
    },
  };
  sendTurn = (sessionId, text) => runtime.send({ sessionId, text });
  mcpOf(runtime).start(); // MCP servers connect in the background (issue 14); never awaited here
  return runtime;
}

/** The next wakeup due (title and ISO time) for the status line, or null. */
function nextWakeup(scheduler: Scheduler): { id: string; title: string; at: string } | null {
  let best: { id: string; title: string; at: string } | null = null;
  for (const w of scheduler.store.all()) {
    if (!w.enabled || !w.nextDueAt) continue;
    if (!best || Date.parse(w.nextDueAt) < Date.parse(best.at)) best = { id: w.id, title: w.title, at: w.nextDueAt };
  }
  return best;
}
