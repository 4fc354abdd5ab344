// Provider `chatgpt`: Responses requests to the Codex backend with a ChatGPT sign-in (wire notes §2.4–§2.6).
import { randomUUID } from 'node:crypto';
import { arch, platform, release } from 'node:os';
import type { ChatGptAccount, ChatGptBearer } from '../auth/chatgpt';
import { ChatGptAuthError } from '../auth/chatgpt/errors';
import { ORIGINATOR } from '../auth/chatgpt/config';
import { packageVersion } from '../util/packageRoot';
import {
  parseCodexRateLimits,
  usageLimitMessage,
  usageLimitPlan,
  usageLimitResetAt,
  type ChatGptRateLimits,
} from './chatgptLimits';
import { createResponsesAdapter } from './responses';
import type { ModelAdapter, ModelRequest, ModelStreamEvent, RequestLimits } from './types';
import { arr, isObject, str } from './wire';

/** Options of {@link createChatGptAdapter}. */
export interface ChatGptAdapterOptions extends RequestLimits {
  /** The signed-in account: bearer tokens and refresh. */
  account: ChatGptAccount;
  /** Codex backend base URL (chatGptEndpoints().baseUrl). */
  baseUrl: string;
  /** Receives the `x-codex-*` usage of every backend response (for the status bar). */
  onRateLimits?: (limits: ChatGptRateLimits) => void;
}

/** The ChatGPT adapter: a Responses adapter plus the last reported plan usage. */
export interface ChatGptAdapter extends ModelAdapter {
  readonly provider: 'chatgpt';
}

/**
 * Creates the `chatgpt` {@link ModelAdapter}: `POST {baseUrl}/responses` with `Authorization: Bearer`,
 * `chatgpt-account-id`, `OpenAI-Beta: responses=experimental`, `originator`, `session_id`; the body always has
 * `store: false`, `stream: true`, a string `instructions` and `include: ["reasoning.encrypted_content"]` (reasoning
 * items are replayed). A 401 refreshes the login once and retries once. A plan usage limit ends the turn with
 * `usage_limit` "limit reached, resets at HH:MM" and is never retried. `stream()` never throws.
 */
export function createChatGptAdapter(opts: ChatGptAdapterOptions): ChatGptAdapter {
  return {
    provider: 'chatgpt',
    stream: (request) => streamChatGpt(opts, request),
  };
}

async function* streamChatGpt(opts: ChatGptAdapterOptions, request: ModelRequest): AsyncGenerator<ModelStreamEvent> {
  let bearer: ChatGptBearer;
  try {
    bearer = await opts.account.bearer();
  } catch (error) {
    yield { type: 'error', error: authFailure(error) };
    return;
  }
  const state: RequestState = { bearer, sessionId: request.sessionId ?? randomUUID() };
  const inner = createResponsesAdapter({
    // The SDK requires a key; the custom fetch replaces its Authorization header with the current access token.
    apiKey: 'chatgpt-oauth',
    baseUrl: opts.baseUrl,
    provider: 'chatgpt',
    maxAttempts: opts.maxAttempts,
    timeouts: opts.timeouts,
    retryAfterMaxMs: opts.retryAfterMaxMs,
    webSearch: opts.webSearch,
    fetch: chatGptFetch(opts, state),
  });
  for await (const event of inner.stream(request)) {
    if (event.type === 'error' && state.authError) {
      yield { type: 'error', error: { code: 'auth', message: state.authError, status: 401 } };
    } else if (
      event.type === 'error' &&
      event.error.code === 'usage_limit' &&
      !/does not include/.test(event.error.message)
    ) {
      const resetAt = usageLimitResetAt(state.errorBody, state.limits);
      const plan = usageLimitPlan(state.errorBody) ?? (await opts.account.status().catch(() => null))?.planType;
      yield { type: 'error', error: { ...event.error, message: usageLimitMessage(resetAt, plan) } };
    } else {
      yield event;
    }
  }
}

/** What one stream call learned from its HTTP responses. */
interface RequestState {
  bearer: ChatGptBearer;
  sessionId: string;
  /** Last `x-codex-*` usage seen. */
  limits?: ChatGptRateLimits;
  /** Parsed JSON body of the last error response. */
  errorBody?: unknown;
  /** Set when the login could not be refreshed after a 401: the message to show instead of the HTTP error. */
  authError?: string;
}

/** The headers every Codex backend request carries (besides content type). */
export function chatGptHeaders(bearer: ChatGptBearer, sessionId?: string): Record<string, string> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${bearer.accessToken}`,
    'chatgpt-account-id': bearer.accountId,
    'openai-beta': 'responses=experimental',
    originator: ORIGINATOR,
    'user-agent': `${ORIGINATOR}/${packageVersion()} (${platform()} ${release()}; ${arch()})`,
  };
  if (sessionId) headers.session_id = sessionId;
  return headers;
}

function chatGptFetch(opts: ChatGptAdapterOptions, state: RequestState) {
  return async (url: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = typeof init.body === 'string' ? codexBody(init.body) : init.body;
    const send = () => {
      const headers = new Headers(init.headers);
      for (const [name, value] of Object.entries(chatGptHeaders(state.bearer, state.sessionId)))
        headers.set(name, value);
      headers.set('accept', 'text/event-stream');
      return fetch(url, { ...init, headers, body });
    };
    let res = await send();
    if (res.status === 401) {
      try {
        state.bearer = await opts.account.refreshAfterUnauthorized(state.bearer.accessToken);
      } catch (error) {
        state.authError = authFailure(error).message;
        return res;
      }
      await res.body?.cancel();
      res = await send();
    }
    const limits = parseCodexRateLimits(res.headers);
    if (limits) {
      state.limits = limits;
      opts.onRateLimits?.(limits);
    }
    if (res.status >= 400)
      state.errorBody = await res
        .clone()
        .json()
        .catch(() => undefined);
    return res;
  };
}

/** The Codex backend's body rules applied to a built Responses body: store false, stream true, string instructions. */
function codexBody(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  if (!isObject(body)) return text;
  body.store = false;
  body.stream = true;
  body.instructions = str(body.instructions) ?? '';
  const include = arr(body.include).filter((v): v is string => typeof v === 'string');
  if (!include.includes('reasoning.encrypted_content')) body.include = [...include, 'reasoning.encrypted_content'];
  delete body.max_output_tokens;
  return JSON.stringify(body);
}

function authFailure(error: unknown) {
  const message =
    error instanceof ChatGptAuthError
      ? error.message
      : `The ChatGPT login could not be used: ${(error as Error).message}`;
  return { code: 'auth' as const, message };
}

/** One model the Codex backend offers. */
export interface ChatGptModel {
  /** The id to send as `model`, e.g. `gpt-5.2-codex`. */
  id: string;
  displayName?: string;
  contextWindow?: number;
}

/**
 * Lists the models at `GET {baseUrl}/models?client_version=…` with the sign-in's headers; a 401 refreshes once and
 * retries once. Throws {@link ChatGptAuthError} for sign-in problems and an Error naming the status otherwise.
 */
export async function listChatGptModels(account: ChatGptAccount, baseUrl: string): Promise<ChatGptModel[]> {
  let bearer = await account.bearer();
  const url = `${baseUrl}/models?client_version=${encodeURIComponent(packageVersion())}`;
  const get = () =>
    fetch(url, {
      headers: { ...chatGptHeaders(bearer), accept: 'application/json' },
      signal: AbortSignal.timeout(30_000),
    });
  let res: Response;
  try {
    res = await get();
    if (res.status === 401) {
      await res.body?.cancel();
      bearer = await account.refreshAfterUnauthorized(bearer.accessToken);
      res = await get();
    }
  } catch (error) {
    if (error instanceof ChatGptAuthError) throw error;
    throw new Error(
      `Cannot reach the ChatGPT backend at ${baseUrl} (${(error as Error).message}). Check the network connection.`,
      {
        cause: error,
      },
    );
  }
  if (!res.ok) {
    throw new Error(
      `The ChatGPT backend answered ${res.status} for ${baseUrl}/models. Try again later, or sign in again.`,
    );
  }
  const json: unknown = await res.json().catch(() => undefined);
  const models = isObject(json) ? arr(json.models) : [];
  return models.filter(isObject).flatMap((m) => {
    const id = str(m.slug) ?? str(m.id);
    if (!id) return [];
    const model: ChatGptModel = { id };
    const displayName = str(m.display_name);
    if (displayName) model.displayName = displayName;
    if (typeof m.context_window === 'number') model.contextWindow = m.context_window;
    return [model];
  });
}
