// `deskpilot config get|set|set-key|remove-key`.
import { createInterface } from 'node:readline/promises';
import { RESTART_REQUIRED_SETTINGS, restartNote } from '../../preload/contract/settings';
import type { RuntimeClient } from '../core/api/client';
import { formatSettings, RESTART_MARK } from '../core/settings/display';
import { CliError } from './connect';
import type { Io } from './run';

/**
 * Prints all settings as `key = value` lines, the ones that apply only after a restart marked (`json`: the values,
 * which secrets are set, the credential backend and `restartRequired`), or one value by dotted key.
 */
export async function configGet(client: RuntimeClient, key: string | undefined, json: boolean, io: Io): Promise<void> {
  const view = await client.invoke('settings/get', {});
  for (const warning of view.warnings) io.stderr.write(`warning: ${warning}\n`);
  if (!key) {
    if (json) {
      const all = {
        ...view.values,
        secrets: view.secrets,
        credentialBackend: view.credentialBackend,
        restartRequired: Object.keys(RESTART_REQUIRED_SETTINGS),
      };
      io.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
      return;
    }
    const keys = (Object.keys(view.secrets) as Array<keyof typeof view.secrets>).map(
      (name) => `${name} API key: ${view.secrets[name] ? 'set' : 'not set'}`,
    );
    io.stdout.write(
      `${formatSettings(view.values).join('\n')}\n\n${keys.join('\n')} (stored in the ${backendName(view.credentialBackend)})\n` +
        `\n${RESTART_MARK}: saved now, used after Deskpilot restarts. Change settings with: deskpilot config set key=value\n`,
    );
    return;
  }
  let value: unknown = view.values;
  for (const part of key.split('.'))
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  if (value === undefined) throw new CliError(`Unknown setting "${key}". See all keys with: deskpilot config get`, 2);
  io.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
}

/**
 * Sets `key=value` pairs all or nothing: every pair is validated first and one bad pair saves none (exit 2 naming
 * each bad key). Says which changes apply only after a restart.
 */
export async function configSet(client: RuntimeClient, pairs: string[], io: Io): Promise<void> {
  if (pairs.length === 0)
    throw new CliError('Give at least one key=value, e.g. deskpilot config set model=gpt-5-mini', 2);
  const values = pairs.map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new CliError(
        `"${pair}" is not key=value, e.g. deskpilot config set maxToolRounds=20. Nothing was saved.`,
        2,
      );
    return { key: pair.slice(0, eq), value: pair.slice(eq + 1) };
  });
  try {
    await client.invoke('settings/setValues', { values });
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
  for (const { key, value } of values) {
    const note = restartNote(key);
    io.stdout.write(`${key} = ${value}${note ? `  ${RESTART_MARK}: ${note}` : ''}\n`);
  }
}

/**
 * Stores an API key in the credential store. The key is read from stdin (piped) or typed at a hidden prompt; it
 * never appears in argv. An empty key is an error (exit 2) that changes nothing: removal is {@link configRemoveKey}.
 * Where the key went is said once, here, with how to use the keychain when it went to the file.
 */
export async function configSetKey(client: RuntimeClient, name: string, io: Io): Promise<void> {
  const account = keyName(name);
  const key = (
    io.stdin.isTTY ? await promptHidden(`API key for ${account} (input hidden): `, io) : await readAll(io.stdin)
  ).trim();
  if (!key)
    throw new CliError(
      `No API key was given (standard input was empty), so nothing was changed. Pipe the key, e.g. \`printenv OPENAI_API_KEY | deskpilot config set-key ${account}\`; to remove a stored key run \`deskpilot config remove-key ${account}\`.`,
      2,
    );
  const view = await client.invoke('settings/setSecret', { name: account, value: key });
  io.stdout.write(`Stored the ${account} API key in the ${backendName(view.credentialBackend)}.\n`);
  if (view.credentialWarning) io.stderr.write(`note: ${view.credentialWarning}\n`);
}

/** Removes a stored API key (`openai` or `compatible`); says so when none was stored. */
export async function configRemoveKey(client: RuntimeClient, name: string, io: Io): Promise<void> {
  const account = keyName(name);
  const before = await client.invoke('settings/get', {});
  if (!before.secrets[account]) {
    io.stdout.write(`No ${account} API key is stored; nothing to remove.\n`);
    return;
  }
  await client.invoke('settings/setSecret', { name: account, value: null });
  io.stdout.write(`Removed the ${account} API key from the ${backendName(before.credentialBackend)}.\n`);
}

function keyName(name: string): 'openai' | 'compatible' {
  if (name !== 'openai' && name !== 'compatible')
    throw new CliError(`Unknown key "${name}"; use openai or compatible.`, 2);
  return name;
}

function backendName(backend: 'keychain' | 'file'): string {
  return backend === 'keychain' ? 'OS keychain' : 'credentials file (mode 0600)';
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let data = '';
  for await (const chunk of stream) data += chunk.toString();
  return data;
}

async function promptHidden(question: string, io: Io): Promise<string> {
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
  // Cast: readline has no public hook to mask typed characters; _writeToOutput is its private write, used by every masked-prompt library.
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
  // Mask typed characters: readline echoes through _writeToOutput (Node's documented-by-practice hook for hidden input).
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) =>
    write.call(rl, s.startsWith(question) ? s : '');
  try {
    const answer = await rl.question(question);
    io.stderr.write('\n');
    return answer;
  } finally {
    rl.close();
  }
}
