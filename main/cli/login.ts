// `deskpilot login | logout | auth status | auth test | auth local | auth use`: accounts and providers from the terminal.
import { Option, type Command } from 'commander';
import type { AccountsStatus } from '../../preload/contract/accounts';
import { PROVIDER_IDS } from '../../preload/contract/providers';
import type { Provider } from '../../preload/contract/settings';
import type { RuntimeClient } from '../core/api/client';
import { CliError } from './errors';
import type { WithClient } from './memory';
import type { Io } from './run';

/** What the account commands need from the CLI root. */
export interface AccountCommandDeps {
  withClient: WithClient;
  io: Io;
  /** Opens the authorize URL in the default browser (failures only print the URL). */
  opener: (url: string) => Promise<void>;
  env: NodeJS.ProcessEnv;
}

/** The sentence every ChatGPT sign-in prints first (issue 12: say plainly what this is). */
export const CHATGPT_SIGN_IN_NOTE =
  'This uses the same sign-in as the Codex CLI, against the ChatGPT backend: your ChatGPT plan and its usage limits apply. ' +
  'Alternatives: an OpenAI API key (deskpilot login --api-key) or a local server (deskpilot auth local).';

/** Registers `login`, `logout` and `auth …` on `program`. */
export function addAccountCommands(program: Command, deps: AccountCommandDeps): void {
  const { withClient, io } = deps;
  program
    .command('login')
    .description('sign in with ChatGPT (browser or device code), import a Codex CLI login, or store an API key')
    .option('--device-code', 'sign in with a code shown here, on any device (no local browser needed)')
    .option('--api-key', 'store an OpenAI API key (read from stdin or a hidden prompt, never from the command line)')
    .option('--import-codex', 'reuse the Codex CLI login in $CODEX_HOME/auth.json or ~/.codex/auth.json (read-only)')
    .action(async (opts: { deviceCode?: boolean; apiKey?: boolean; importCodex?: boolean }) => {
      const chosen = [opts.deviceCode, opts.apiKey, opts.importCodex].filter(Boolean).length;
      if (chosen > 1) throw new CliError('Choose one of --device-code, --api-key and --import-codex.', 2);
      await withClient(async (client) => {
        if (opts.apiKey) return loginApiKey(client, io);
        if (opts.importCodex) return importCodex(client, io);
        return loginChatGpt(client, opts.deviceCode ? 'device-code' : 'browser', deps);
      });
    });

  program
    .command('logout')
    .description('sign out of ChatGPT (revoking the tokens) or remove an API key')
    .addOption(
      new Option('--provider <provider>', 'which account (default: the active provider)').choices([...PROVIDER_IDS]),
    )
    .action(async (opts: { provider?: Provider }) =>
      withClient(async (client) => {
        const before = await client.invoke('accounts/status', {});
        const provider = opts.provider ?? before.provider;
        await client.invoke('accounts/logout', { provider });
        io.stdout.write(
          provider === 'chatgpt'
            ? before.chatgpt.signedIn
              ? 'Signed out of ChatGPT; the tokens were deleted from the credential store.\n'
              : 'Not signed in with ChatGPT; nothing to do.\n'
            : `Removed the ${provider} API key.\n`,
        );
      }),
    );

  const auth = program.command('auth').description('accounts and providers: status, test, local servers, switch');
  auth
    .command('status')
    .description('provider, account, plan and where the secret is stored (never the secret)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) =>
      withClient(async (client) => {
        const status = await client.invoke('accounts/status', {});
        if (opts.json) io.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        else io.stdout.write(formatStatus(status));
        if (status.credentialWarning) io.stderr.write(`warning: ${status.credentialWarning}\n`);
      }),
    );
  auth
    .command('test')
    .description('check a provider with a cheap authenticated call (its model list)')
    .addOption(new Option('--provider <provider>', 'default: the active provider').choices([...PROVIDER_IDS]))
    .action(async (opts: { provider?: Provider }) =>
      withClient(async (client) => {
        const provider = opts.provider ?? (await client.invoke('accounts/status', {})).provider;
        const result = await client.invoke('accounts/test', { provider });
        io.stdout.write(`${result.ok ? 'OK' : 'FAILED'} ${provider}: ${result.verdict}\n`);
        for (const model of result.models.slice(0, 50)) io.stdout.write(`  ${model}\n`);
        return result.ok ? 0 : 1;
      }),
    );
  auth
    .command('local')
    .description('look for Ollama (127.0.0.1:11434) and LM Studio (127.0.0.1:1234) and list their models')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) =>
      withClient(async (client) => {
        const servers = await client.invoke('accounts/probeLocal', {});
        if (opts.json) return void io.stdout.write(`${JSON.stringify(servers, null, 2)}\n`);
        for (const server of servers) {
          if (!server.reachable) {
            io.stdout.write(`${server.name}: not running at ${server.baseUrl}\n`);
            continue;
          }
          io.stdout.write(`${server.name} at ${server.baseUrl}: ${server.models.length} models\n`);
          for (const model of server.models)
            io.stdout.write(
              `  ${model}   deskpilot auth use openai-compatible ${model} --base-url ${server.baseUrl}\n`,
            );
        }
      }),
    );
  auth
    .command('use')
    .description('make a provider and model active for the next turn')
    .addArgument(program.createArgument('<provider>', 'provider').choices([...PROVIDER_IDS]))
    .argument('<model>', 'model id, e.g. gpt-5.2-codex or qwen3')
    .option('--base-url <url>', 'the local server base URL (provider openai-compatible)')
    .action(async (provider: Provider, model: string, opts: { baseUrl?: string }) =>
      withClient(async (client) => {
        const status = await client.invoke('accounts/use', {
          provider,
          model,
          ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
        });
        io.stdout.write(
          `Active: ${status.provider} / ${status.model}${status.ready ? '' : ' (not ready: see deskpilot auth status)'}\n`,
        );
      }),
    );
}

async function loginChatGpt(
  client: RuntimeClient,
  flow: 'browser' | 'device-code',
  deps: AccountCommandDeps,
): Promise<number> {
  const { io } = deps;
  io.stderr.write(`${CHATGPT_SIGN_IN_NOTE}\n\n`);
  const start = await client.invoke('accounts/chatgptStart', { flow });
  if (start.flow === 'browser') {
    io.stdout.write(
      `Open this address to sign in (opening your browser):\n\n  ${start.authorizeUrl}\n\nWaiting for the browser…\n`,
    );
    if (!deps.env.DESKPILOT_NO_BROWSER) {
      await deps
        .opener(start.authorizeUrl)
        .catch(() => io.stderr.write('Could not open a browser: open the address above.\n'));
    }
  } else {
    io.stdout.write(
      `On any device, open\n\n  ${start.verificationUrl}\n\nand enter the code\n\n  ${start.userCode}\n\n` +
        `The code expires at ${new Date(start.expiresAt).toLocaleTimeString()}. Waiting for approval…\n`,
    );
  }
  const status = await client.invoke('accounts/chatgptWait', {});
  io.stdout.write(`Signed in with ChatGPT${describeAccount(status)}. Active: chatgpt / ${status.model}.\n`);
  return 0;
}

async function importCodex(client: RuntimeClient, io: Io): Promise<number> {
  const status = await client.invoke('accounts/importCodex', {});
  io.stdout.write(
    `Imported the Codex CLI login from ${status.chatgpt.source?.replace(/^Codex CLI \((.*)\)$/, '$1') ?? 'the Codex CLI'} (the file was only read)` +
      `${describeAccount(status)}. Active: chatgpt / ${status.model}.\n` +
      'Note: the login shares its refresh token with the Codex CLI; if either refreshes, the other may need to sign in again.\n',
  );
  return 0;
}

async function loginApiKey(client: RuntimeClient, io: Io): Promise<number> {
  await (await import('./config')).configSetKey(client, 'openai', io);
  const status = await client.invoke('accounts/status', {});
  if (!status.openai.configured) throw new CliError('No key was given; nothing was stored.', 2);
  const active = await client.invoke('accounts/use', {
    provider: 'openai',
    model: status.provider === 'openai' ? status.model : 'gpt-5-mini',
  });
  const test = await client.invoke('accounts/test', { provider: 'openai' });
  io.stdout.write(`Active: openai / ${active.model}. Key check: ${test.verdict}\n`);
  return test.ok ? 0 : 1;
}

function describeAccount(status: AccountsStatus): string {
  const who = status.chatgpt.email ?? status.chatgpt.accountId;
  const plan = status.chatgpt.planType ? `, ${status.chatgpt.planType} plan` : '';
  return who ? ` as ${who}${plan}` : '';
}

/** The human-readable `auth status`. */
export function formatStatus(status: AccountsStatus): string {
  const where = status.credentialBackend === 'keychain' ? 'OS keychain' : 'credentials file (mode 0600)';
  const lines = [
    `Active provider: ${status.provider} / ${status.model}${status.ready ? '' : ' (not ready)'}`,
    status.chatgpt.signedIn
      ? `ChatGPT: signed in${describeAccount(status)} (via ${status.chatgpt.source ?? 'sign-in'}); tokens in the ${where}`
      : 'ChatGPT: not signed in (deskpilot login)',
    status.openai.configured
      ? `OpenAI API key: set (…${status.openai.last4 ?? '????'}) in the ${where}`
      : 'OpenAI API key: not set (deskpilot login --api-key)',
    `Local server: ${status.compatible.baseUrl}`,
  ];
  if (status.codexLoginPath && !status.chatgpt.signedIn)
    lines.push(`A Codex CLI login exists at ${status.codexLoginPath}: deskpilot login --import-codex`);
  return `${lines.join('\n')}\n`;
}
