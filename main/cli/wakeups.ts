// `deskpilot wakeups add|list|show|next|cancel|pause|resume|run` and `deskpilot digest` over the wakeup/* channels.
import { Option, type Command } from 'commander';
import { describeSchedule, formatWallClock } from '../../preload/contract/describeSchedule';
import type { RunReceipt, WakeupView } from '../../preload/contract/scheduler';
import type { RuntimeClient } from '../core/api/client';
import type { WithClient } from './memory';
import type { Io } from './run';

/**
 * An ISO 8601 instant as the user's wall-clock time, `YYYY-MM-DD HH:mm` in the system time zone (the zone the CLI
 * prints once in its headers); an unparsable value is returned as is.
 */
export function localTime(iso: string): string {
  return formatWallClock(iso);
}

/** The system time zone's IANA name, e.g. `Europe/Berlin` (`UTC` where none is set). */
const systemZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';

/** One line for a receipt: scheduled time, status, reason or error, session. */
export function receiptLine(r: RunReceipt): string {
  const when = localTime(r.scheduledFor);
  const status = r.status ?? (r.startedAt ? 'running' : 'claimed');
  const detail = r.error ?? r.reason ?? (r.text ? r.text.split('\n')[0] : '');
  const count = r.count && r.count > 1 ? ` (${r.count} occurrences)` : '';
  return `${when}  ${status.padEnd(16)}${count}${detail ? ` ${detail.slice(0, 120)}` : ''}${r.sessionId ? `  [${r.sessionId}]` : ''}`;
}

function wakeupLine(w: WakeupView): string {
  const state = !w.enabled ? 'paused' : w.nextDueAt ? `next ${localTime(w.nextDueAt)}` : 'done';
  const last = w.last ? `  last: ${w.last.status}` : '';
  return `${w.id}  ${state.padEnd(22)}  ${describeSchedule(w).padEnd(28)}  ${w.title}${last}`;
}

/** Adds the `wakeups` command group and `digest` to `program`. */
export function addWakeupCommands(program: Command, withClient: WithClient, io: Io): void {
  const out = (line: string) => io.stdout.write(`${line}\n`);
  const wakeups = program.command('wakeups').description('schedule autonomous runs (wakeups) and read their receipts');
  wakeups
    .command('add')
    .description('schedule a prompt: exactly one of --at, --in, --cron, --every')
    .requiredOption('--prompt <text>', 'what the agent should do')
    .option('--at <time>', 'a local date-time, e.g. 2026-12-24T08:00')
    .option('--in <duration>', 'from now, e.g. 20m or 1h30m')
    .option('--cron <expr>', 'a 5- or 6-field cron expression, e.g. "0 8 * * 1-5"')
    .option('--every <duration>', 'an interval, e.g. 30m')
    .option('--tz <zone>', 'IANA zone for --at and --cron (default: the system zone)')
    .option('--title <title>', 'a short name')
    .option('--session <ref>', 'new (a fresh session per run), or a session id or name that keeps its history', 'new')
    .addOption(new Option('--misfire <policy>', 'missed runs: skip, once or all').choices(['skip', 'once', 'all']))
    .option('--max-lateness <duration>', 'record an occurrence later than this as missed instead of running it')
    .option('--allow <grant...>', 'TOOL or TOOL:CONSTRAINT the run may use without asking (repeatable)')
    .addOption(
      new Option('--notify <mode>', 'always, when-reporting or never').choices(['always', 'when-reporting', 'never']),
    )
    .option('--test', 'run it once now as a visible test')
    .action(async (opts) =>
      withClient(async (client) => {
        const created = await client.invoke('wakeup/create', {
          prompt: opts.prompt,
          ...(opts.at !== undefined ? { at: opts.at } : {}),
          ...(opts.in !== undefined ? { in: opts.in } : {}),
          ...(opts.cron !== undefined ? { cron: opts.cron } : {}),
          ...(opts.every !== undefined ? { every: opts.every } : {}),
          ...(opts.tz ? { tz: opts.tz } : {}),
          ...(opts.title ? { title: opts.title } : {}),
          session: opts.session,
          ...(opts.misfire ? { misfire: opts.misfire } : {}),
          ...(opts.maxLateness ? { maxLateness: opts.maxLateness } : {}),
          ...(opts.allow ? { allow: opts.allow } : {}),
          ...(opts.notify ? { notify: opts.notify } : {}),
          test: Boolean(opts.test),
        });
        out(`Created ${created.wakeup.id} "${created.wakeup.title}", ${describeSchedule(created.wakeup)}.`);
        const view = await client.invoke('wakeup/get', { wakeupId: created.wakeup.id, limit: 1 });
        if (view.wakeup.upcoming.length)
          out(`Next (${systemZone()}): ${view.wakeup.upcoming.map(localTime).join(', ')}`);
        if (created.test) {
          out(`Test run: ${receiptLine(created.test)}`);
          if (!['succeeded', 'quiet'].includes(created.test.status ?? '')) return 1;
        }
      }),
    );
  wakeups
    .command('list')
    .description('wakeups, soonest due first')
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withClient(async (client) => {
        const { wakeups: list, problem } = await client.invoke('wakeup/list', {});
        if (problem) io.stderr.write(`warning: ${problem}\n`);
        if (opts.json) return void out(JSON.stringify(list, null, 2));
        if (list.length === 0)
          return void out('No wakeups. Add one: deskpilot wakeups add --in 20m --prompt "check the build"');
        for (const w of list) out(wakeupLine(w));
      }),
    );
  wakeups
    .command('show')
    .description('a wakeup with its receipts')
    .argument('<id>', 'wakeup id')
    .option('--json', 'print JSON')
    .action(async (id: string, opts) =>
      withClient(async (client) => {
        const detail = await client.invoke('wakeup/get', { wakeupId: id, limit: 50 });
        if (opts.json) return void out(JSON.stringify(detail, null, 2));
        const w = detail.wakeup;
        out(
          `${w.id}  ${w.title}\n  ${describeSchedule(w)}; ${w.enabled ? 'enabled' : `paused${w.pausedReason ? ` (${w.pausedReason})` : ''}`}`,
        );
        out(
          `  misfire ${w.misfire.policy}${w.misfire.maxLatenessMs ? `, max lateness ${w.misfire.maxLatenessMs / 60_000}m` : ''}; notify ${w.notify}; target ${w.target.type === 'fresh' ? 'a new session per run' : w.target.name}`,
        );
        out(
          `  envelope: read-only tools${w.envelope.grants.map((g) => `, ${g.tool}${[...(g.paths ?? []), ...(g.commands ?? []), ...(g.hosts ?? [])].map((c) => `:${c}`).join('')}`).join('')}; budget ${w.envelope.budget.toolCalls} calls, ${w.envelope.budget.minutes} min, ${w.envelope.budget.tokens} tokens`,
        );
        out(`  prompt: ${w.prompt}`);
        if (w.upcoming.length) out(`  next (${systemZone()}): ${w.upcoming.map(localTime).join(', ')}`);
        for (const problem of detail.problems) io.stderr.write(`warning: ${problem}\n`);
        out(detail.receipts.length ? 'Receipts (newest first):' : 'No runs yet.');
        for (const r of detail.receipts) out(`  ${receiptLine(r)}`);
      }),
    );
  wakeups
    .command('next')
    .description('the next five times a wakeup runs')
    .argument('<id>', 'wakeup id')
    .action(async (id: string) =>
      withClient(async (client) => {
        const { wakeup } = await client.invoke('wakeup/get', { wakeupId: id, limit: 1 });
        if (!wakeup.enabled) out('(paused: these run only after `deskpilot wakeups resume`)');
        if (wakeup.upcoming.length) out(`Times in ${systemZone()}:`);
        for (const at of wakeup.upcoming) out(localTime(at));
        if (wakeup.upcoming.length === 0) out('No further runs.');
      }),
    );
  const simple = (
    name: 'cancel' | 'pause' | 'resume',
    description: string,
    run: (c: RuntimeClient, id: string) => Promise<string>,
  ) =>
    wakeups
      .command(name)
      .description(description)
      .argument('<id>', 'wakeup id')
      .action(async (id: string) => withClient(async (client) => void out(await run(client, id))));
  simple('cancel', 'delete a wakeup and its receipts', async (c, id) => {
    await c.invoke('wakeup/delete', { wakeupId: id });
    return `Deleted ${id}.`;
  });
  simple('pause', 'pause a wakeup', async (c, id) => {
    await c.invoke('wakeup/pause', { wakeupId: id });
    return `Paused ${id}.`;
  });
  simple('resume', 'resume a paused wakeup', async (c, id) => {
    const w = await c.invoke('wakeup/resume', { wakeupId: id });
    return `Resumed ${id}; next run ${w.nextDueAt ? `${localTime(w.nextDueAt)} (${systemZone()})` : 'none'}.`;
  });
  wakeups
    .command('run')
    .description('run a wakeup now with exactly its envelope, and wait for the result')
    .argument('<id>', 'wakeup id')
    .action(async (id: string) =>
      withClient(async (client) => {
        const receipt = await client.invoke('wakeup/runNow', { wakeupId: id });
        out(receiptLine(receipt));
        return ['succeeded', 'quiet'].includes(receipt.status ?? '') ? 0 : 1;
      }),
    );
  program
    .command('digest')
    .description('what autonomous runs did since you last looked')
    .option('--since <time>', 'ISO time to start from (default: when you last looked)')
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withClient(async (client) => {
        const digest = await client.invoke('wakeup/digest', { ...(opts.since ? { since: opts.since } : {}) });
        if (opts.json) return void out(JSON.stringify(digest, null, 2));
        out(digest.text || `Nothing happened since ${localTime(digest.since)} (${systemZone()}).`);
      }),
    );
}
