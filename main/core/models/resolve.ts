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

/**
 * The exact steps to configure a model, shown whenever none is configured: the same four choices as the UI's
 * onboarding card (renderer/features/accounts/OnboardingCard.tsx), each with its command.
 */
export const CONFIGURE_MODEL_HELP = [
  'No model is configured. Choose one:',
  '  • Sign in with ChatGPT: `deskpilot login` (browser), or `deskpilot login --device-code` (a code to enter on any',
  "    device). This is the same sign-in as the Codex CLI, against the ChatGPT backend: your plan's usage limits apply.",
  '  • Import the Codex CLI login: `deskpilot login --import-codex` (reads ~/.codex/auth.json, read-only).',
  '  • Paste an OpenAI API key: `deskpilot login --api-key` (or `deskpilot config set-key openai`, or set',
  '    OPENAI_API_KEY); `deskpilot auth test` checks it.',
  '  • Use a local server (Ollama, LM Studio, llama.cpp): `deskpilot auth local` lists the servers found and their',
  '    models; `deskpilot auth use openai-compatible <model> [--base-url URL]` picks one.',
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
  settings: Pick<
    Settings,
    'retryMaxAttempts' | 'modelFirstByteTimeoutMs' | 'modelIdleTimeoutMs' | 'retryAfterMaxMs'
  > & {
    web?: Pick<Settings['web'], 'search'>;
  },
): RequestLimits {
  return {
    webSearch: settings.web?.search ?? false,
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
