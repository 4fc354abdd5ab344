// Parked, serializable turns: <home>/turns/<sessionId>.json holds a turn that waits on a decision (DESIGN.md §5).
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ApprovalDecision, DecidedBy, PendingApproval } from '../../../preload/contract/approvals';
import { FunctionCallItem, Usage, zeroUsage } from '../../../preload/contract/items';
import { ToolResultInfo } from '../../../preload/contract/sessions';
import type { Logger } from '../../../plugins/sdk/types';
import { atomicWriteJson } from '../util/atomicWrite';
import { readJsonDocument } from '../util/jsonDocument';

/** Folder of the parked turns inside the runtime home. */
export const TURNS_DIR = 'turns';
/** The legacy file of pending approvals (before parked turns); migrated once by {@link migrateLegacyApprovals}. */
export const LEGACY_PENDING_APPROVALS_FILE = 'pending-approvals.json';
/** Schema version of a {@link TurnState} file. */
export const TURN_STATE_VERSION = 1;

/**
 * A parked turn, version 1. `calls` are the calls of the turn's last model round still without output, in order,
 * with their exact `arguments` and `call_id`s; `calls[0]` waits on `approval`. `decision` is recorded when the
 * approval is settled and cleared (the file removed) just before the decided call runs, so a call runs at most once.
 * `usage`, `toolRounds` and `toolResults` are what the turn used before it parked (its budget carries on).
 */
export const TurnState = z.object({
  version: z.literal(TURN_STATE_VERSION),
  sessionId: z.string(),
  turnId: z.string(),
  /** ISO time the turn parked. */
  parkedAt: z.string(),
  /** The user's text that started the turn ('' for a retry or a migrated approval), for turn listeners. */
  userText: z.string(),
  usage: Usage,
  toolRounds: z.number().int().nonnegative(),
  toolResults: z.array(ToolResultInfo),
  calls: z.array(FunctionCallItem).min(1),
  approval: PendingApproval,
  decision: z.object({ decision: ApprovalDecision, decidedBy: DecidedBy, at: z.string() }).optional(),
});
/** Shape of {@link TurnState}. */
export type TurnState = z.infer<typeof TurnState>;

/**
 * The parked turns of one runtime home: one file per session (a session has at most one turn, so at most one parked
 * turn). Writes are atomic (0600); an invalid file is moved aside as `<file>.invalid-<time>` and logged (JsonDocument's
 * one backup policy), and that turn's calls are then settled as "not run" by the next turn.
 */
export class TurnStateStore {
  /** Absolute path of the turns folder. */
  readonly dir: string;

  constructor(
    home: string,
    private readonly log: Logger,
  ) {
    this.dir = join(home, TURNS_DIR);
  }

  /** Path of the parked turn of `sessionId`. */
  pathOf(sessionId: string): string {
    if (!/^[\w.-]+$/.test(sessionId)) throw new Error(`"${sessionId}" is not a valid session id.`);
    return join(this.dir, `${sessionId}.json`);
  }

  /** Writes (replaces) the parked turn of `state.sessionId` atomically; rejects with the fs error. */
  async save(state: TurnState): Promise<void> {
    await atomicWriteJson(this.pathOf(state.sessionId), TurnState.parse(state), { mode: 0o600 });
  }

  /** The parked turn of `sessionId`, or null when none is parked (or its file was invalid and moved aside). */
  async read(sessionId: string): Promise<TurnState | null> {
    const read = await readJsonDocument<TurnState | null>({
      path: this.pathOf(sessionId),
      schema: TurnState.nullable(),
      initial: () => null,
      log: this.log,
    });
    return read.value;
  }

  /** Every parked turn, oldest first (files that fail to read are logged and skipped). */
  async list(): Promise<TurnState[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const states: TurnState[] = [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      try {
        const state = await this.read(name.slice(0, -'.json'.length));
        if (state) states.push(state);
      } catch (error) {
        this.log.error(
          `Could not read the parked turn ${join(this.dir, name)}; its calls will be settled as not run.`,
          {
            error,
          },
        );
      }
    }
    return states.sort((a, b) => Date.parse(a.parkedAt) - Date.parse(b.parkedAt));
  }

  /** Removes the parked turn of `sessionId` (no-op when none). */
  async remove(sessionId: string): Promise<void> {
    await rm(this.pathOf(sessionId), { force: true });
  }
}

/** The legacy `pending-approvals.json` (version 1). */
const LegacyPendingApprovals = z.object({ version: z.literal(1), pending: z.array(PendingApproval) });

/**
 * Turns a legacy `<home>/pending-approvals.json` into parked turns, once: each pending approval whose call is still
 * without output in its session (`unanswered(sessionId)`, the calls in transcript order) becomes a {@link TurnState}
 * parked on that call (its later unanswered calls follow it); the legacy file is then renamed
 * `pending-approvals.json.migrated`. Approvals whose call is gone are dropped (logged). Resolves to how many turns
 * were parked; a missing file resolves to 0.
 */
export async function migrateLegacyApprovals(
  home: string,
  store: TurnStateStore,
  unanswered: (sessionId: string) => Promise<FunctionCallItem[]>,
  log: Logger,
): Promise<number> {
  const path = join(home, LEGACY_PENDING_APPROVALS_FILE);
  const read = await readJsonDocument<z.infer<typeof LegacyPendingApprovals> | null>({
    path,
    schema: LegacyPendingApprovals.nullable(),
    initial: () => null,
    log,
  });
  if (!read.value) return 0;
  let parked = 0;
  for (const approval of read.value.pending) {
    const calls = await unanswered(approval.sessionId).catch(() => []);
    const at = calls.findIndex((c) => c.call_id === approval.callId);
    if (at < 0 || (await store.read(approval.sessionId))) {
      log.warn(`The pending approval of call ${approval.callId} was dropped: its call is no longer waiting.`);
      continue;
    }
    await store.save({
      version: TURN_STATE_VERSION,
      sessionId: approval.sessionId,
      turnId: approval.turnId,
      parkedAt: approval.requestedAt,
      userText: '',
      usage: zeroUsage,
      toolRounds: 0,
      toolResults: [],
      calls: calls.slice(at),
      approval,
    });
    parked++;
  }
  await rename(path, `${path}.migrated`);
  log.info(`Migrated ${parked} pending approval(s) from ${path} to parked turns in ${store.dir}.`);
  return parked;
}
