// The one interface every model adapter implements; SDK types never leave main/core/models.
import type { FunctionCallItem, MessageItem, ReasoningItem, SessionItem, Usage } from '../../../preload/contract/items';

/** A function tool as the model sees it: `parameters` is JSON Schema (draft 2020-12 subset). */
export interface ModelToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** Reasoning effort, as the Responses API `reasoning.effort` takes it. */
export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

/** One model request: full input replayed every time (`store: false`). */
export interface ModelRequest {
  model: string;
  /** System prompt (Responses `instructions`; a leading `system` message for Chat Completions). */
  instructions: string;
  input: SessionItem[];
  tools: readonly ModelToolSpec[];
  reasoningEffort?: ReasoningEffort;
  /** Stable per session; sent as `prompt_cache_key` where supported. */
  sessionId?: string;
  signal: AbortSignal;
}

/** Machine-readable failure classes; `retryable` ones were already retried before surfacing. */
export type ModelErrorCode =
  | 'bad_request'
  | 'auth'
  | 'not_found'
  | 'rate_limited'
  | 'server_error'
  | 'connection'
  | 'context_length_exceeded'
  | 'quota_exceeded'
  | 'usage_limit'
  | 'stream_failed'
  | 'stream_cut'
  /** No response headers within the first-byte timeout (after retries), or a stream that went silent for the idle timeout. */
  | 'timeout'
  | 'aborted';

/** A failure the loop can show: `message` names what failed and what to do next. */
export interface ModelErrorInfo {
  code: ModelErrorCode;
  message: string;
  /** HTTP status when the failure came from an HTTP response. */
  status?: number;
}

/** Events an adapter yields, in stream order. Exactly one terminal event (`completed` or `error`) ends the stream. */
export type ModelStreamEvent =
  | { type: 'text_delta'; delta: string }
  | { type: 'reasoning_delta'; delta: string }
  /** A completed assistant message or reasoning item, in output order. */
  | { type: 'item_done'; item: MessageItem | ReasoningItem }
  /** A completed function call; `arguments` is the full raw JSON string. */
  | { type: 'tool_call'; item: FunctionCallItem }
  /** About to retry after a failure before the first streamed byte; `delayMs` is the wait in ms. */
  | { type: 'retrying'; attempt: number; delayMs: number; reason: string }
  | { type: 'completed'; usage: Usage; responseId?: string; incomplete?: string }
  | { type: 'error'; error: ModelErrorInfo };

/** Timeouts of one request attempt, in ms; `undefined` means no limit. */
export interface StreamTimeouts {
  /** From sending the request to the response headers (a first-byte timeout is retried like a connection error). */
  firstByteMs?: number;
  /** Longest gap between two stream events once the response started (ends the stream; not retried). */
  idleMs?: number;
}

/** How hard an adapter tries: attempts, per-attempt timeouts, and the longest `retry-after` wait it honours. */
export interface RequestLimits {
  /** Attempts to open the stream (1 = no retry); retries happen only before the first streamed byte. */
  maxAttempts: number;
  /** First-byte and idle timeouts (settings `modelFirstByteTimeoutMs`, `modelIdleTimeoutMs`); none when absent. */
  timeouts?: StreamTimeouts;
  /** Longest `retry-after` wait honoured, in ms (setting `retryAfterMaxMs`); default 60 s. */
  retryAfterMaxMs?: number;
  /**
   * Responses adapters (openai, chatgpt): add the hosted tool `{type: "web_search"}` to every request (setting
   * `web.search`, `/search on|off`). Ignored by Chat Completions. https://platform.openai.com/docs/guides/tools-web-search
   */
  webSearch?: boolean;
}

/** A model backend. `stream` never throws: failures come as a terminal `error` event. */
export interface ModelAdapter {
  readonly provider: 'openai' | 'openai-compatible' | 'chatgpt';
  stream(request: ModelRequest): AsyncIterable<ModelStreamEvent>;
}
