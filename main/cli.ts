// `deskpilot` CLI composition root (commander): run, serve, sessions, config, tools, plugins, memory.
// Start-up: only commander and import-free modules load at the top, so `deskpilot --version` and `--help` stay fast;
// each command imports what it needs when it runs (scripts/build-cli.mjs splits the bundle at every `import()`).
// test/unit/cli/builtBundle.test.ts checks what `--version` loads.
import { Command, CommanderError, Option } from 'commander';
import { PROVIDER_IDS } from '../preload/contract/providers';
import type { RuntimeClient } from './core/api/client';
import { packageVersion } from './core/util/packageRoot';
import { resolveHome } from './core/settings/home';
import { CliError } from './cli/errors';
import type { Io } from './cli/run';
import { addMemoryCommands } from './cli/memory';
import { addAccountCommands } from './cli/login';
import { addWakeupCommands } from './cli/wakeups';
import { addMcpCommands } from './cli/mcp';

/** The command modules, loaded when a command runs (never at start-up). */
const sessionsCli = () => import('./cli/sessions');
const configCli = () => import('./cli/config');

/** Process-level hooks, injectable for tests. */
export interface CliEnv {
  io: Io;
  env: NodeJS.ProcessEnv;
}

/** Warnings and errors as plain lines on stderr (DESKPILOT_LOG_LEVEL=debug shows more). */
async function cliLog(io: Io) {
  const { createLogger } = await import('./core/util/log');
  return createLogger('deskpilot', { format: 'text', sink: (line) => io.stderr.write(`${line}\n`) });
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  let data = '';
  for await (const chunk of stdin) data += chunk.toString();
  return data;
}

/** Resolves `latest` to the most recently active session's id; any other reference is passed on as is. */
async function sessionId(client: RuntimeClient, ref: string): Promise<string> {
  if (ref !== 'latest') return ref;
  const latest = (await client.invoke('session/list', {}))[0];
  if (!latest) throw new CliError('No sessions yet. Start one with: deskpilot run "hello"');
  return latest.id;
}

/**
 * Parses `argv` (without node and script) and runs the command. Resolves to the exit code:
 * 0 success, 1 the command or turn failed (message on stderr), 2 usage error.
 */
export async function main(
  argv: string[],
  { io, env }: CliEnv = {
    io: { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
    env: process.env,
  },
): Promise<number> {
  let exitCode = 0;
  const home = () => resolveHome(env);
  const withClient = async (
    fn: (client: RuntimeClient) => Promise<number | void>,
    overrides: { model?: string; provider?: 'openai' | 'openai-compatible' } = {},
  ) => {
    const [{ openClient }, { builtinPlugins }, { connectBridge }] = await Promise.all([
      import('./cli/connect'),
      import('../plugins'),
      import('./core/bridge/client'),
    ]);
    const client = await openClient(
      {
        home: home(),
        env,
        plugins: builtinPlugins,
        log: await cliLog(io),
        overrides: Object.fromEntries(Object.entries(overrides).filter(([, v]) => v)),
      },
      connectBridge,
    );
    try {
      exitCode = (await fn(client)) ?? 0;
    } finally {
      await client.close();
    }
  };

  const program = new Command('deskpilot')
    .description('Deskpilot: a desktop AI assistant. Chat, act on your machine with your consent, remember, plan.')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run deskpilot --help for usage)');

  program
    .command('run')
    .description('send one prompt and stream the answer')
    .argument('[prompt...]', 'the prompt (or use --stdin)')
    .option('--stdin', 'read the prompt from standard input')
    .option('--session <ref>', 'new, latest, or a session id', 'new')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'ndjson']).default('text'))
    .addOption(
      new Option('--approve <mode>', 'how to answer approvals (ask needs a terminal; without one it denies)')
        .choices(['ask', 'allow', 'deny'])
        .default('ask'),
    )
    .option('--model <model>', 'model for this run (not saved)')
    .addOption(new Option('--provider <provider>', 'provider for this run (not saved)').choices(PROVIDER_IDS))
    .option(
      '--attach <file>',
      'attach a file (image, text, PDF, Office document, spreadsheet, EPUB); repeat for more',
      (file: string, files: string[]) => [...files, file],
      [] as string[],
    )
    .action(async (words: string[], opts) => {
      let prompt = words.join(' ');
      if (opts.stdin || (!prompt && !io.stdin.isTTY))
        prompt = `${prompt ? `${prompt}\n\n` : ''}${await readStdin(io.stdin)}`.trim();
      if (!prompt)
        throw new CliError('Give a prompt, e.g. deskpilot run "what time is it?", or pipe one with --stdin.', 2);
      const { runPrompt, readAttachments } = await import('./cli/run');
      const attachments = await readAttachments(opts.attach as string[]);
      await withClient(
        (client) =>
          runPrompt(
            client,
            { prompt, session: opts.session, format: opts.format, approve: opts.approve, attachments },
            io,
          ),
        { model: opts.model, provider: opts.provider },
      );
    });

  program
    .command('serve')
    .description('run headless with the UI on a loopback web server (http://127.0.0.1)')
    .option(
      '--port <port>',
      "port to listen on (0 = any free port; default: this home's port from the last start)",
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`--port must be 0-65535, got "${v}"`, 2);
        return n;
      },
    )
    .option('--open', 'open the UI in the default browser')
    .action(async (opts) => {
      const [{ createRuntime }, { AlreadyRunningError }, { builtinPlugins }, { serve }, { systemOpener }] =
        await Promise.all([
          import('./core/runtime'),
          import('./core/util/lock'),
          import('../plugins'),
          import('./cli/serve'),
          import('./core/util/systemOpener'),
        ]);
      let runtime;
      try {
        runtime = await createRuntime({
          home: home(),
          env,
          plugins: builtinPlugins,
          log: await cliLog(io),
          // The serving runtime owns the home and keeps running: it fires wakeups.
          scheduler: { fire: true },
        });
      } catch (error) {
        if (error instanceof AlreadyRunningError)
          throw new CliError(
            `Deskpilot is already running (pid ${error.pid}) on ${home()}. Run \`deskpilot open\` for a login link to it, or stop it before serving. ${error.recovery}`,
          );
        throw error;
      }
      try {
        exitCode = await serve(runtime, { port: opts.port, open: Boolean(opts.open), opener: systemOpener }, io);
      } finally {
        await runtime.close();
      }
    });

  program
    .command('open')
    .description('print a fresh login link for the running Deskpilot (app or serve), or open it in the browser')
    .option('--open', 'open the link in the default browser instead of printing it')
    .action(async (opts) => {
      const [{ openLogin }, { systemOpener }, { connectBridge }] = await Promise.all([
        import('./cli/open'),
        import('./core/util/systemOpener'),
        import('./core/bridge/client'),
      ]);
      exitCode = await openLogin(home(), { open: Boolean(opts.open), opener: systemOpener }, io, connectBridge);
    });

  const sessions = program.command('sessions').description('list, show, rename, fork, export and delete sessions');
  sessions
    .command('list')
    .description('sessions, newest first')
    .option('--json', 'print JSON')
    .action(async (opts) => withClient(async (c) => (await sessionsCli()).listSessions(c, Boolean(opts.json), io)));
  sessions
    .command('show')
    .description("print a session's transcript")
    .argument('<id>', 'session id (or latest)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts) =>
      withClient(async (c) => {
        await (await sessionsCli()).showSession(c, await sessionId(c, id), Boolean(opts.json), io);
      }),
    );
  sessions
    .command('rename')
    .description('rename a session (it keeps its place in the list)')
    .argument('<id>', 'session id (or latest)')
    .argument('<title...>', 'the new title')
    .action(async (id: string, words: string[]) =>
      withClient(async (c) => (await sessionsCli()).renameSession(c, await sessionId(c, id), words.join(' '), io)),
    );
  sessions
    .command('fork')
    .description('copy a session into a new one titled "<title> (fork)"; prints the new id')
    .argument('<id>', 'session id (or latest)')
    .action(async (id: string) =>
      withClient(async (c) => (await sessionsCli()).forkSession(c, await sessionId(c, id), io)),
    );
  sessions
    .command('export')
    .description('export a session as Markdown or JSON (to stdout, or --out FILE)')
    .argument('<id>', 'session id (or latest)')
    .addOption(new Option('--format <format>', 'file format').choices(['md', 'json']).default('md'))
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (id: string, opts: { format: 'md' | 'json'; out?: string }) =>
      withClient(async (c) => (await sessionsCli()).exportSessionCommand(c, await sessionId(c, id), opts, io)),
    );
  sessions
    .command('delete')
    .description('delete a session')
    .argument('<id>', 'session id')
    .action(async (id: string) => withClient(async (c) => (await sessionsCli()).deleteSession(c, id, io)));

  const config = program.command('config').description('read and change settings');
  config
    .command('get')
    .description('print all settings (marking those that apply after a restart), or one by dotted key')
    .argument('[key]', 'e.g. model or compatible.baseUrl')
    .option('--json', 'print all settings as JSON')
    .action(async (key: string | undefined, opts) =>
      withClient(async (c) => (await configCli()).configGet(c, key, Boolean(opts.json), io)),
    );
  config
    .command('set')
    .description('set settings: key=value ... (all or nothing)')
    .argument('<pairs...>', 'e.g. model=gpt-5-mini maxToolRounds=20')
    .action(async (pairs: string[]) => withClient(async (c) => (await configCli()).configSet(c, pairs, io)));
  config
    .command('set-key')
    .description('store an API key (read from stdin or a hidden prompt; never from argv)')
    .argument('<name>', 'openai or compatible')
    .action(async (name: string) => withClient(async (c) => (await configCli()).configSetKey(c, name, io)));
  config
    .command('remove-key')
    .description('remove a stored API key')
    .argument('<name>', 'openai or compatible')
    .action(async (name: string) => withClient(async (c) => (await configCli()).configRemoveKey(c, name, io)));

  program
    .command('tools')
    .description('list the tools the model can call')
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withClient(async (c) => (await import('./cli/tools')).listTools(c, Boolean(opts.json), io)),
    );

  program
    .command('plugins')
    .description('list the plugins with their status and tools')
    .option('--json', 'print JSON')
    .action(async (opts) =>
      withClient(async (c) => (await import('./cli/plugins')).listPlugins(c, Boolean(opts.json), io)),
    );

  program
    .command('stop')
    .description('kill switch: stop the browser and desktop actions of the running Deskpilot at once')
    .action(async () => {
      const [{ stopAutomation }, { connectBridge }] = await Promise.all([
        import('./cli/stop'),
        import('./core/bridge/client'),
      ]);
      await stopAutomation(home(), connectBridge, io);
    });

  addMemoryCommands(program, withClient, io);
  addWakeupCommands(program, withClient, io);
  addMcpCommands(program, withClient, io);
  addAccountCommands(program, {
    withClient,
    io,
    opener: async (url) => (await import('./core/util/systemOpener')).systemOpener(url),
    env,
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    if (error instanceof CliError) {
      io.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    const { ClientError } = await import('./core/api/client');
    if (error instanceof ClientError) {
      io.stderr.write(`${error.message}\n`);
      return error.code === 'invalid_params' ? 2 : 1;
    }
    io.stderr.write(`deskpilot: ${(error as Error).message}\n`);
    return 1;
  }
}
