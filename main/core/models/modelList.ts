// Model lists of OpenAI-style servers (`GET {base}/models`) and the probe for local servers on their usual ports.
import type { LocalServer } from '../../../preload/contract/accounts';
import { arr, isObject, str } from './wire';

/** Well-known local OpenAI-compatible servers Deskpilot looks for on first run. */
export const LOCAL_SERVERS = [
  { name: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1' },
  { name: 'LM Studio', baseUrl: 'http://127.0.0.1:1234/v1' },
] as const;

/**
 * The servers to probe: {@link LOCAL_SERVERS}, or the comma-separated base URLs of `DESKPILOT_LOCAL_SERVERS` in `env`
 * (each `Name=url` or a bare url; tests point it at a fake server). Throws when an entry is not an http(s) URL.
 */
export function localServersToProbe(env: NodeJS.ProcessEnv): ReadonlyArray<{ name: string; baseUrl: string }> {
  const raw = env.DESKPILOT_LOCAL_SERVERS?.trim();
  if (!raw) return LOCAL_SERVERS;
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const eq = entry.indexOf('=');
      const name = eq > 0 && !entry.slice(0, eq).includes(':') ? entry.slice(0, eq).trim() : '';
      const baseUrl = (name ? entry.slice(eq + 1) : entry).trim().replace(/\/+$/, '');
      if (!/^https?:\/\/[^/\s]+/.test(baseUrl))
        throw new Error(
          `DESKPILOT_LOCAL_SERVERS: "${entry}" is not an http(s) URL; give comma-separated base URLs such as http://127.0.0.1:11434/v1.`,
        );
      return { name: name || new URL(baseUrl).host, baseUrl };
    });
}

/** The outcome of {@link listModels}: the model ids, or why there are none (`status` when the server answered). */
export type ModelListResult = { ok: true; models: string[] } | { ok: false; status?: number; reason: string };

/**
 * `GET {baseUrl}/models` (OpenAI list shape `{data:[{id}]}`; `{models:[{name}]}` is accepted too) with an optional
 * bearer key, within `timeoutMs` (default 5000). Never throws.
 */
export async function listModels(baseUrl: string, apiKey?: string, timeoutMs = 5000): Promise<ModelListResult> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl.replace(/\/+$/, '')}/models`, {
      headers: { accept: 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const inner = (error as { cause?: { code?: string } }).cause?.code;
    return {
      ok: false,
      reason: inner ?? ((error as Error).name === 'TimeoutError' ? 'no answer' : (error as Error).message),
    };
  }
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) return { ok: false, status: res.status, reason: `HTTP ${res.status}` };
  const list = isObject(json) ? (Array.isArray(json.data) ? json.data : arr(json.models)) : [];
  const models = list
    .filter(isObject)
    .map((m) => str(m.id) ?? str(m.name))
    .filter((id): id is string => Boolean(id));
  return { ok: true, models };
}

/**
 * Probes {@link LOCAL_SERVERS} (or `servers`) in parallel, each within `timeoutMs` (default 1500), and lists their
 * models. A server that does not answer is reported with `reachable: false`. Never throws.
 */
export async function probeLocalServers(
  servers: ReadonlyArray<{ name: string; baseUrl: string }> = LOCAL_SERVERS,
  timeoutMs = 1500,
): Promise<LocalServer[]> {
  return Promise.all(
    servers.map(async ({ name, baseUrl }) => {
      const result = await listModels(baseUrl, undefined, timeoutMs);
      return { name, baseUrl, reachable: result.ok, models: result.ok ? result.models : [] };
    }),
  );
}
