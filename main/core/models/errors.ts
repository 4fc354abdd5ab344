// Turns SDK errors, HTTP failures and in-stream failures into ModelErrorInfo with messages that say what to do next.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai/error';
import { redact } from '../util/log';
import type { ModelErrorCode, ModelErrorInfo } from './types';

/** Where a failure happened, so the message can name the server and model. */
export interface ModelErrorContext {
  /** Base URL of the model server, e.g. `https://api.openai.com/v1` (shown in connection messages). */
  baseUrl: string;
  /** Model name as requested. */
  model: string;
  /** `open`: before the first streamed byte (HTTP status errors); `stream`: while reading the SSE body. */
  phase: 'open' | 'stream';
  /** Secrets (API keys, tokens) that must never appear in a message; masked if a server echoes them. */
  secrets?: string[];
}

/** Server error codes that mean "do not retry": the account or the request has to change first. */
const neverRetryCodes = new Set([
  'context_length_exceeded',
  'insufficient_quota',
  'usage_limit_reached',
  'usage_not_included',
]);

/**
 * The machine-readable `code` and `type` of an SDK error body (`{"error":{"code","type",...}}`),
 * lower-cased; empty when the error carries no body.
 */
export function errorBodyCodes(err: unknown): string[] {
  if (!(err instanceof APIError)) return [];
  const body = err.error as Record<string, unknown> | undefined;
  const found = [err.code, err.type, body?.code, body?.type].filter((v): v is string => typeof v === 'string');
  return [...new Set(found.map((v) => v.toLowerCase()))];
}

/** True when an error body names a failure that retrying cannot fix (context length, quota, usage limits). */
export function hasNeverRetryCode(err: unknown): boolean {
  return errorBodyCodes(err).some((c) => neverRetryCodes.has(c)) || looksLikeContextLength(serverMessage(err));
}

/**
 * Thrown inside the adapters when a model request waited too long. `phase` `first_byte`: no response headers
 * within `ms` (retried like a connection error); `idle`: the open stream sent nothing for `ms` (not retried).
 */
export class ModelTimeoutError extends Error {
  constructor(
    readonly phase: 'first_byte' | 'idle',
    /** The timeout that fired, in ms. */
    readonly ms: number,
  ) {
    super(
      phase === 'first_byte' ? `no response within ${formatWait(ms)}` : `the stream sent nothing for ${formatWait(ms)}`,
    );
    this.name = 'ModelTimeoutError';
  }
}

/**
 * Thrown by the retry loop instead of waiting when the provider asks (`retry-after-ms` / `retry-after`) for a wait
 * longer than the cap. `cause` is the original error (an SDK `APIError`).
 */
export class RetryAfterTooLongError extends Error {
  constructor(
    /** The wait the provider asked for, in ms. */
    readonly waitMs: number,
    /** The longest wait honoured (setting `retryAfterMaxMs`), in ms. */
    readonly capMs: number,
    cause: unknown,
  ) {
    super(`the provider asks to wait ${formatWait(waitMs)}`, { cause });
    this.name = 'RetryAfterTooLongError';
  }
}

/** A wait in words: `250 ms` under a second, `45 seconds` under two minutes, else whole minutes rounded up (`60 minutes`). */
export function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) {
    const seconds = Math.ceil(ms / 1000);
    return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  }
  return `${Math.ceil(ms / 60_000)} minutes`;
}

/** The failure of a stream that ended without `response.completed` (or a Chat Completions finish). */
export function streamCutError(model: string): ModelErrorInfo {
  return {
    code: 'stream_cut',
    message: `The stream from ${model} ended before the response completed; the partial answer was kept. Retry the turn.`,
  };
}

/** The failure reported when the caller's AbortSignal fired. */
export function abortedError(): ModelErrorInfo {
  return { code: 'aborted', message: 'The model request was cancelled.' };
}

/**
 * Classifies an in-stream failure: a Responses `response.failed` (`response.error`), an `error` event, or a
 * Chat Completions `event: error` payload. Codes: rate_limit_exceeded, context_length_exceeded,
 * insufficient_quota, usage_limit_reached/usage_not_included, anything else is `stream_failed`.
 */
export function streamFailureError(
  failure: { code?: string | null; type?: string | null; message?: string | null },
  ctx: ModelErrorContext,
): ModelErrorInfo {
  const codes = [failure.code, failure.type]
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.toLowerCase());
  const detail = clean(failure.message ?? '', ctx) || codes[0] || 'no details given';
  const special = byCode(codes, detail, ctx);
  if (special) return special;
  if (codes.includes('rate_limit_exceeded')) {
    return {
      code: 'rate_limited',
      message: `${ctx.model} stopped: rate limit reached (${detail}). Wait a moment and retry the turn.`,
    };
  }
  if (looksLikeContextLength(detail)) return contextLength(ctx, detail);
  return {
    code: 'stream_failed',
    message: `The model server failed while streaming from ${ctx.model}: ${detail}. Retry the turn; if it keeps failing, check the server's logs or pick another model.`,
  };
}

/**
 * Classifies anything the SDK or the stream threw into a {@link ModelErrorInfo}.
 * Handles the openai SDK's `APIError` subclasses (`.status`, `.headers`, `.error` body), `APIConnectionError`
 * and `APIConnectionTimeoutError`, `APIUserAbortError` / `AbortError`, SDK in-stream errors (an `APIError`
 * without status, raised for `event: error` or a payload with a top-level `error`), and plain errors
 * (a socket cut mid-stream). Never throws; never includes `ctx.secrets` in the message.
 */
export function classifyModelError(err: unknown, ctx: ModelErrorContext): ModelErrorInfo {
  if (isAbort(err)) return abortedError();
  if (err instanceof ModelTimeoutError) return timeoutError(err, ctx);
  if (err instanceof RetryAfterTooLongError) {
    const status = err.cause instanceof APIError ? err.cause.status : undefined;
    const detail = clean(serverMessage(err.cause), ctx);
    return {
      code: 'rate_limited',
      message: `${ctx.baseUrl} asks to wait ${formatWait(err.waitMs)} before the next request${status ? ` (${status}${detail ? `: ${detail}` : ''})` : ''}. That is longer than Deskpilot waits on its own (retryAfterMaxMs = ${formatWait(err.capMs)}), so the request was not retried: try again later, or raise retryAfterMaxMs in settings.`,
      ...(status ? { status } : {}),
    };
  }
  if (err instanceof APIConnectionTimeoutError) {
    return {
      code: 'connection',
      message: `Timed out waiting for ${ctx.baseUrl}. Check that the server is running and reachable, then retry.`,
    };
  }
  if (err instanceof APIConnectionError) {
    const cause = causeText(err);
    return {
      code: 'connection',
      message: `Could not reach ${ctx.baseUrl}: is the server running?${cause ? ` (${clean(cause, ctx)})` : ''} Check the base URL in settings, then retry.`,
    };
  }
  if (err instanceof APIError && err.status === undefined) {
    const body = (err.error ?? {}) as Record<string, unknown>;
    return streamFailureError(
      {
        code: err.code ?? null,
        type: err.type ?? null,
        message: typeof body.message === 'string' ? body.message : err.message,
      },
      ctx,
    );
  }
  if (err instanceof APIError && typeof err.status === 'number') return fromStatus(err, err.status, ctx);
  if (err instanceof SyntaxError) {
    return {
      code: 'stream_failed',
      message: `${ctx.baseUrl} sent malformed data while streaming ${ctx.model} (${clean(err.message, ctx)}). Retry the turn; if it repeats, the server is not OpenAI-compatible.`,
    };
  }
  const text = clean(err instanceof Error ? err.message : String(err), ctx);
  if (ctx.phase === 'stream')
    return { ...streamCutError(ctx.model), message: `${streamCutError(ctx.model).message} (${text})` };
  return { code: 'connection', message: `Could not reach ${ctx.baseUrl}: is the server running? (${text})` };
}

function timeoutError(err: ModelTimeoutError, ctx: ModelErrorContext): ModelErrorInfo {
  if (err.phase === 'first_byte') {
    return {
      code: 'timeout',
      message: `${ctx.baseUrl} did not start answering within ${formatWait(err.ms)} (modelFirstByteTimeoutMs). Check that the server is running and not overloaded, then retry; for a slow local model, raise modelFirstByteTimeoutMs in settings.`,
    };
  }
  return {
    code: 'timeout',
    message: `The stream from ${ctx.model} stalled: nothing arrived for ${formatWait(err.ms)} (modelIdleTimeoutMs), so it was stopped and the partial answer was kept. Retry the turn; for a slow local model, raise modelIdleTimeoutMs in settings.`,
  };
}

function fromStatus(err: APIError, status: number, ctx: ModelErrorContext): ModelErrorInfo {
  const detail = clean(serverMessage(err), ctx);
  const codes = errorBodyCodes(err);
  const special = byCode(codes, detail, ctx);
  if (special) return { ...special, status };
  if (looksLikeContextLength(detail)) return { ...contextLength(ctx, detail), status };
  const info = (code: ModelErrorCode, message: string): ModelErrorInfo => ({ code, message, status });
  const suffix = detail ? `: ${detail}` : '';
  switch (status) {
    case 401:
      return info(
        'auth',
        'The API key was rejected (401). Set a valid key with `deskpilot config set-key openai` or OPENAI_API_KEY.',
      );
    case 403:
      return info(
        'auth',
        `Access to ${ctx.model} was denied (403)${suffix}. Check that your key's project or plan may use this model.`,
      );
    case 404:
      return info(
        'not_found',
        `${ctx.baseUrl} has no model or endpoint for ${ctx.model} (404)${suffix}. Check the model name and the base URL.`,
      );
    case 429:
      return info(
        'rate_limited',
        `${ctx.baseUrl} is rate limiting requests (429)${suffix}. Wait a moment and retry the turn.`,
      );
    default:
      if (status >= 500 || status === 408 || status === 409) {
        return info(
          'server_error',
          `${ctx.baseUrl} failed with ${status}${suffix}. The server may be overloaded; retry the turn later.`,
        );
      }
      return info(
        'bad_request',
        `The model server rejected the request (${status})${suffix}. Check the model name and settings; this is not retried.`,
      );
  }
}

function byCode(codes: string[], detail: string, ctx: ModelErrorContext): ModelErrorInfo | undefined {
  if (codes.includes('context_length_exceeded')) return contextLength(ctx, detail);
  if (codes.includes('insufficient_quota')) {
    return {
      code: 'quota_exceeded',
      message: `The account has no quota left for ${ctx.model} (insufficient_quota). Check your plan and billing at https://platform.openai.com/settings/organization/billing, then retry.`,
    };
  }
  if (codes.includes('usage_limit_reached') || codes.includes('usage_not_included')) {
    const what = codes.includes('usage_not_included') ? 'does not include this model' : 'has reached its usage limit';
    return {
      code: 'usage_limit',
      message: `Your ChatGPT plan ${what}${detail ? ` (${detail})` : ''}. Wait until the limit resets, or switch to an API key provider in settings.`,
    };
  }
  return undefined;
}

function contextLength(ctx: ModelErrorContext, detail: string): ModelErrorInfo {
  return {
    code: 'context_length_exceeded',
    message: `The conversation is too long for ${ctx.model}'s context window${detail ? ` (${detail})` : ''}. Run /compact to summarize older messages, or start a new session.`,
  };
}

function looksLikeContextLength(text: string): boolean {
  return /context[_ ](length|window)|maximum context|too many tokens/i.test(text);
}

function serverMessage(err: unknown): string {
  if (!(err instanceof APIError)) return '';
  const body = err.error as Record<string, unknown> | undefined;
  if (typeof body?.message === 'string') return body.message;
  if (typeof body?.detail === 'string') return body.detail;
  return '';
}

function causeText(err: Error): string {
  let cur: unknown = err.cause;
  let text = '';
  for (let depth = 0; cur instanceof Error && depth < 4; depth++) {
    const code = (cur as { code?: unknown }).code;
    text = typeof code === 'string' ? code : cur.message;
    cur = cur.cause;
  }
  return text;
}

function isAbort(err: unknown): boolean {
  return err instanceof APIUserAbortError || (err instanceof Error && err.name === 'AbortError');
}

/** Masks secrets (registered, known shapes, the caller's keys, any `sk-` token) and bounds the length. */
function clean(text: string, ctx: ModelErrorContext): string {
  let out = redact(text);
  for (const secret of ctx.secrets ?? []) if (secret) out = out.split(secret).join('[redacted]');
  out = out
    .replace(/\bsk-[^\s"',]+/g, '[redacted]')
    .trim()
    .replace(/\.+$/, '');
  return out.length > 500 ? `${out.slice(0, 500)}…` : out;
}
