// The away digest: one summary of what autonomous runs did since the user last looked (issue 10, item 10).
import type { Digest, RunReceipt } from '../../../preload/contract/scheduler';

/** A receipt with its wakeup's title, as {@link buildDigest} takes them. */
export type TitledReceipt = RunReceipt & { title: string };

const LABEL: Record<string, string> = {
  succeeded: 'done',
  quiet: 'nothing to report',
  failed: 'failed',
  missed: 'missed',
  skipped: 'skipped',
  waiting_approval: 'waiting for your approval',
  denied: 'denied',
  budget_exceeded: 'stopped: over budget',
  interrupted: 'interrupted',
};

/**
 * Builds the digest of `receipts` (ended or waiting after `since`, oldest first) with `waitingApprovals` still open:
 * one line per run (time, title, outcome, tools used, first line of the answer or the reason), missed occurrences
 * summed per wakeup. `text` is '' when nothing happened.
 */
export function buildDigest(
  since: string,
  until: string,
  receipts: readonly TitledReceipt[],
  waitingApprovals: number,
): Digest {
  const lines: string[] = [];
  const missed = new Map<string, { title: string; count: number; reason: string }>();
  for (const r of receipts) {
    if (r.status === 'missed' || r.status === 'skipped') {
      const entry = missed.get(r.wakeupId) ?? { title: r.title, count: 0, reason: r.reason ?? r.status };
      entry.count += r.count ?? 1;
      missed.set(r.wakeupId, entry);
      continue;
    }
    if (!r.status) continue;
    const when = (r.endedAt ?? r.startedAt ?? r.claimedAt ?? r.scheduledFor).slice(0, 16).replace('T', ' ');
    const tools = r.toolsUsed.length ? ` — tools: ${[...new Set(r.toolsUsed)].join(', ')}` : '';
    const detail = r.error ?? r.reason ?? (r.text ? r.text.split('\n')[0] : '');
    lines.push(
      `- ${when} ${r.title}: ${LABEL[r.status] ?? r.status}${tools}${detail ? ` — ${detail.slice(0, 160)}` : ''}`,
    );
  }
  for (const m of missed.values())
    lines.push(`- ${m.title}: ${m.count} occurrence${m.count === 1 ? '' : 's'} not run (${m.reason})`);
  if (waitingApprovals > 0)
    lines.push(`${waitingApprovals} approval${waitingApprovals === 1 ? '' : 's'} waiting for you in the inbox.`);
  const text =
    lines.length === 0
      ? ''
      : `While you were away (since ${since.slice(0, 16).replace('T', ' ')} UTC):\n${lines.join('\n')}`;
  return { since, until, runs: [...receipts], waitingApprovals, text };
}

/** What {@link awayDigest} reads: receipts since a time and the stored "seen" mark. */
export interface DigestSource {
  since(sinceMs: number): Promise<TitledReceipt[]>;
  readonly store: { readonly digestSeenAt: string | null; setDigestSeenAt(at: string): Promise<void> };
}

/**
 * The away digest since `since` (default: when the user last saw one, else 24 hours ago) until now. Without `peek`
 * the digest counts as seen: the next one starts where this one ends.
 */
export async function awayDigest(
  source: DigestSource,
  options: { since?: string; peek: boolean },
  waitingApprovals: number,
): Promise<Digest> {
  const until = new Date().toISOString();
  const from = options.since ?? source.store.digestSeenAt ?? new Date(Date.now() - 86_400_000).toISOString();
  const digest = buildDigest(from, until, await source.since(Date.parse(from)), waitingApprovals);
  if (!options.peek) await source.store.setDigestSeenAt(until);
  return digest;
}
