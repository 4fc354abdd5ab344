// Text renderings of wakeups, runs and times for the model and slash commands.
import { plural, type WaitingRunInfo, type WakeupInfo, type WakeupRunInfo } from '../sdk';

/** An ISO instant as `YYYY-MM-DD HH:mm` in IANA zone `zone` (the value itself when unparsable). */
export function localTime(iso: string, zone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(at);
}

/** One wakeup as one line: id, state or next time, schedule, title, who created it, last outcome. */
export function wakeupLine(w: WakeupInfo, zone: string): string {
  const state = !w.enabled
    ? `paused${w.pausedReason ? ` (${w.pausedReason})` : ''}`
    : w.nextDueAt
      ? `next ${localTime(w.nextDueAt, zone)}`
      : 'done';
  const last = w.last ? `; last run ${w.last.status}` : '';
  return `- ${w.id} "${w.title}": ${state}; ${w.schedule}; by ${w.createdBy}${last}`;
}

/** A wakeup list with its zone, or a hint how to create one when empty. */
export function renderList(wakeups: WakeupInfo[], zone: string, empty: string): string {
  if (wakeups.length === 0) return empty;
  return `${plural(wakeups.length, 'wakeup')} (times in ${zone}):\n${wakeups.map((w) => wakeupLine(w, zone)).join('\n')}`;
}

/** A created or changed wakeup with its next occurrences and envelope. */
export function renderWakeup(w: WakeupInfo, zone: string): string {
  const next = w.upcoming.length
    ? `Next: ${w.upcoming.map((t) => localTime(t, zone)).join(', ')} (${zone}).`
    : 'No further occurrences.';
  const allowed = w.allowed.length ? w.allowed.join(', ') : 'read-only tools only';
  return `${w.id} "${w.title}" (${w.schedule}, ${w.enabled ? 'enabled' : 'paused'}). ${next} Unattended tools: ${allowed}.`;
}

/** How a run ended, with its answer's first part or its error. */
export function renderRun(r: WakeupRunInfo): string {
  const tools = r.toolsUsed.length ? ` Tools used: ${[...new Set(r.toolsUsed)].join(', ')}.` : '';
  const session = r.sessionId ? ` Session: ${r.sessionId}.` : '';
  const detail = r.error ? ` Error: ${r.error}` : r.text ? ` Answer: ${r.text}` : '';
  return `Run ${r.runId} of ${r.wakeupId} ended ${r.status}.${session}${tools}${detail}`;
}

/** Runs parked on an approval, one line each. */
export function renderWaiting(runs: WaitingRunInfo[], zone: string): string {
  return runs
    .map(
      (r) =>
        `- "${r.title}" (${r.wakeupId}) waits since ${localTime(r.since, zone)} to use ${r.tool} (session ${r.sessionId})`,
    )
    .join('\n');
}
