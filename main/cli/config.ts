// `deskpilot config get|set|set-key`.
import { createInterface } from 'node:readline/promises';
import type { RuntimeClient } from '../core/api/client';
import { CliError } from './connect';
import type { Io } from './run';

/** Prints all settings as JSON, or one value by dotted key. */
export async function configGet(client: RuntimeClient, key: string | undefined, io: Io): Promise<void> {
  const view = await client.invoke('settings/get', {});
  for (const warning of view.warnings) io.stderr.write(`warning: ${warning}\n`);
  if (!key) {
    io.stdout.write(
      `${JSON.stringify({ ...view.values, secrets: view.secrets, credentialBackend: view.credentialBackend }, null, 2)}\n`,
    );
    return;
  }
  let value: unknown = view.values;
  for (const part of key.split('.'))
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  if (value === undefined) throw new CliError(`Unknown setting "${key}". See all keys with: deskpilot config get`, 2);
  io.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
}

/** Applies `key=value` pairs in order; a bad pair is a usage error (exit 2) naming the key. */
export async function configSet(client: RuntimeClient, pairs: string[], io: Io): Promise<void> {
  if (pairs.length === 0)
    throw new CliError('Give at least one key=value, e.g. deskpilot config set model=gpt-5-mini', 2);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`"${pair}" is not key=value, e.g. deskpilot config set maxToolRounds=20`, 2);
    try {
      await client.invoke('settings/setValue', { key: pair.slice(0, eq), value: pair.slice(eq + 1) });
    } catch (error) {
      throw new CliError((error as Error).message, 2);
    }
    io.stdout.write(`${pair.slice(0, eq)} = ${pair.slice(eq + 1)}\n`);
  }
}

/**
 * Stores an API key in the credential store. The key is read from stdin (piped) or typed at a hidden
 * prompt; it never appears in argv. An empty key removes the stored one.
 */
export async function configSetKey(client: RuntimeClient, name: string, io: Io): Promise<void> {
  if (name !== 'openai' && name !== 'compatible')
    throw new CliError(`Unknown key "${name}"; use openai or compatible.`, 2);
  const key = io.stdin.isTTY
    ? await promptHidden(`API key for ${name} (input hidden; empty removes it): `, io)
    : await readAll(io.stdin);
  const view = await client.invoke('settings/setSecret', { name, value: key.trim() || null });
  if (view.credentialWarning) io.stderr.write(`warning: ${view.credentialWarning}\n`);
  io.stdout.write(
    key.trim()
      ? `Stored the ${name} API key in the ${view.credentialBackend === 'keychain' ? 'OS keychain' : 'credentials file (mode 0600)'}.\n`
      : `Removed the ${name} API key.\n`,
  );
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
