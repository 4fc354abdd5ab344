// OpenAI Responses API adapter: builds the stateless streaming request and maps its SSE events to ModelStreamEvents.
// Wire format: https://platform.openai.com/docs/api-reference/responses-streaming (see shared/reference/openai-wire-protocol.md §1).
import type OpenAI from 'openai';
import { createOpenAIClient } from './sdk';
import { isObject, obj, arr, str, num, type Wire } from './wire';
import type { ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import type { FunctionCallItem, MessageItem, ReasoningItem, SessionItem, Usage } from '../../../preload/contract/items';
import { abortedError, classifyModelError, streamCutError, streamFailureError, type ModelErrorContext } from './errors';
import { openWithRetries } from './retry';
import { openTimed } from './timeouts';
import type { ModelAdapter, ModelRequest, ModelStreamEvent, RequestLimits } from './types';

/** Options of {@link createResponsesAdapter}. */
export interface ResponsesAdapterOptions extends RequestLimits {
  apiKey: string;
  /** Default `https://api.openai.com/v1`; LM Studio / Ollama serve the same API at e.g. `http://localhost:1234/v1`. */
  baseUrl?: string;
  organization?: string;
  defaultHeaders?: Record<string, string>;
  /** Replaces the global fetch for every request (the ChatGPT adapter sets its OAuth headers and 401 refresh here). */
  fetch?: (url: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Reported as `ModelAdapter.provider`; default `openai`. */
  provider?: ModelAdapter['provider'];
}

const defaultBaseUrl = 'https://api.openai.com/v1';

/**
 * Creates a {@link ModelAdapter} for `POST {baseUrl}/responses` with the official openai SDK (its own retries off;
 * {@link openWithRetries} retries instead and reports `retrying` events). `stream()` never throws.
 */
export function createResponsesAdapter(opts: ResponsesAdapterOptions): ModelAdapter {
  const baseUrl = opts.baseUrl ?? defaultBaseUrl;
  // The SDK loads before the first request, not when the adapter is made.
  let client: Promise<OpenAI> | undefined;
  const getClient = () =>
    (client ??= createOpenAIClient({
      apiKey: opts.apiKey,
      baseURL: baseUrl,
      organization: opts.organization ?? null,
      project: null,
      maxRetries: 0,
      defaultHeaders: opts.defaultHeaders,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    }));
  return {
    provider: opts.provider ?? 'openai',
    stream: (request) =>
      streamResponses(getClient, request, opts, {
        baseUrl,
        model: request.model,
        phase: 'open',
        secrets: [opts.apiKey],
      }),
  };
}

async function* streamResponses(
  getClient: () => Promise<OpenAI>,
  request: ModelRequest,
  limits: RequestLimits,
  ctx: ModelErrorContext,
): AsyncGenerator<ModelStreamEvent> {
  const body = buildResponsesRequest(request, { webSearch: limits.webSearch });
  let stream: AsyncIterable<unknown>;
  try {
    const client = await getClient();
    stream = yield* openWithRetries(
      () => openTimed((signal) => client.responses.create(body, { signal }), request.signal, limits.timeouts ?? {}),
      { maxAttempts: limits.maxAttempts, signal: request.signal, retryAfterMaxMs: limits.retryAfterMaxMs },
    );
  } catch (err) {
    yield { type: 'error', error: request.signal.aborted ? abortedError() : classifyModelError(err, ctx) };
    return;
  }
  const mapper = new ResponsesEventMapper({ ...ctx, phase: 'stream' });
  try {
    for await (const event of stream) {
      if (request.signal.aborted) break;
      yield* mapper.handle(event);
      if (mapper.finished) return;
    }
  } catch (err) {
    yield {
      type: 'error',
      error: request.signal.aborted ? abortedError() : classifyModelError(err, { ...ctx, phase: 'stream' }),
    };
    return;
  }
  yield { type: 'error', error: request.signal.aborted ? abortedError() : streamCutError(request.model) };
}

/**
 * The JSON body sent to `POST /responses`: `store:false`, `stream:true`, full input replay without item ids,
 * flat function tools, `prompt_cache_key` = sessionId, and reasoning + encrypted reasoning when an effort is set.
 * With `webSearch` the hosted tool `{type: "web_search"}` follows the function tools (the server runs it).
 */
export function buildResponsesRequest(
  request: ModelRequest,
  hosted: { webSearch?: boolean } = {},
): ResponseCreateParamsStreaming {
  const body: ResponseCreateParamsStreaming = {
    model: request.model,
    instructions: request.instructions,
    // The SDK types require `id`/`status` on replayed output items; the API accepts them without (store:false replay).
    input: toResponsesInput(request.input) as unknown as ResponseCreateParamsStreaming['input'],
    tools: request.tools.map((t) => ({
      type: 'function',
      name: t.name,
      description: t.description,
      parameters: t.parameters,
      strict: false,
    })),
    tool_choice: 'auto',
    parallel_tool_calls: true,
    store: false,
    stream: true,
  };
  if (hosted.webSearch) body.tools = [...(body.tools ?? []), { type: 'web_search' }];
  if (request.sessionId) body.prompt_cache_key = request.sessionId;
  if (request.reasoningEffort) {
    body.reasoning = { effort: request.reasoningEffort, summary: 'auto' };
    body.include = ['reasoning.encrypted_content'];
  }
  return body;
}

/**
 * Session items as Responses input items, rebuilt field by field so no `id` (or other stray field) is sent.
 * Reasoning items are replayed only when they carry `encrypted_content`: without it the server cannot use them.
 */
export function toResponsesInput(items: SessionItem[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const item of items) {
    switch (item.type) {
      case 'message':
        out.push({ type: 'message', role: item.role, content: item.content.map((part) => ({ ...part })) });
        break;
      case 'reasoning':
        if (item.encrypted_content) {
          out.push({
            type: 'reasoning',
            summary: item.summary.map((s) => ({ type: 'summary_text', text: s.text })),
            encrypted_content: item.encrypted_content,
          });
        }
        break;
      case 'function_call':
        out.push({ type: 'function_call', call_id: item.call_id, name: item.name, arguments: item.arguments });
        break;
      case 'function_call_output':
        out.push({
          type: 'function_call_output',
          call_id: item.call_id,
          output: typeof item.output === 'string' ? item.output : item.output.map((part) => ({ ...part })),
        });
        break;
    }
  }
  return out;
}

interface PendingCall {
  outputIndex: number;
  callId: string;
  name: string;
  arguments?: string;
  emitted: boolean;
}

/**
 * Stateful mapping of Responses stream events (parsed JSON objects, any server's variant) to ModelStreamEvents.
 * `output_item.done` is authoritative for items; argument deltas are ignored; hosted tool items and unknown
 * events are skipped. After a terminal event, `finished` is true. Exported for other Responses-shaped backends.
 */
export class ResponsesEventMapper {
  /** True once a terminal (`completed` or `error`) event was produced. */
  finished = false;
  private responseId: string | undefined;
  private readonly calls = new Map<string, PendingCall>();
  private readonly summaryParts = new Map<string, number>();

  constructor(private readonly ctx: ModelErrorContext) {}

  /** Maps one parsed SSE payload to zero or more events. */
  *handle(raw: unknown): Generator<ModelStreamEvent> {
    if (this.finished || !isObject(raw)) return;
    const event = raw;
    switch (event.type) {
      case 'response.created':
      case 'response.queued':
      case 'response.in_progress':
        this.responseId = str(obj(event.response).id) ?? this.responseId;
        return;
      case 'response.output_text.delta':
      case 'response.refusal.delta': {
        const delta = str(event.delta);
        if (delta) yield { type: 'text_delta', delta };
        return;
      }
      case 'response.reasoning_summary_part.added': {
        const itemId = str(event.item_id) ?? '';
        const seen = this.summaryParts.get(itemId) ?? 0;
        this.summaryParts.set(itemId, seen + 1);
        if (seen > 0) yield { type: 'reasoning_delta', delta: '\n\n' };
        return;
      }
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta': {
        const delta = str(event.delta);
        if (delta) yield { type: 'reasoning_delta', delta };
        return;
      }
      case 'response.output_item.added':
        this.noteCall(obj(event.item), num(event.output_index, -1));
        return;
      case 'response.function_call_arguments.done': {
        const call = this.calls.get(str(event.item_id) ?? '');
        if (call && typeof event.arguments === 'string') call.arguments = event.arguments;
        return;
      }
      case 'response.output_item.done':
        yield* this.itemDone(obj(event.item), num(event.output_index, -1));
        return;
      case 'response.completed':
      case 'response.incomplete': {
        const response = obj(event.response);
        arr(response.output).forEach((item, index) => this.noteCall(obj(item), index));
        yield* this.flushCalls();
        const done: ModelStreamEvent = {
          type: 'completed',
          usage: mapResponsesUsage(response.usage),
          responseId: str(response.id) ?? this.responseId,
        };
        if (event.type === 'response.incomplete')
          done.incomplete = str(obj(response.incomplete_details).reason) ?? 'unknown';
        this.finished = true;
        yield done;
        return;
      }
      case 'response.failed': {
        const error = obj(obj(event.response).error);
        this.finished = true;
        yield {
          type: 'error',
          error: streamFailureError(
            { code: str(error.code), type: str(error.type), message: str(error.message) },
            this.ctx,
          ),
        };
        return;
      }
      case 'error': {
        const error = isObject(event.error) ? event.error : event;
        this.finished = true;
        yield {
          type: 'error',
          error: streamFailureError(
            { code: str(error.code), type: str(error.type), message: str(error.message) },
            this.ctx,
          ),
        };
        return;
      }
    }
  }

  private noteCall(item: Wire, outputIndex: number): void {
    const id = str(item.id);
    if (item.type !== 'function_call' || !id) return;
    const known = this.calls.get(id);
    if (known) {
      if (known.arguments === undefined && typeof item.arguments === 'string' && item.status === 'completed')
        known.arguments = item.arguments;
      return;
    }
    const args = item.status === 'completed' && typeof item.arguments === 'string' ? item.arguments : undefined;
    this.calls.set(id, {
      outputIndex,
      callId: str(item.call_id) ?? id,
      name: str(item.name) ?? '',
      arguments: args,
      emitted: false,
    });
  }

  private *itemDone(item: Wire, outputIndex: number): Generator<ModelStreamEvent> {
    if (item.type === 'message') {
      yield { type: 'item_done', item: toMessage(item) };
    } else if (item.type === 'reasoning') {
      yield { type: 'item_done', item: toReasoning(item) };
    } else if (item.type === 'function_call') {
      const id = str(item.id) ?? str(item.call_id) ?? `fc_${outputIndex}`;
      const known = this.calls.get(id);
      const call: FunctionCallItem = {
        type: 'function_call',
        call_id: str(item.call_id) ?? known?.callId ?? id,
        name: str(item.name) ?? known?.name ?? '',
        arguments: typeof item.arguments === 'string' ? item.arguments : (known?.arguments ?? '{}'),
      };
      this.calls.set(id, {
        outputIndex,
        callId: call.call_id,
        name: call.name,
        arguments: call.arguments,
        emitted: true,
      });
      yield { type: 'tool_call', item: call };
    }
  }

  /** Calls whose `output_item.done` never came but whose arguments are known, in output order. */
  private *flushCalls(): Generator<ModelStreamEvent> {
    const missing = [...this.calls.values()].filter((c) => !c.emitted && c.arguments !== undefined && c.name);
    missing.sort((a, b) => a.outputIndex - b.outputIndex);
    for (const call of missing) {
      call.emitted = true;
      yield {
        type: 'tool_call',
        item: { type: 'function_call', call_id: call.callId, name: call.name, arguments: call.arguments as string },
      };
    }
  }
}

/** Responses `usage` → {@link Usage}; missing fields count as 0, a missing total is input + output. */
export function mapResponsesUsage(raw: unknown): Usage {
  const u = obj(raw);
  const inputTokens = num(u.input_tokens, 0);
  const outputTokens = num(u.output_tokens, 0);
  return {
    inputTokens,
    cachedInputTokens: num(obj(u.input_tokens_details).cached_tokens, 0),
    outputTokens,
    reasoningTokens: num(obj(u.output_tokens_details).reasoning_tokens, 0),
    totalTokens: num(u.total_tokens, inputTokens + outputTokens),
  };
}

function toMessage(item: Wire): MessageItem {
  const content: MessageItem['content'] = [];
  for (const part of arr(item.content).map(obj)) {
    if (part.type === 'output_text') content.push({ type: 'output_text', text: str(part.text) ?? '' });
    else if (part.type === 'refusal') content.push({ type: 'refusal', refusal: str(part.refusal) ?? '' });
  }
  return { type: 'message', role: 'assistant', content };
}

function toReasoning(item: Wire): ReasoningItem {
  const reasoning: ReasoningItem = {
    type: 'reasoning',
    summary: arr(item.summary)
      .map(obj)
      .map((s) => ({ type: 'summary_text', text: str(s.text) ?? '' })),
  };
  const content = arr(item.content)
    .map(obj)
    .filter((c) => c.type === 'reasoning_text');
  if (content.length > 0) reasoning.content = content.map((c) => ({ type: 'reasoning_text', text: str(c.text) ?? '' }));
  if (typeof item.encrypted_content === 'string') reasoning.encrypted_content = item.encrypted_content;
  return reasoning;
}
