// The contract's request handlers over a Runtime: one function per channel, shared by IPC and the bridge.
import type { SettingsView } from '../../../preload/contract/channels';
import type { TranscriptEntry } from '../../../preload/contract/sessions';
import type { ToolDefinition } from '../../../plugins/sdk/types';
import type { Runtime } from '../runtime';
import { searchSessions } from '../sessions/search';
import { exportSession } from '../sessions/export';
import { accountHandlers } from './accountsHandlers';
import { failure, type Handlers } from './dispatch';
import { mcpHandlers } from './mcpHandlers';
import { createWakeupHandlers } from './wakeupHandlers';

/** Builds the settings view the renderer sees: values, which secrets are set (never the secrets), warnings. */
export function settingsView(runtime: Runtime): SettingsView {
  return {
    values: runtime.settings.get(),
    secrets: runtime.secretsPresent(),
    credentialBackend: runtime.credentials.backend,
    ...(runtime.credentials.warning ? { credentialWarning: runtime.credentials.warning } : {}),
    warnings: runtime.settings.warnings,
  };
}

/** Creates the handler table for `runtime`. Errors thrown carry contract codes (see dispatch.ts). */
export function createHandlers(runtime: Runtime): Handlers {
  const { sessions, approvals, grants, context, commands, tools, plugins, loop, settings } = runtime;
  const recent = new RecentEntries();
  const existing = async (sessionId: string) => {
    if (!(await sessions.exists(sessionId)))
      throw failure(
        'not_found',
        `No session ${sessionId}: it was deleted or never existed. See the sessions in the list (CLI: deskpilot sessions list).`,
      );
  };
  return {
    ...createWakeupHandlers(runtime),
    ...accountHandlers(runtime),
    ...mcpHandlers(runtime),
    'chat/send': async ({ sessionId, text, attachments }) => {
      // runtime.send checks the session exists (SessionNotFoundError carries code not_found).
      if (sessionId && loop.isRunning(sessionId))
        throw failure('conflict', 'A turn is already running in this session. Wait for it or press Stop.');
      const result = await runtime.send({ sessionId, text, attachments });
      return {
        sessionId: result.sessionId || null,
        turnId: result.turnId,
        ...(result.commandOutput !== undefined ? { commandOutput: result.commandOutput } : {}),
      };
    },
    'chat/interrupt': async ({ sessionId }) => ({ interrupted: await runtime.interrupt(sessionId) }),
    'chat/retry': async ({ sessionId }) => {
      await existing(sessionId);
      if (loop.isRunning(sessionId)) throw failure('conflict', 'A turn is already running in this session.');
      const result = await runtime.retry(sessionId);
      return { turnId: result.turnId ?? '' };
    },
    'session/list': () => sessions.list(),
    'session/get': async ({ sessionId, tail }) => {
      await existing(sessionId);
      const loaded = await sessions.load(sessionId);
      const running = loop.isRunning(sessionId);
      if (tail === undefined) return { ...loaded, running };
      const all = inSeqOrder(loaded.entries);
      const entries = all.slice(-tail);
      if (entries.length < all.length) recent.keep(sessionId, all); // the UI pages through the rest next
      return { ...loaded, entries, firstSeq: entries[0]?.seq ?? null, totalEntries: all.length, running };
    },
    'session/entries': async ({ sessionId, beforeSeq, limit }) => {
      await existing(sessionId);
      let all = recent.covering(sessionId, beforeSeq);
      if (!all) {
        all = inSeqOrder((await sessions.load(sessionId)).entries);
        recent.keep(sessionId, all);
      }
      const end = firstIndexAtOrAfter(all, beforeSeq);
      const start = Math.max(0, end - limit);
      if (start === 0) recent.drop(sessionId); // the oldest page: nothing further back to ask for
      const entries = all.slice(start, end);
      return { entries, firstSeq: entries[0]?.seq ?? null };
    },
    'session/create': async () => {
      const summary = await sessions.create();
      runtime.bus.emit('session/updated', { sessionId: summary.id, summary });
      return summary;
    },
    'session/rename': async ({ sessionId, title }) => {
      await existing(sessionId);
      const summary = await sessions.rename(sessionId, title);
      runtime.bus.emit('session/updated', { sessionId, summary });
      return summary;
    },
    'session/delete': async ({ sessionId }) => {
      await existing(sessionId);
      await runtime.interrupt(sessionId);
      recent.drop(sessionId);
      await sessions.delete(sessionId);
      runtime.bus.emit('session/updated', { sessionId, summary: null });
      return { deleted: true };
    },
    'session/fork': async ({ sessionId, uptoSeq }) => {
      await existing(sessionId);
      const summary = await sessions.fork(sessionId, uptoSeq);
      runtime.bus.emit('session/updated', { sessionId: summary.id, summary });
      return summary;
    },
    'session/export': async ({ sessionId, format }) => {
      await existing(sessionId);
      return exportSession(await sessions.load(sessionId), format);
    },
    'session/search': async ({ query, limit }) => searchSessions(sessions.dir, await sessions.list(), query, limit),
    'approval/list': async () => approvals.list(),
    'approval/decide': async ({ callId, sessionId, decision }) => {
      const result = approvals.decide(callId, decision, sessionId);
      if (!result.ok) throw failure(result.error.code, result.error.message);
      return { decided: true as const };
    },
    'approval/describe': async ({ callId, sessionId }) => {
      const pending = approvals.get(callId, sessionId);
      if (!pending) throw failure('not_found', `No approval ${callId} is pending: it was decided or timed out.`);
      return { summary: describeCall(tools.get(pending.tool)?.tool, pending.arguments) };
    },
    'approval/rules': async () => grants.listRules(),
    'approval/revokeRule': async ({ ruleId }) => ({ revoked: await grants.revokeRule(ruleId) }),
    'context/list': async () => context.list(),
    'context/setEnabled': async ({ providerId, enabled }) => {
      if (!context.has(providerId)) throw failure('not_found', `No context provider "${providerId}".`);
      const disabled = new Set(settings.get().disabledContextProviders);
      if (enabled) disabled.delete(providerId);
      else disabled.add(providerId);
      await settings.update({ disabledContextProviders: [...disabled] });
      runtime.bus.emit('context/updated', { providerId });
      return context.list();
    },
    'command/list': async () => commands.list(),
    'command/run': async ({ sessionId, text }) => {
      const result = await runtime.send({ sessionId, text });
      if (result.commandOutput === undefined)
        throw failure('invalid_params', `"${text}" is not a slash command. Type /help for the list.`);
      return {
        ok: true,
        text: result.commandOutput,
        ...(result.sessionId && result.sessionId !== sessionId ? { switchToSession: result.sessionId } : {}),
      };
    },
    'settings/get': async () => settingsView(runtime),
    'settings/update': async ({ patch }) => {
      try {
        await settings.update(patch);
      } catch (error) {
        throw failure('invalid_params', (error as Error).message);
      }
      return settingsView(runtime);
    },
    'settings/setValues': async ({ values }) => {
      try {
        await settings.setByPaths(values);
      } catch (error) {
        throw failure('invalid_params', (error as Error).message);
      }
      return settingsView(runtime);
    },
    'settings/setSecret': async ({ name, value }) => {
      await runtime.setSecret(name, value && value.trim() ? value.trim() : null);
      return settingsView(runtime);
    },
    'tool/list': async () => tools.list(),
    'plugin/list': async () => plugins.list(),
    'plugin/setEnabled': async ({ pluginId, enabled }) => {
      if (!plugins.list().some((p) => p.id === pluginId)) throw failure('not_found', `No plugin "${pluginId}".`);
      const disabled = new Set(settings.get().disabledPlugins);
      if (enabled) disabled.delete(pluginId);
      else disabled.add(pluginId);
      await settings.update({ disabledPlugins: [...disabled] });
      await plugins.setEnabled(pluginId, enabled);
      return plugins.list();
    },
    'plugin/call': async ({ pluginId, method, params }) => {
      try {
        return await plugins.call(pluginId, method, params);
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw code === 'not_found' ? error : failure('invalid_params', (error as Error).message);
      }
    },
    'runtime/status': async () => runtime.status(),
    'automation/stop': async () => ({ stopped: runtime.automation.stop() }),
    'automation/state': async () => runtime.automation.state(),
  };
}

/**
 * A call in words from its tool's `activity` hook (`<action> <target>`), for the approval card; null when the tool has
 * no hook, the arguments do not parse or the hook throws.
 */
function describeCall(tool: ToolDefinition | undefined, args: unknown): string | null {
  if (!tool?.activity) return null;
  const parsed = tool.parameters.safeParse(args);
  if (!parsed.success) return null;
  try {
    const { action, target } = tool.activity(parsed.data);
    return `${action} ${target}`;
  } catch {
    return null;
  }
}

/** `entries` sorted by seq: the same array when already in order (the normal case for an append-only file), else a sorted copy. */
function inSeqOrder(entries: TranscriptEntry[]): TranscriptEntry[] {
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.seq < entries[i - 1]!.seq) return [...entries].sort((a, b) => a.seq - b.seq);
  }
  return entries;
}

/** Index of the first entry of seq-sorted `entries` whose seq is at least `seq` (`entries.length` when none is). */
function firstIndexAtOrAfter(entries: readonly TranscriptEntry[], seq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How long (ms) {@link RecentEntries} keeps a session's entries after their last use. */
const RECENT_ENTRIES_TTL_MS = 30_000;

/**
 * The seq-sorted entries of the one session most recently paged through, kept briefly so that the UI fetching older
 * pages (`session/entries`) after `session/get` with `tail` costs a slice, not a re-read of the whole file per page.
 * Reusing them is exact: entries are append-only and a written entry never changes, and every entry with a seq up to
 * the highest one held was already written when they were read, so the held list answers any `beforeSeq` up to that
 * seq + 1. Dropped after {@link RECENT_ENTRIES_TTL_MS} unused, on the oldest page, and when the session is deleted.
 */
class RecentEntries {
  private held: { sessionId: string; entries: TranscriptEntry[]; maxSeq: number } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Holds `entries` (seq-sorted) of `sessionId` in place of whatever was held. */
  keep(sessionId: string, entries: TranscriptEntry[]): void {
    this.held = { sessionId, entries, maxSeq: entries[entries.length - 1]?.seq ?? 0 };
    this.touch();
  }

  /** The held entries of `sessionId` when they include every entry with a seq below `beforeSeq`, else undefined. */
  covering(sessionId: string, beforeSeq: number): TranscriptEntry[] | undefined {
    const held = this.held;
    if (!held || held.sessionId !== sessionId || beforeSeq > held.maxSeq + 1) return undefined;
    this.touch();
    return held.entries;
  }

  /** Forgets the entries of `sessionId` if they are the ones held. */
  drop(sessionId: string): void {
    if (this.held?.sessionId !== sessionId) return;
    this.held = undefined;
    clearTimeout(this.timer);
  }

  private touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.held = undefined;
    }, RECENT_ENTRIES_TTL_MS);
    this.timer.unref?.();
  }
}
