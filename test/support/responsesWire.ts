// Builds OpenAI Responses API SSE streams for scripted outputs, event for event as the real API sends them.
// Event shapes: https://platform.openai.com/docs/api-reference/responses-streaming (shared/reference/openai-wire-protocol.md §1.3).
import { randomBytes } from 'node:crypto';
import type { ScriptedOutput, ScriptedUsage } from './scriptedTurns';

/** One Responses stream event before framing (`sequence_number` is added by {@link frameResponsesEvents}). */
export type ResponsesEvent = { type: string } & Record<string, unknown>;

/** What the request asked for, echoed into the `response` objects. */
export interface ResponsesRequestInfo {
  model: string;
  instructions: string | null;
  tools: unknown[];
  reasoning: unknown;
}

/** How the stream ends after the outputs. */
export type ResponsesEnding =
  | { type: 'completed'; usage?: ScriptedUsage }
  | { type: 'incomplete'; reason: string; usage?: ScriptedUsage }
  | { type: 'failed'; code: string; message: string; via: 'response.failed' | 'error' | 'both' };

/** A random id with the API's prefix, e.g. `msg_3f9a…`. */
export function wireId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/** Splits `text` into `n` pieces of near-equal length (by code point); none for an empty text. */
export function splitText(text: string, n: number): string[] {
  const chars = [...text];
  if (chars.length === 0) return [];
  const count = Math.max(1, Math.min(n, chars.length));
  const size = Math.ceil(chars.length / count);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
  return pieces;
}

/** The `usage` object of `response.completed`. */
export function responsesUsage(usage: ScriptedUsage = {}): Record<string, unknown> {
  const input = usage.inputTokens ?? 10;
  const output = usage.outputTokens ?? 5;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cachedTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: input + output,
  };
}

/** The full event list for `outputs`: created, in_progress, every item's events, then the ending. */
export function responsesEvents(
  outputs: ScriptedOutput[],
  req: ResponsesRequestInfo,
  ending: ResponsesEnding,
): ResponsesEvent[] {
  const response = baseResponse(req);
  const events: ResponsesEvent[] = [
    { type: 'response.created', response: { ...response } },
    { type: 'response.in_progress', response: { ...response } },
  ];
  const done: Record<string, unknown>[] = [];
  outputs.forEach((output, outputIndex) => {
    const itemEvents = outputEvents(output, outputIndex, outputs);
    events.push(...itemEvents);
    done.push(itemEvents[itemEvents.length - 1].item as Record<string, unknown>);
  });
  if (ending.type === 'failed') {
    const error = { code: ending.code, message: ending.message };
    if (ending.via !== 'response.failed')
      events.push({ type: 'error', code: ending.code, message: ending.message, param: null });
    if (ending.via !== 'error')
      events.push({ type: 'response.failed', response: { ...response, status: 'failed', error, output: done } });
    return events;
  }
  const final = {
    ...response,
    output: done,
    usage: responsesUsage(ending.usage),
    completed_at: Math.floor(Date.now() / 1000),
  };
  if (ending.type === 'incomplete') {
    events.push({
      type: 'response.incomplete',
      response: { ...final, status: 'incomplete', incomplete_details: { reason: ending.reason } },
    });
  } else {
    events.push({ type: 'response.completed', response: { ...final, status: 'completed' } });
  }
  return events;
}

/** Frames events as `event: <type>\ndata: <json>\n\n`, numbering `sequence_number` from 0. */
export function frameResponsesEvents(events: ResponsesEvent[]): string[] {
  return events.map(
    (event, i) => `event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number: i })}\n\n`,
  );
}

function baseResponse(req: ResponsesRequestInfo): Record<string, unknown> {
  return {
    id: wireId('resp'),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'in_progress',
    background: false,
    error: null,
    incomplete_details: null,
    instructions: req.instructions,
    max_output_tokens: null,
    model: req.model,
    output: [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: req.reasoning ?? { effort: null, summary: null },
    store: false,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: req.tools,
    top_p: 1,
    truncation: 'disabled',
    usage: null,
    metadata: {},
  };
}

function outputEvents(output: ScriptedOutput, outputIndex: number, all: ScriptedOutput[]): ResponsesEvent[] {
  switch (output.type) {
    case 'text':
      return textEvents(output.text, output.deltas ?? 3, outputIndex);
    case 'reasoning':
      return reasoningEvents(output, outputIndex);
    case 'function_call': {
      const callNumber = all.slice(0, outputIndex + 1).filter((o) => o.type === 'function_call').length;
      return functionCallEvents(
        output.name,
        output.arguments,
        output.callId ?? `call_${callNumber}`,
        output.deltas ?? 2,
        outputIndex,
      );
    }
  }
}

function textEvents(text: string, deltas: number, outputIndex: number): ResponsesEvent[] {
  const id = wireId('msg');
  const part = (t: string) => ({ type: 'output_text', annotations: [], logprobs: [], text: t });
  const at = { item_id: id, output_index: outputIndex, content_index: 0 };
  return [
    {
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: { id, type: 'message', status: 'in_progress', content: [], role: 'assistant' },
    },
    { type: 'response.content_part.added', ...at, part: part('') },
    ...splitText(text, deltas).map((delta) => ({ type: 'response.output_text.delta', ...at, delta, logprobs: [] })),
    { type: 'response.output_text.done', ...at, text, logprobs: [] },
    { type: 'response.content_part.done', ...at, part: part(text) },
    {
      type: 'response.output_item.done',
      output_index: outputIndex,
      item: { id, type: 'message', status: 'completed', content: [part(text)], role: 'assistant' },
    },
  ];
}

function reasoningEvents(
  output: Extract<ScriptedOutput, { type: 'reasoning' }>,
  outputIndex: number,
): ResponsesEvent[] {
  const id = wireId('rs');
  const summary = output.summary ?? [];
  const raw = output.rawContent ?? [];
  const encrypted =
    output.encryptedContent === undefined ? `gAAAAAB${randomBytes(48).toString('base64url')}` : output.encryptedContent;
  const deltas = output.deltas ?? 3;
  const events: ResponsesEvent[] = [
    {
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: { id, type: 'reasoning', summary: [], ...(encrypted ? { encrypted_content: encrypted } : {}) },
    },
  ];
  summary.forEach((text, summaryIndex) => {
    const at = { item_id: id, output_index: outputIndex, summary_index: summaryIndex };
    events.push({ type: 'response.reasoning_summary_part.added', ...at, part: { type: 'summary_text', text: '' } });
    for (const delta of splitText(text, deltas))
      events.push({ type: 'response.reasoning_summary_text.delta', ...at, delta });
    events.push({ type: 'response.reasoning_summary_text.done', ...at, text });
    events.push({ type: 'response.reasoning_summary_part.done', ...at, part: { type: 'summary_text', text } });
  });
  raw.forEach((text, contentIndex) => {
    const at = { item_id: id, output_index: outputIndex, content_index: contentIndex };
    events.push({ type: 'response.content_part.added', ...at, part: { type: 'reasoning_text', text: '' } });
    for (const delta of splitText(text, deltas)) events.push({ type: 'response.reasoning_text.delta', ...at, delta });
    events.push({ type: 'response.reasoning_text.done', ...at, text });
    events.push({ type: 'response.content_part.done', ...at, part: { type: 'reasoning_text', text } });
  });
  const item: Record<string, unknown> = {
    id,
    type: 'reasoning',
    summary: summary.map((text) => ({ type: 'summary_text', text })),
  };
  if (raw.length > 0) item.content = raw.map((text) => ({ type: 'reasoning_text', text }));
  if (encrypted) item.encrypted_content = encrypted;
  events.push({ type: 'response.output_item.done', output_index: outputIndex, item });
  return events;
}

function functionCallEvents(
  name: string,
  args: string,
  callId: string,
  deltas: number,
  outputIndex: number,
): ResponsesEvent[] {
  const id = wireId('fc');
  const item = { id, type: 'function_call', status: 'in_progress', arguments: '', call_id: callId, name };
  return [
    { type: 'response.output_item.added', output_index: outputIndex, item },
    ...splitText(args, deltas).map((delta) => ({
      type: 'response.function_call_arguments.delta',
      item_id: id,
      output_index: outputIndex,
      delta,
    })),
    { type: 'response.function_call_arguments.done', item_id: id, output_index: outputIndex, name, arguments: args },
    {
      type: 'response.output_item.done',
      output_index: outputIndex,
      item: { ...item, status: 'completed', arguments: args },
    },
  ];
}
