// Picks and builds the model adapter from settings, stored credentials and the environment.
import type { ChatGptAccount } from '../auth/chatgpt/account';
import { chatGptEndpoints } from '../auth/chatgpt/config';
import type { Settings } from '../settings/schema';
import { createChatCompletionsAdapter } from './chatCompletions';
import { createChatGptAdapter } from './chatgpt';
import type { ChatGptRateLimits } from './chatgptLimits';
import { createResponsesAdapter } from './responses';
import type { ModelAdapter, RequestLimits } from './types';

/** Credential account names in the credential store. */
export const SECRET_ACCOUNTS = { openai: 'openai.apiKey', compatible: 'compatible.apiKey' } as const;

/** Resolved connection details, or the reason none can be built. */
export type ModelConnection =
  | { ok: true; provider: 'openai'; apiKey: string; baseUrl?: string }
  | { ok: true; provider: 'openai-compatible'; apiKey?: string; baseUrl: string }
  /** ChatGPT sign-in: the tokens come from the credential store at request time (not signed in = an `auth` error then). */
  | { ok: true; provider: 'chatgpt'; baseUrl: string }
  | { ok: false; message: string };

/** The exact steps to configure a model, shown whenever none is configured. */
export const CONFIGURE_MODEL_HELP = [
  'No model is configured. Choose one:',
  '  • ChatGPT subscription: run `deskpilot login` (or `deskpilot login --device-code`, or `--import-codex`).',
  '  • OpenAI: run `deskpilot config set-key openai` (stores the key in the OS keychain) or set OPENAI_API_KEY;',
  '    optionally `deskpilot config set model=gpt-5-mini`.',
  '  • A local OpenAI-compatible server (Ollama, LM Studio, llama.cpp):',
  '    `deskpilot config set provider=openai-compatible compatible.baseUrl=http://127.0.0.1:11434/v1 model=qwen3`.',
].join('\n');

/**
 * Works out provider, base URL and key. Precedence: settings, then stored secret, then environment
 * (`OPENAI_API_KEY`, `OPENAI_BASE_URL`). The OpenAI provider needs a key; a compatible server does not.
 */
export function resolveConnection(
  settings: Settings,
  secrets: { openai?: string | null; compatible?: string | null },
  env: NodeJS.ProcessEnv,
): ModelConnection {
  if (settings.provider === 'chatgpt') {
    try {
      return { ok: true, provider: 'chatgpt', baseUrl: chatGptEndpoints(settings, env).baseUrl };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }
  if (settings.provider === 'openai-compatible') {
    return {
      ok: true,
      provider: 'openai-compatible',
      baseUrl: settings.compatible.baseUrl,
      ...(secrets.compatible ? { apiKey: secrets.compatible } : {}),
    };
  }
  const apiKey = secrets.openai || env.OPENAI_API_KEY;
  if (!apiKey) return { ok: false, message: CONFIGURE_MODEL_HELP };
  const baseUrl = settings.openai.baseUrl ?? env.OPENAI_BASE_URL;
  return { ok: true, provider: 'openai', apiKey, ...(baseUrl ? { baseUrl } : {}) };
}

/**
 * The adapter limits the settings ask for: `retryMaxAttempts`, `modelFirstByteTimeoutMs`, `modelIdleTimeoutMs` and
 * `retryAfterMaxMs` (all ms). A plain object, so it can be part of a cache key.
 */
export function requestLimits(
  settings: Pick<Settings, 'retryMaxAttempts' | 'modelFirstByteTimeoutMs' | 'modelIdleTimeoutMs' | 'retryAfterMaxMs'>,
): RequestLimits {
  return {
    maxAttempts: settings.retryMaxAttempts,
    timeouts: { firstByteMs: settings.modelFirstByteTimeoutMs, idleMs: settings.modelIdleTimeoutMs },
    retryAfterMaxMs: settings.retryAfterMaxMs,
  };
}

/** What some adapters need besides the connection: the ChatGPT account, and where its plan usage goes. */
export interface AdapterDeps {
  chatgpt?: ChatGptAccount;
  onChatGptRateLimits?: (limits: ChatGptRateLimits) => void;
}

/** Builds the adapter for a resolved connection; throws an Error with {@link CONFIGURE_MODEL_HELP} when not configured. */
export function createModelAdapter(
  connection: ModelConnection,
  limits: RequestLimits,
  deps: AdapterDeps = {},
): ModelAdapter {
  if (!connection.ok) throw new Error(connection.message);
  if (connection.provider === 'chatgpt') {
    if (!deps.chatgpt) throw new Error('The chatgpt provider needs the ChatGPT account (runtime wiring).');
    return createChatGptAdapter({
      account: deps.chatgpt,
      baseUrl: connection.baseUrl,
      ...limits,
      ...(deps.onChatGptRateLimits ? { onRateLimits: deps.onChatGptRateLimits } : {}),
    });
  }
  if (connection.provider === 'openai')
    return createResponsesAdapter({ apiKey: connection.apiKey, baseUrl: connection.baseUrl, ...limits });
  return createChatCompletionsAdapter({ baseUrl: connection.baseUrl, apiKey: connection.apiKey, ...limits });
}
