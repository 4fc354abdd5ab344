// The Schedule form's model (pure): form state <-> wakeup drafts and patches, cron presets, labels.
import { formatWallClock } from '../../../preload/contract/describeSchedule';
import type { WakeupDraft, WakeupPatch, WakeupView } from '../../../preload/contract/scheduler';

/** How a wakeup's time is given. */
export type ScheduleKind = 'at' | 'in' | 'cron' | 'every';

/** One row of the envelope editor: a tool and an optional constraint (path root, command pattern or host). */
export interface GrantRow {
  tool: string;
  constraint: string;
}

/** The create/edit form's state (strings as typed). */
export interface WakeupForm {
  title: string;
  prompt: string;
  kind: ScheduleKind;
  /** `YYYY-MM-DDTHH:mm` (datetime-local). */
  at: string;
  in: string;
  cron: string;
  every: string;
  tz: string;
  /** `new` or a session name or id. */
  session: string;
  misfire: 'skip' | 'once' | 'all';
  /** A duration like `2h`, or '' for no limit. */
  maxLateness: string;
  notify: 'always' | 'when-reporting' | 'never';
  grants: GrantRow[];
  budget: { toolCalls: string; minutes: string; tokens: string };
}

/** Cron presets of the helper: label and expression. */
export const CRON_PRESETS: readonly { label: string; expr: string }[] = [
  { label: 'Every weekday at 08:00', expr: '0 8 * * 1-5' },
  { label: 'Every day at 09:00', expr: '0 9 * * *' },
  { label: 'Every Monday at 09:00', expr: '0 9 * * 1' },
  { label: 'Every hour', expr: '0 * * * *' },
  { label: 'Every 30 minutes', expr: '*/30 * * * *' },
  { label: 'First day of the month at 07:00', expr: '0 7 1 * *' },
];

/** The browser's IANA zone (the user's zone). */
export function userZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** An empty form: `in 1h`, the user's zone, one catch-up, notify when reporting, read-only envelope. */
export function emptyForm(): WakeupForm {
  return {
    title: '',
    prompt: '',
    kind: 'in',
    at: '',
    in: '1h',
    cron: '0 8 * * 1-5',
    every: '30m',
    tz: userZone(),
    session: 'new',
    misfire: 'once',
    maxLateness: '',
    notify: 'when-reporting',
    grants: [],
    budget: { toolCalls: '50', minutes: '15', tokens: '200000' },
  };
}

/** A duration in ms as the shortest `1d2h30m` form. */
export function durationText(ms: number): string {
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  let rest = ms;
  let out = '';
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out || '0s';
}

/** The form of an existing wakeup (for editing). */
export function formFromWakeup(w: WakeupView): WakeupForm {
  const base = emptyForm();
  const s = w.schedule;
  const schedule: Partial<WakeupForm> =
    s.type === 'at'
      ? { kind: 'at', at: s.at.slice(0, 16), tz: s.tz }
      : s.type === 'cron'
        ? { kind: 'cron', cron: s.expr, tz: s.tz }
        : s.type === 'every'
          ? { kind: 'every', every: durationText(s.intervalMs) }
          : { kind: 'at', at: localInput(s.dueAt, base.tz) };
  return {
    ...base,
    ...schedule,
    title: w.title,
    prompt: w.prompt,
    session: w.target.type === 'session' ? w.target.name : 'new',
    misfire: w.misfire.policy,
    maxLateness: w.misfire.maxLatenessMs ? durationText(w.misfire.maxLatenessMs) : '',
    notify: w.notify,
    grants: w.envelope.grants.flatMap((g) => {
      const constraints = [...(g.paths ?? []), ...(g.commands ?? []), ...(g.hosts ?? [])];
      return constraints.length
        ? constraints.map((c) => ({ tool: g.tool, constraint: c }))
        : [{ tool: g.tool, constraint: '' }];
    }),
    budget: {
      toolCalls: String(w.envelope.budget.toolCalls),
      minutes: String(w.envelope.budget.minutes),
      tokens: String(w.envelope.budget.tokens),
    },
  };
}

/** An ISO instant as a datetime-local value in `tz`. */
function localInput(iso: string, tz: string): string {
  return formatWallClock(iso, tz).replace(' ', 'T');
}

/** The schedule fields of a form (exactly one of at/in/cron/every, plus tz where it applies). */
export function scheduleOf(form: WakeupForm): Pick<WakeupDraft, 'at' | 'in' | 'cron' | 'every' | 'tz'> {
  switch (form.kind) {
    case 'at':
      return { at: form.at, tz: form.tz.trim() || undefined };
    case 'in':
      return { in: form.in.trim() };
    case 'cron':
      return { cron: form.cron.trim(), tz: form.tz.trim() || undefined };
    case 'every':
      return { every: form.every.trim() };
  }
}

/** `TOOL` / `TOOL:CONSTRAINT` entries of the envelope rows (empty tool rows dropped). */
export function allowOf(grants: GrantRow[]): string[] {
  return grants
    .filter((g) => g.tool.trim())
    .map((g) => (g.constraint.trim() ? `${g.tool.trim()}:${g.constraint.trim()}` : g.tool.trim()));
}

/** The budget as numbers; throws an Error naming the field when one is not a positive number. */
export function budgetOf(form: WakeupForm): { toolCalls: number; minutes: number; tokens: number } {
  const num = (value: string, name: string, integer: boolean) => {
    const n = Number(value);
    if (!value.trim() || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n)))
      throw new Error(
        `Budget ${name} must be a ${integer ? 'whole ' : ''}number, e.g. ${name === 'minutes' ? '15' : '50'}.`,
      );
    return n;
  };
  return {
    toolCalls: num(form.budget.toolCalls, 'tool calls', true),
    minutes: num(form.budget.minutes, 'minutes', false),
    tokens: num(form.budget.tokens, 'tokens', true),
  };
}

/** A create draft from the form; throws an Error naming a bad budget field. */
export function draftOf(form: WakeupForm): WakeupDraft {
  return {
    prompt: form.prompt,
    ...(form.title.trim() ? { title: form.title.trim() } : {}),
    ...scheduleOf(form),
    session: form.session.trim() || 'new',
    misfire: form.misfire,
    ...(form.maxLateness.trim() ? { maxLateness: form.maxLateness.trim() } : {}),
    notify: form.notify,
    allow: allowOf(form.grants),
    budget: budgetOf(form),
  };
}

/** A patch from the edited form against the original: the schedule only when it changed. */
export function patchOf(form: WakeupForm, original: WakeupForm): WakeupPatch {
  const draft = draftOf(form);
  const scheduleChanged =
    JSON.stringify(scheduleOf(form)) !== JSON.stringify(scheduleOf(original)) || form.kind !== original.kind;
  const { at, in: inText, cron, every, tz, ...rest } = draft;
  return { ...rest, ...(scheduleChanged ? { at, in: inText, cron, every, tz } : {}) };
}

/** How a status reads in lists. */
export function statusLabel(status: string | undefined, started: boolean): string {
  if (!status) return started ? 'running' : 'claimed';
  return status.replace(/_/g, ' ');
}

/** Badge tone of a run status. */
export function statusTone(status: string | undefined): 'ok' | 'warn' | 'danger' | 'info' {
  if (status === 'succeeded' || status === 'quiet') return 'ok';
  if (status === 'failed' || status === 'denied' || status === 'budget_exceeded' || status === 'interrupted')
    return 'danger';
  if (status === 'missed' || status === 'skipped' || status === 'waiting_approval') return 'warn';
  return 'info';
}

/** An ISO instant in the user's zone: `Wed, 2 Dec, 08:00`. */
export function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}
