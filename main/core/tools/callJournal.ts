// The call journal: <home>/runtime/running-calls.json records each tool call as started (and its process groups)
// before it runs, so after a crash its output says "started, outcome unknown" and its orphaned processes are killed.
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../../../plugins/sdk/types';
import { JsonDocument } from '../util/jsonDocument';
import { processIdentity } from '../util/lock';

/** A process group a call started: its leader's pid and that process's start identity (util/lock.ts). */
export const ProcessGroupRecord = z.object({ pid: z.number().int().positive(), start: z.string().optional() });
/** Shape of {@link ProcessGroupRecord}. */
export type ProcessGroupRecord = z.infer<typeof ProcessGroupRecord>;

/** A call that started and has not ended (as far as the journal knows). `runtimePid` is the process running it. */
export const RunningCall = z.object({
  sessionId: z.string(),
  turnId: z.string(),
  callId: z.string(),
  tool: z.string(),
  startedAt: z.string(),
  runtimePid: z.number().int(),
  groups: z.array(ProcessGroupRecord),
});
/** Shape of {@link RunningCall}. */
export type RunningCall = z.infer<typeof RunningCall>;

const JournalFile = z.object({ version: z.literal(1), calls: z.array(RunningCall) });

/** The output recorded for a call that was running when Deskpilot stopped without finishing it. */
export function unknownOutcome(call: RunningCall): string {
  return (
    `started, outcome unknown: Deskpilot stopped while "${call.tool}" was running (started ${call.startedAt}); ` +
    'its effects may be partial and any processes it left were stopped. Check the result before trying it again.'
  );
}

/** What one call reports to the journal while it runs (tools/execute.ts). */
export interface CallRunHooks {
  /** Records the call as started; resolves once that is on disk (the tool runs only then). */
  started(): Promise<void>;
  /** Records a process group the tool started (the leader's pid). */
  processGroup(pid: number): void;
  /**
   * Records the call as ended (call it once its output is in the transcript; a no-op when it never started); its
   * process groups that still have members (`cmd &`) stay tracked until Deskpilot exits.
   */
  ended(): Promise<void>;
}

/**
 * The journal of running calls. One runtime owns it (the home lock). {@link open} reads what a previous process left:
 * those calls never ended ({@link orphans}); {@link reapOrphans} kills their process groups when the leader pid still
 * belongs to the same process (start identity), so a reused pid is never killed. {@link killAll} kills the process
 * groups of this process's calls (every exit path calls it; synchronous so signal and exit handlers can).
 */
export class CallJournal {
  private readonly live = new Map<number, ProcessGroupRecord>();

  private constructor(
    private readonly doc: JsonDocument<z.infer<typeof JournalFile>>,
    /** Calls a previous runtime left running (it crashed or was killed). */
    readonly orphans: readonly RunningCall[],
    private readonly log: Logger,
  ) {}

  /** Opens `<home>/runtime/running-calls.json`; an invalid file is moved aside and logged (JsonDocument). */
  static async open(home: string, log: Logger): Promise<CallJournal> {
    const doc = await JsonDocument.open({
      path: join(home, 'runtime', 'running-calls.json'),
      schema: JournalFile,
      initial: () => ({ version: 1 as const, calls: [] }),
      version: 1,
      log,
    });
    return new CallJournal(doc, doc.get().calls, log);
  }

  /**
   * Kills the process groups of the orphaned calls (SIGKILL to the group, only when the leader still is the recorded
   * process) and empties the journal. Resolves to the orphaned calls, for their outputs.
   */
  async reapOrphans(): Promise<RunningCall[]> {
    const orphans = [...this.orphans];
    for (const call of orphans) for (const group of call.groups) await killIfSame(group, this.log);
    await this.doc.update((draft) => {
      draft.calls = draft.calls.filter(
        (c) => !orphans.some((o) => o.sessionId === c.sessionId && o.callId === c.callId),
      );
    });
    return orphans;
  }

  /** Hooks for one call (see {@link CallRunHooks}). */
  hooks(call: { sessionId: string; turnId: string; callId: string; tool: string }): CallRunHooks {
    const same = (c: RunningCall) => c.sessionId === call.sessionId && c.callId === call.callId;
    const groups: number[] = [];
    let begun = false;
    return {
      started: async () => {
        begun = true;
        await this.doc.update((draft) => {
          draft.calls = draft.calls.filter((c) => !same(c));
          draft.calls.push({ ...call, startedAt: new Date().toISOString(), runtimePid: process.pid, groups: [] });
        });
      },
      processGroup: (pid) => {
        groups.push(pid);
        this.live.set(pid, { pid });
        void processIdentity(pid)
          .then((identity) => {
            const record = { pid, ...(identity.start ? { start: identity.start } : {}) };
            if (this.live.has(pid)) this.live.set(pid, record);
            return this.doc.update((draft) => {
              const entry = draft.calls.find(same);
              if (entry) entry.groups.push(record);
            });
          })
          .catch((error: unknown) => this.log.warn('could not journal a process group', { error, pid }));
      },
      ended: async () => {
        for (const pid of groups) if (!groupAlive(pid)) this.live.delete(pid);
        if (!begun) return;
        await this.doc.update((draft) => {
          draft.calls = draft.calls.filter((c) => !same(c));
        });
      },
    };
  }

  /** Kills every process group this runtime's calls started that may still have members (SIGKILL); synchronous. */
  killAll(): number {
    let killed = 0;
    for (const pid of this.live.keys()) {
      try {
        process.kill(-pid, 'SIGKILL');
        killed++;
      } catch {
        // ESRCH: the group is gone.
      }
    }
    this.live.clear();
    return killed;
  }

  /** Resolves when every journal write issued so far has settled. */
  flush(): Promise<void> {
    return this.doc.flush();
  }
}

/** True while process group `pid` has a member (signal 0 probes without sending). */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILLs group `group.pid` when its leader is still the recorded process (or the group lives without a leader). */
async function killIfSame(group: ProcessGroupRecord, log: Logger): Promise<void> {
  const now = await processIdentity(group.pid);
  // The leader is gone but the group may still have members (`cmd &`); a pid that now names another process is skipped.
  if (now.start !== undefined && group.start !== undefined && now.start !== group.start) {
    log.info(`process ${group.pid} is no longer the orphaned call's; left alone`);
    return;
  }
  if (now.start === undefined && !groupAlive(group.pid)) return;
  try {
    process.kill(-group.pid, 'SIGKILL');
    log.info(`killed the process group ${group.pid} of a call orphaned by a crash`);
  } catch {
    // ESRCH: nothing left.
  }
}
