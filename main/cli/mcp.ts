// `deskpilot mcp list|add|remove|enable|disable|restart|import|tools|allow` over the mcp/* channels (issue 14).
import type { Command } from 'commander';
import type { McpImportPreview, McpImportSource, McpServerView } from '../../preload/contract/mcp';
import type { RuntimeClient } from '../core/api/client';
import { CliError } from './errors';
import type { WithClient } from './memory';
import type { Io } from './run';

/** One server as a list line, then its reason, problems and stderr tail indented (what `mcp list` prints). */
export function serverLines(view: McpServerView): string[] {
  const s = view.status;
  const state = s.state === 'ready' ? `ready, ${s.tools} tool${s.tools === 1 ? '' : 's'}` : s.state;
  const lines = [`${view.name}  ${state}  ${s.transport}  ${view.target}`];
  if (s.reason) lines.push(`  ${s.reason}`);
  for (const problem of s.problems) lines.push(`  ${problem}`);
  if (s.state === 'failed' && s.stderrTail.length > 0) {
    lines.push('  stderr:');
    for (const line of s.stderrTail.slice(-10)) lines.push(`    ${line}`);
  }
  if (view.secretKeys.length > 0) lines.push(`  in the credential store: ${view.secretKeys.join(', ')}`);
  return lines;
}

/** `K=V` pairs (repeatable options) as a record; throws a usage error naming a pair without `=`. */
export function pairs(values: string[] | undefined, option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of values ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`${option} takes KEY=VALUE, got "${pair}".`, 2);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** The import source of `--from`: claude, codex, `-` (JSON on stdin) or a file path. */
async function importSource(from: string, io: Io): Promise<McpImportSource> {
  if (from === 'claude' || from === 'codex') return { from };
  if (from === '-') {
    let text = '';
    for await (const chunk of io.stdin) text += chunk.toString();
    return { json: text };
  }
  return { file: from };
}

function previewLines(preview: McpImportPreview): string[] {
  const lines = [`From ${preview.path}:`];
  for (const s of preview.servers) {
    const note = s.problem ? `  skipped: ${s.problem}` : s.exists ? '  skipped: exists already' : '';
    lines.push(`  ${s.name}  ${s.target}${note}`);
    if (s.secretKeys.length > 0 && !s.problem && !s.exists)
      lines.push(`    to the credential store: ${s.secretKeys.join(', ')}`);
  }
  if (preview.servers.length === 0) lines.push('  (no MCP servers)');
  return lines;
}

async function printServer(client: RuntimeClient, name: string, out: (line: string) => void): Promise<void> {
  const view = (await client.invoke('mcp/list', { settle: true })).find((v) => v.name === name);
  if (view) for (const line of serverLines(view)) out(line);
}

/** Adds the `mcp` command group to `program`. */
export function addMcpCommands(program: Command, withClient: WithClient, io: Io): void {
  const out = (line: string) => io.stdout.write(`${line}\n`);
  const mcp = program.command('mcp').description('MCP servers: tools from other programs (Model Context Protocol)');

  mcp
    .command('list')
    .description('list the MCP servers with their status (failures with the reason and stderr tail)')
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withClient(async (client) => {
        const views = await client.invoke('mcp/list', { settle: true });
        if (opts.json) return void out(JSON.stringify(views, null, 2));
        if (views.length === 0)
          return void out('No MCP servers. Add one: deskpilot mcp add <name> -- <command> [args...]');
        for (const view of views) for (const line of serverLines(view)) out(line);
      }),
    );

  mcp
    .command('add')
    .description('add a server: deskpilot mcp add <name> -- <command> [args...]  or  --url URL [--header K=V]')
    .argument('<name>', 'server name (letters, digits, _ and -); its tools are named <name>__<tool>')
    .argument('[command...]', 'the stdio command and its arguments, after --')
    .option('--url <url>', 'a Streamable HTTP (or legacy SSE) server URL')
    .option('--header <K=V...>', 'an HTTP header (repeatable; values go to the credential store)')
    .option(
      '--env <K=V...>',
      'an environment variable (repeatable; keys, tokens and passwords go to the credential store)',
    )
    .option('--cwd <dir>', 'working directory of the command')
    .option('--start-timeout <ms>', 'time to start and answer initialize', (v) => positive(v, '--start-timeout'))
    .option('--tool-timeout <ms>', 'time one tool call may take', (v) => positive(v, '--tool-timeout'))
    .option('--disabled', 'add it switched off')
    .option('--replace', 'replace a server of the same name')
    .action(async (name: string, command: string[], opts) => {
      if (Boolean(opts.url) === command.length > 0)
        throw new CliError(
          'Give either a command after -- or --url, e.g. deskpilot mcp add files -- npx -y @modelcontextprotocol/server-filesystem ~/Documents',
          2,
        );
      const server = {
        ...(opts.url ? { url: opts.url as string } : { command: command[0], args: command.slice(1) }),
        headers: pairs(opts.header, '--header'),
        env: pairs(opts.env, '--env'),
        ...(opts.cwd ? { cwd: opts.cwd as string } : {}),
        ...(opts.startTimeout ? { startTimeoutMs: opts.startTimeout as number } : {}),
        ...(opts.toolTimeout ? { toolTimeoutMs: opts.toolTimeout as number } : {}),
        enabled: !opts.disabled,
      };
      await withClient(async (client) => {
        const view = await client.invoke('mcp/add', { name, server, replace: Boolean(opts.replace) });
        out(`Added MCP server ${view.name}.`);
        await printServer(client, name, out);
      });
    });

  mcp
    .command('remove')
    .description('remove a server, its stored secrets and its tools')
    .argument('<name>')
    .action(async (name: string) =>
      withClient(async (client) => {
        const { removed } = await client.invoke('mcp/remove', { name });
        if (!removed) throw new CliError(`No MCP server named "${name}"; see deskpilot mcp list.`);
        out(`Removed MCP server ${name}.`);
      }),
    );

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    mcp
      .command(verb)
      .description(enabled ? 'switch a server on (starts it again after a failure)' : 'switch a server off')
      .argument('<name>')
      .action(async (name: string) =>
        withClient(async (client) => {
          await client.invoke('mcp/setEnabled', { name, enabled });
          await printServer(client, name, out);
        }),
      );
  }

  mcp
    .command('import')
    .description('add servers from Claude Desktop, Codex or a config file (shows them first; --yes adds them)')
    .option('--from <source>', 'claude, codex, a file path, or - for JSON on stdin', 'claude')
    .option('--only <names...>', 'import only these servers')
    .option('--yes', 'add them without asking')
    .action(async (opts) => {
      const source = await importSource(opts.from as string, io);
      await withClient(async (client) => {
        const preview = await client.invoke('mcp/importPreview', source);
        for (const line of previewLines(preview)) out(line);
        const only = opts.only as string[] | undefined;
        const names = preview.servers
          .filter((s) => !s.problem && !s.exists && (!only || only.includes(s.name)))
          .map((s) => s.name);
        if (names.length === 0) return void out('Nothing to add.');
        if (!opts.yes) return void out(`Run again with --yes to add ${names.join(', ')}.`);
        const applied = await client.invoke('mcp/importApply', { source, names });
        out(`Added ${applied.added.join(', ') || 'nothing'}.`);
        for (const s of applied.skipped) out(`Skipped ${s.name}: ${s.why}.`);
      });
    });

  mcp
    .command('tools')
    .description("list a server's tools with their risk")
    .argument('<name>')
    .option('--json', 'print JSON')
    .action(async (name: string, opts) =>
      withClient(async (client) => {
        const tools = await client.invoke('mcp/tools', { name });
        if (opts.json) return void out(JSON.stringify(tools, null, 2));
        if (tools.length === 0) {
          await printServer(client, name, out);
          return void out(`No tools: the server is not ready.`);
        }
        const width = Math.max(...tools.map((t) => t.name.length));
        for (const t of tools)
          out(`${t.name.padEnd(width)}  ${t.risk.padEnd(11)}  ${t.description.split('\n')[0].slice(0, 100)}`);
      }),
    );

  mcp
    .command('allow')
    .description('always allow every tool of a server (rule <name>__*) or one tool (--tool); revoke in Settings')
    .argument('<name>')
    .option('--tool <tool>', 'the exposed tool name, e.g. github__create_issue')
    .action(async (name: string, opts) =>
      withClient(async (client) => {
        const rule = await client.invoke('mcp/allow', { name, ...(opts.tool ? { tool: opts.tool as string } : {}) });
        out(`Saved rule ${rule.id}: always allow ${rule.tool} (every call).`);
      }),
    );
}

function positive(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new CliError(`${option} takes a positive number of milliseconds, got "${value}".`, 2);
  return n;
}
