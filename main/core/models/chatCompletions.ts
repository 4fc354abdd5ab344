// Chat Completions adapter for OpenAI-compatible servers (llama.cpp, Ollama, LM Studio, Groq, OpenRouter…):
// converts session items to messages and accumulates streamed chunks, tolerating each server's quirks.
// Wire format: https://platform.openai.com/docs/api-reference/chat-streaming (see shared/reference/openai-wire-protocol.md §3).
import { randomBytes } from 'node:crypto';
import { isObject, obj, arr, nonEmpty, num, type Wire } from './wire';
import type OpenAI from 'openai';
import { createOpenAIClient } from './sdk';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions/completions';
import {
  functionOutputImages,
  functionOutputText,
  type FunctionCallOutputItem,
  type MessageItem,
  type SessionItem,
  type Usage,
} from '../../../preload/contract/items';
import { abortedError, classifyModelError, streamCutError, type ModelErrorContext } from './errors';
import { openWithRetries } from './retry';
import { openTimed } from './timeouts';
import type { ModelAdapter, ModelRequest, ModelStreamEvent, RequestLimits } from './types';

/** Options of {@link createChatCompletionsAdapter}. */
export interface ChatCompletionsAdapterOptions extends RequestLimits {
  /** e.g. `http://127.0.0.1:8080/v1` (llama.cpp), `http://localhost:11434/v1` (Ollama). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer`; when absent no Authorization header is sent at all. */
  apiKey?: string;
}

/**
 * Creates a {@link ModelAdapter} for `POST {baseUrl}/chat/completions` (streaming, with usage) through the openai SDK
 * (its own retries off). `stream()` never throws; failures end the stream with one `error` event.
 */
export function createChatCompletionsAdapter(opts: ChatCompletionsAdapterOptions): ModelAdapter {
  // The SDK loads before the first request, not when the adapter is made.
  let client: Promise<OpenAI> | undefined;
  const getClient = () =>
    (client ??= createOpenAIClient({
      // The SDK insists on a key; without one we send a placeholder and strip the header below.
      apiKey: opts.apiKey ?? 'no-key',
      baseURL: opts.baseUrl,
      organization: null,
      project: null,
      maxRetries: 0,
      defaultHeaders: opts.apiKey ? undefined : { Authorization: null },
    }));
  return {
    provider: 'openai-compatible',
    stream: (request) =>
      streamChat(getClient, request, opts, {
        baseUrl: opts.baseUrl,
        model: request.model,
        phase: 'open',
        secrets: opts.apiKey ? [opts.apiKey] : [],
      }),
  };
}

async function* streamChat(
  getClient: () => Promise<OpenAI>,
  request: ModelRequest,
  limits: RequestLimits,
  ctx: ModelErrorContext,
): AsyncGenerator<ModelStreamEvent> {
  const body = buildChatRequest(request);
  let stream: AsyncIterable<unknown>;
  try {
    const client = await getClient();
    stream = yield* openWithRetries(
      () =>
        openTimed((signal) => client.chat.completions.create(body, { signal }), request.signal, limits.timeouts ?? {}),
      { maxAttempts: limits.maxAttempts, signal: request.signal, retryAfterMaxMs: limits.retryAfterMaxMs },
    );
  } catch (err) {
    yield { type: 'error', error: request.signal.aborted ? abortedError() : classifyModelError(err, ctx) };
    return;
  }
  const state = new ChatStreamAccumulator();
  try {
    for await (const chunk of stream) {
      if (request.signal.aborted) break;
      yield* state.handle(chunk);
    }
  } catch (err) {
    yield {
      type: 'error',
      error: request.signal.aborted ? abortedError() : classifyModelError(err, { ...ctx, phase: 'stream' }),
    };
    return;
  }
  if (request.signal.aborted) yield { type: 'error', error: abortedError() };
  else if (!state.ended) yield { type: 'error', error: streamCutError(request.model) };
  else yield* state.finish();
}

/**
 * The body sent to `POST /chat/completions`: `stream:true` with `stream_options.include_usage`, nested function tools
 * (omitted when there are none: some servers reject an empty list) and `reasoning_effort` when set.
 */
export function buildChatRequest(request: ModelRequest): ChatCompletionCreateParamsStreaming {
  const body: ChatCompletionCreateParamsStreaming = {
    model: request.model,
    // Built from our own item types; the SDK's message union is narrower than what the conversion produces.
    messages: toChatMessages(
      request.instructions,
      request.input,
    ) as unknown as ChatCompletionCreateParamsStreaming['messages'],
    stream: true,
    stream_options: { include_usage: true },
  };
  if (request.tools.length > 0) {
    body.tools = request.tools.map((t) => ({
      type: 'function',
      function: { name: t.name, description: t.description, parameters: t.parameters },
    }));
  }
  if (request.reasoningEffort) body.reasoning_effort = request.reasoningEffort;
  return body;
}

/**
 * Session items → Chat Completions messages: instructions become the first `system` message (system/developer
 * items too, since local servers reject `developer`); user parts become a string (text only) or text/image_url
 * parts; consecutive function calls become one assistant message with `tool_calls`, joined to the assistant
 * text message right before them; outputs become `tool` messages (text only); reasoning items are dropped.
 * Images a tool returned follow as one `user` message per output with `image_url` parts, right after the run of
 * `tool` messages it belongs to (local servers accept no images in tool messages, and every tool message must
 * directly follow the assistant message with its `tool_calls`).
 */
export function toChatMessages(instructions: string, items: SessionItem[]): Wire[] {
  const messages: Wire[] = [];
  if (instructions) messages.push({ role: 'system', content: instructions });
  let assistant: Wire | undefined;
  let imageMessages: Wire[] = [];
  for (const item of items) {
    if (item.type === 'reasoning') continue;
    if (item.type !== 'function_call_output' && imageMessages.length > 0) {
      messages.push(...imageMessages);
      imageMessages = [];
    }
    if (item.type === 'function_call') {
      if (!assistant) {
        assistant = { role: 'assistant', content: null };
        messages.push(assistant);
      }
      const calls = (assistant.tool_calls as Wire[] | undefined) ?? [];
      calls.push({ id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } });
      assistant.tool_calls = calls;
      continue;
    }
    assistant = undefined;
    if (item.type === 'function_call_output') {
      messages.push({ role: 'tool', tool_call_id: item.call_id, content: functionOutputText(item.output) });
      const images = toolImageMessage(item);
      if (images) imageMessages.push(images);
    } else if (item.role === 'assistant') {
      assistant = { role: 'assistant', content: plainText(item) };
      messages.push(assistant);
    } else if (item.role === 'user') {
      messages.push({ role: 'user', content: userContent(item) });
    } else {
      messages.push({ role: 'system', content: plainText(item) });
    }
  }
  messages.push(...imageMessages);
  return messages;
}

/** The `user` message carrying a tool output's images (null when it has none), introduced by a line naming the call. */
function toolImageMessage(item: FunctionCallOutputItem): Wire | null {
  const urls = functionOutputImages(item.output);
  if (urls.length === 0) return null;
  return {
    role: 'user',
    content: [
      { type: 'text', text: `Image output of tool call ${item.call_id}:` },
      ...urls.map((url) => ({ type: 'image_url', image_url: { url } })),
    ],
  };
}

function plainText(item: MessageItem): string {
  return item.content
    .map((part) => (part.type === 'refusal' ? part.refusal : part.type === 'input_image' ? '' : part.text))
    .filter((text) => text !== '')
    .join('\n\n');
}

function userContent(item: MessageItem): string | Wire[] {
  if (!item.content.some((part) => part.type === 'input_image')) return plainText(item);
  return item.content.map((part) => {
    if (part.type === 'input_image') {
      return {
        type: 'image_url',
        image_url: part.detail ? { url: part.image_url, detail: part.detail } : { url: part.image_url },
      };
    }
    return { type: 'text', text: part.type === 'refusal' ? part.refusal : part.text };
  });
}

interface CallAccumulator {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Accumulates Chat Completions chunks (parsed JSON, any server's variant) into stream events.
 * Text and reasoning (`delta.reasoning_content` or `delta.reasoning`) stream as deltas; tool calls are keyed by
 * `index` (array position when missing; a fragment with a new `id` starts a new call), names are set only while
 * empty, object `arguments` are stringified. `finish()` emits the final items and `completed`.
 */
export class ChatStreamAccumulator {
  private text = '';
  private refusal = '';
  private reasoning = '';
  private readonly calls: CallAccumulator[] = [];
  private readonly byKey = new Map<number, CallAccumulator>();
  private finishReason: string | undefined;
  private usage: Wire | undefined;

  /** True once a `finish_reason` or a usage chunk arrived: the stream may then end without `[DONE]`. */
  get ended(): boolean {
    return this.finishReason !== undefined || this.usage !== undefined;
  }

  /** Folds one chunk in and yields its text/reasoning deltas. */
  *handle(raw: unknown): Generator<ModelStreamEvent> {
    const chunk = obj(raw);
    if (isObject(chunk.usage)) this.usage = chunk.usage;
    for (const choice of arr(chunk.choices).map(obj)) {
      if (typeof choice.index === 'number' && choice.index !== 0) continue;
      const delta = obj(choice.delta);
      const reasoning = nonEmpty(delta.reasoning_content) ?? nonEmpty(delta.reasoning);
      if (reasoning) {
        this.reasoning += reasoning;
        yield { type: 'reasoning_delta', delta: reasoning };
      }
      const content = nonEmpty(delta.content);
      if (content) {
        this.text += content;
        yield { type: 'text_delta', delta: content };
      }
      const refusal = nonEmpty(delta.refusal);
      if (refusal) {
        this.refusal += refusal;
        yield { type: 'text_delta', delta: refusal };
      }
      arr(delta.tool_calls).forEach((call, position) => this.addCall(obj(call), position));
      if (typeof choice.finish_reason === 'string' && choice.finish_reason) this.finishReason = choice.finish_reason;
    }
  }

  /** The closing events: reasoning item, assistant message, one `tool_call` per call, then `completed`. */
  *finish(): Generator<ModelStreamEvent> {
    if (this.reasoning)
      yield {
        type: 'item_done',
        item: { type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: this.reasoning }] },
      };
    if (this.text || this.refusal) {
      const content: MessageItem['content'] = [];
      if (this.text) content.push({ type: 'output_text', text: this.text });
      if (this.refusal) content.push({ type: 'refusal', refusal: this.refusal });
      yield { type: 'item_done', item: { type: 'message', role: 'assistant', content } };
    }
    for (const call of this.calls) {
      yield {
        type: 'tool_call',
        item: {
          type: 'function_call',
          call_id: call.id || `call_${randomBytes(12).toString('hex')}`,
          name: call.name,
          arguments: call.arguments.trim() ? call.arguments : '{}',
        },
      };
    }
    const done: ModelStreamEvent = { type: 'completed', usage: mapChatUsage(this.usage) };
    if (this.finishReason === 'length') done.incomplete = 'max_output_tokens';
    if (this.finishReason === 'content_filter') done.incomplete = 'content_filter';
    yield done;
  }

  private addCall(fragment: Wire, position: number): void {
    const key = typeof fragment.index === 'number' ? fragment.index : position;
    const id = nonEmpty(fragment.id);
    let call = this.byKey.get(key);
    if (!call || (id && call.id && call.id !== id)) {
      call = { id: '', name: '', arguments: '' };
      this.calls.push(call);
      this.byKey.set(key, call);
    }
    if (id && !call.id) call.id = id;
    const fn = obj(fragment.function);
    const name = nonEmpty(fn.name);
    if (name && !call.name) call.name = name;
    if (typeof fn.arguments === 'string') call.arguments += fn.arguments;
    else if (isObject(fn.arguments)) call.arguments = JSON.stringify(fn.arguments);
  }
}

/** Chat Completions `usage` → {@link Usage}; missing fields count as 0, a missing total is prompt + completion. */
export function mapChatUsage(raw: unknown): Usage {
  const u = obj(raw);
  const inputTokens = num(u.prompt_tokens);
  const outputTokens = num(u.completion_tokens);
  return {
    inputTokens,
    cachedInputTokens: num(obj(u.prompt_tokens_details).cached_tokens),
    outputTokens,
    reasoningTokens: num(obj(u.completion_tokens_details).reasoning_tokens),
    totalTokens: typeof u.total_tokens === 'number' ? u.total_tokens : inputTokens + outputTokens,
  };
}
