// Scripted turns for the fake model server: what one request gets back, plus builders for the common cases.

/** One output item of a scripted response, in output order. */
export type ScriptedOutput =
  /** Assistant text, streamed in `deltas` pieces (default 3, capped at the text length). */
  | { type: 'text'; text: string; deltas?: number }
  /**
   * A reasoning item: `summary` parts (Responses summary / Chat reasoning text), `rawContent` parts (Responses
   * `reasoning_text`, as LM Studio sends), `encryptedContent` (default a fake `gAAAA…` blob; `null` to omit).
   */
  | { type: 'reasoning'; summary?: string[]; rawContent?: string[]; encryptedContent?: string | null; deltas?: number }
  /** A function call; `callId` defaults to `call_<n>`; `arguments` is streamed in `deltas` pieces (default 2). */
  | { type: 'function_call'; name: string; arguments: string; callId?: string; deltas?: number };

/** Token counts reported at the end of a scripted response (defaults: 10 in, 0 cached, 5 out, 0 reasoning). */
export interface ScriptedUsage {
  inputTokens?: number;
  cachedTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
}

/** Deviations from OpenAI's Chat Completions stream that local servers show (wire notes §3). */
export interface ChatQuirks {
  /** Each tool call arrives whole in one chunk: id, name and complete arguments (Ollama). */
  wholeToolCall?: boolean;
  /** Tool-call fragments carry no `index` (old Ollama). */
  missingIndex?: boolean;
  /** Every fragment repeats the call's full name. */
  repeatName?: boolean;
  /** Later fragments carry `name: ""` (LM Studio). */
  emptyLaterName?: boolean;
  /** `function.arguments` is a JSON object, not a string (sent whole). */
  argumentsAsObject?: boolean;
  /** Tool calls carry no `id`. */
  omitCallId?: boolean;
  /** Overrides `finish_reason` (default `tool_calls` when there are calls, else `stop`); `null` sends none. */
  finishReason?: string | null;
  /** Field for reasoning deltas (default `reasoning_content`). */
  reasoningField?: 'reasoning' | 'reasoning_content';
  /** Sends an empty-delta chunk and a repeated tool-call header after the finish chunk. */
  chunksAfterFinish?: boolean;
  /** Leaves out the final `data: [DONE]`. */
  omitDone?: boolean;
  /** Leaves out the usage chunk even when the request asked for it. */
  omitUsage?: boolean;
}

/** An OpenAI-shaped error body's fields (`{"error":{message,type,param,code}}`). */
export interface WireError {
  message?: string;
  type?: string;
  param?: string | null;
  code?: string | null;
}

/** What the fake server does with one request. */
export type ScriptedTurn =
  /** A complete streamed response; `delayMs` waits between events; `incomplete` ends with `response.incomplete`. */
  | {
      kind: 'response';
      outputs: ScriptedOutput[];
      usage?: ScriptedUsage;
      delayMs?: number;
      incomplete?: 'max_output_tokens' | 'content_filter';
      chat?: ChatQuirks;
    }
  /** A JSON error response; `error` overrides fields of the default body for the status, `body` replaces it (string: verbatim). */
  | { kind: 'http_error'; status: number; error?: WireError; body?: unknown; headers?: Record<string, string> }
  /** Streams the first `afterEvents` SSE events of the response for `outputs`, then destroys the socket. */
  | { kind: 'cut'; outputs: ScriptedOutput[]; afterEvents: number; delayMs?: number; chat?: ChatQuirks }
  /**
   * Streams `outputs` (default none), then fails: `response.failed` (default), an `error` event, or both as the real
   * API does. Chat Completions gets a Groq-style `event: error` with `{"error":{…}}`.
   */
  | {
      kind: 'failed';
      code: string;
      message: string;
      via?: 'response.failed' | 'error' | 'both';
      outputs?: ScriptedOutput[];
      delayMs?: number;
    }
  /** Sends headers and the first event, then nothing until the client disconnects. */
  | { kind: 'hang' }
  /** Reads the request and never answers: no status line, no headers, until the client disconnects. */
  | { kind: 'hang_before_headers' }
  /**
   * Streams the response for `outputs` until `afterDeltas` text deltas were sent, then nothing more until the client
   * disconnects (a server that stalls mid-answer; the connection stays open).
   */
  | { kind: 'stall'; outputs: ScriptedOutput[]; afterDeltas: number; chat?: ChatQuirks }
  /**
   * Serves `body` verbatim (default content type `text/event-stream`): replays recorded fixtures. With `chunkBytes`,
   * writes it in pieces of that many bytes (splitting lines and UTF-8 sequences) with a tick between writes.
   */
  | { kind: 'raw'; body: string | Uint8Array; contentType?: string; status?: number; chunkBytes?: number };

/** Shorthand builders for common turns. */
export const scripted = {
  /** A plain text answer in `deltas` pieces. */
  text(text: string, opts: { deltas?: number; usage?: ScriptedUsage; delayMs?: number } = {}): ScriptedTurn {
    return {
      kind: 'response',
      outputs: [{ type: 'text', text, deltas: opts.deltas }],
      usage: opts.usage,
      delayMs: opts.delayMs,
    };
  },
  /** One response holding these function calls (object arguments are JSON-encoded). */
  toolCalls(
    ...calls: Array<{ name: string; arguments: string | Record<string, unknown>; callId?: string }>
  ): ScriptedTurn {
    return {
      kind: 'response',
      outputs: calls.map((c) => ({
        type: 'function_call' as const,
        name: c.name,
        arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
        callId: c.callId,
      })),
    };
  },
  /** An HTTP error with the default body for `status`, optionally overriding fields and adding headers. */
  httpError(status: number, opts: { error?: WireError; headers?: Record<string, string> } = {}): ScriptedTurn {
    return { kind: 'http_error', status, error: opts.error, headers: opts.headers };
  },
  /** 429 `insufficient_quota`, exactly as the API sends it. */
  insufficientQuota(): ScriptedTurn {
    return {
      kind: 'http_error',
      status: 429,
      error: {
        type: 'insufficient_quota',
        code: 'insufficient_quota',
        message:
          'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      },
    };
  },
  /** 400 `context_length_exceeded`, exactly as the API sends it. */
  contextLengthExceeded(): ScriptedTurn {
    return {
      kind: 'http_error',
      status: 400,
      error: {
        type: 'invalid_request_error',
        param: 'input',
        code: 'context_length_exceeded',
        message: 'Your input exceeds the context window of this model. Please adjust your input and try again.',
      },
    };
  },
  /** Serves recorded bytes verbatim. */
  raw(body: string | Uint8Array): ScriptedTurn {
    return { kind: 'raw', body };
  },
};
