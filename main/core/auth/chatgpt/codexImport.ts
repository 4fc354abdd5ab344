// Reads a Codex CLI login from $CODEX_HOME/auth.json or ~/.codex/auth.json, read-only (wire notes §2.7).
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isObject, str } from '../../models/wire';
import { ChatGptAuthError } from './errors';
import { toTokenSet, type ChatGptTokens } from './tokens';

/** Path of the Codex CLI's auth.json: `$CODEX_HOME/auth.json`, else `~/.codex/auth.json`. */
export function codexAuthPath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.CODEX_HOME || join(env.HOME || homedir(), '.codex');
  return join(home, 'auth.json');
}

/**
 * Whether a Codex CLI ChatGPT login exists at {@link codexAuthPath} (it is read, never written). Resolves the path when
 * the file holds ChatGPT tokens, else null. Never throws.
 */
export async function findCodexLogin(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  try {
    await readCodexLogin(env);
    return codexAuthPath(env);
  } catch {
    return null;
  }
}

/**
 * Reads the Codex CLI login as a Deskpilot token set with source `codex-cli` (the file is opened read-only and never
 * changed). Treats the file as a ChatGPT login when it has `tokens` and `auth_mode` is not `apikey`; falls back to
 * the id token's claim when `account_id` is null. Throws {@link ChatGptAuthError} `codex_import` saying what is wrong.
 */
export async function readCodexLogin(env: NodeJS.ProcessEnv = process.env, now = Date.now()): Promise<ChatGptTokens> {
  const path = codexAuthPath(env);
  let text: string;
  try {
    text = await readFile(path, { encoding: 'utf8', flag: 'r' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ChatGptAuthError(
      'codex_import',
      code === 'ENOENT'
        ? `No Codex CLI login found at ${path}. Run \`codex login\` first (or set CODEX_HOME), or sign in with \`deskpilot login\`.`
        : `Cannot read the Codex CLI login at ${path} (${code ?? (error as Error).message}). Check its permissions, or sign in with \`deskpilot login\`.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ChatGptAuthError(
      'codex_import',
      `${path} is not valid JSON. Run \`codex login\` again, or sign in with \`deskpilot login\`.`,
    );
  }
  const file = isObject(json) ? json : {};
  const tokens = isObject(file.tokens) ? file.tokens : undefined;
  if (file.auth_mode === 'apikey' || !tokens) {
    throw new ChatGptAuthError(
      'codex_import',
      `${path} holds an API-key login, not a ChatGPT sign-in. Use \`deskpilot login --api-key\` with that key, or \`deskpilot login\`.`,
    );
  }
  try {
    const set = toTokenSet(
      {
        id_token: str(tokens.id_token),
        access_token: str(tokens.access_token),
        refresh_token: str(tokens.refresh_token),
      },
      { kind: 'codex-cli', path },
      now,
    );
    const accountId = str(tokens.account_id);
    return accountId ? { ...set, accountId } : set;
  } catch (error) {
    throw new ChatGptAuthError(
      'codex_import',
      `${path} does not hold a complete ChatGPT login (${(error as Error).message}) Run \`codex login\` again, or use \`deskpilot login\`.`,
    );
  }
}
