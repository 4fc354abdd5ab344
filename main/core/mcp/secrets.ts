// Secret env and header values of MCP servers: which values are secret, moving them to the credential store, resolving.
import type { McpServerConfig, McpServerInput, McpValue } from '../../../preload/contract/mcp';
import type { CredentialStore } from '../auth/credentials';
import { registerSecret } from '../util/log';

/** Env names whose values are treated as secrets (API keys, tokens, passwords). */
const SECRET_ENV = /(key|token|secret|passw|pwd|auth|credential|cookie|session|private)/i;

/** True when a value of env var `name` is a secret; every header value is one (they carry tokens and keys). */
export function isSecretValue(kind: 'env' | 'headers', name: string): boolean {
  return kind === 'headers' || SECRET_ENV.test(name);
}

/** The credential-store account of one secret value: `mcp.<server>.<env|headers>.<name>` (invalid characters -> `_`). */
export function secretAccount(server: string, kind: 'env' | 'headers', name: string): string {
  return `mcp.${server}.${kind}.${name}`.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 128);
}

/** The names (`env:KEY`, `header:Name`) of values a config keeps in the credential store. */
export function secretKeys(config: Pick<McpServerConfig, 'env' | 'headers'>): string[] {
  const keys: string[] = [];
  for (const [k, v] of Object.entries(config.env)) if (typeof v !== 'string') keys.push(`env:${k}`);
  for (const [k, v] of Object.entries(config.headers)) if (typeof v !== 'string') keys.push(`header:${k}`);
  return keys;
}

/**
 * Turns user input into the settings form: secret values ({@link isSecretValue}) are written to `credentials` and
 * replaced by references; the rest stay plain. Throws when the credential store refuses a write.
 */
export async function storeSecrets(
  server: string,
  input: McpServerInput,
  credentials: CredentialStore,
): Promise<{ env: Record<string, McpValue>; headers: Record<string, McpValue> }> {
  const out = { env: {} as Record<string, McpValue>, headers: {} as Record<string, McpValue> };
  for (const kind of ['env', 'headers'] as const) {
    for (const [name, value] of Object.entries(input[kind])) {
      if (!isSecretValue(kind, name) || value === '') {
        out[kind][name] = value;
        continue;
      }
      const account = secretAccount(server, kind, name);
      await credentials.set(account, value);
      registerSecret(value);
      out[kind][name] = { secret: account };
    }
  }
  return out;
}

/** Deletes the credential-store entries a config refers to (when a server is removed or replaced). Never throws. */
export async function deleteSecrets(config: McpServerConfig, credentials: CredentialStore): Promise<void> {
  for (const value of [...Object.values(config.env), ...Object.values(config.headers)]) {
    if (typeof value !== 'string') await credentials.delete(value.secret).catch(() => false);
  }
}

/**
 * The plain values of a record of {@link McpValue}s, secrets read from `credentials` (and registered for log
 * redaction). Throws an Error naming the missing secret and the next step when one is gone.
 */
export async function resolveValues(
  server: string,
  values: Record<string, McpValue>,
  credentials: CredentialStore,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string') {
      out[name] = value;
      continue;
    }
    const secret = await credentials.get(value.secret);
    if (secret === null) {
      throw new Error(
        `The secret value of "${name}" (credential "${value.secret}") is missing from the credential store; add the server again with \`deskpilot mcp add ${server} ...\`.`,
      );
    }
    registerSecret(secret);
    out[name] = secret;
  }
  return out;
}
