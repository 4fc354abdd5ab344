// Builds Chat Completions SSE streams (data-only chunks, usage chunk, [DONE]) for scripted outputs, with server quirks.
// Chunk shape: https://platform.openai.com/docs/api-reference/chat-streaming (shared/reference/openai-wire-protocol.md §3).
import type { ChatQuirks, ScriptedOutput, ScriptedUsage } from './scriptedTurns';
import { splitText, wireId } from './responsesWire';

/** What the request asked for. */
export interface ChatRequestInfo {
  model: string;
  /** `stream_options.include_usage` was true. */
  includeUsage: boolean;
}

/** How the stream ends after the outputs: a normal finish, or a Groq-style `event: error`. */
export type ChatEnding = { type: 'finish'; usage?: ScriptedUsage } | { type: 'failed'; code: string; message: string };

/** The framed SSE records (`data: …\n\n`, `event: error\n…`, `data: [DONE]`) for one scripted response. */
export function chatFrames(
  outputs: ScriptedOutput[],
  req: ChatRequestInfo,
  ending: ChatEnding,
  quirks: ChatQuirks = {},
): string[] {
  const id = `chatcmpl-${wireId('fake').slice(5)}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    data({
      id,
      object: 'chat.completion.chunk',
      created,
      model: req.model,
      system_fingerprint: 'fp_fake',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
  const frames = [chunk({ role: 'assistant', content: '' })];
  const calls = outputs.filter(
    (o): o is Extract<ScriptedOutput, { type: 'function_call' }> => o.type === 'function_call',
  );
  const field = quirks.reasoningField ?? 'reasoning_content';
  for (const output of outputs) {
    if (output.type === 'reasoning') {
      const text = [...(output.summary ?? []), ...(output.rawContent ?? [])].join('\n\n');
      for (const piece of splitText(text, output.deltas ?? 3)) frames.push(chunk({ [field]: piece }));
    } else if (output.type === 'text') {
      for (const piece of splitText(output.text, output.deltas ?? 3)) frames.push(chunk({ content: piece }));
    } else {
      frames.push(...callFrames(output, calls.indexOf(output), quirks).map((call) => chunk({ tool_calls: [call] })));
    }
  }
  if (ending.type === 'failed') {
    frames.push(
      `event: error\ndata: ${JSON.stringify({ error: { message: ending.message, type: 'invalid_request_error', code: ending.code } })}\n\n`,
    );
    return frames;
  }
  const finish = quirks.finishReason === undefined ? (calls.length > 0 ? 'tool_calls' : 'stop') : quirks.finishReason;
  if (finish !== null) frames.push(chunk({}, finish));
  if (quirks.chunksAfterFinish) {
    frames.push(chunk({ role: 'assistant', content: null }));
    if (calls[0]) frames.push(chunk({ tool_calls: [callHeader(calls[0], 0, quirks)] }));
  }
  if (req.includeUsage && !quirks.omitUsage) {
    const u = ending.usage ?? {};
    const prompt = u.inputTokens ?? 10;
    const completion = u.outputTokens ?? 5;
    frames.push(
      data({
        id,
        object: 'chat.completion.chunk',
        created,
        model: req.model,
        system_fingerprint: 'fp_fake',
        choices: [],
        usage: {
          prompt_tokens: prompt,
          completion_tokens: completion,
          total_tokens: prompt + completion,
          prompt_tokens_details: { cached_tokens: u.cachedTokens ?? 0 },
          completion_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0 },
        },
      }),
    );
  }
  if (!quirks.omitDone) frames.push('data: [DONE]\n\n');
  return frames;
}

function data(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

function callId(call: Extract<ScriptedOutput, { type: 'function_call' }>, index: number): string {
  return call.callId ?? `call_${index + 1}`;
}

function callHeader(
  call: Extract<ScriptedOutput, { type: 'function_call' }>,
  index: number,
  quirks: ChatQuirks,
): Record<string, unknown> {
  return withIndex(
    {
      ...(quirks.omitCallId ? {} : { id: callId(call, index) }),
      type: 'function',
      function: { name: call.name, arguments: '' },
    },
    index,
    quirks,
  );
}

function callFrames(
  call: Extract<ScriptedOutput, { type: 'function_call' }>,
  index: number,
  quirks: ChatQuirks,
): Record<string, unknown>[] {
  if (quirks.wholeToolCall || quirks.argumentsAsObject) {
    const args = quirks.argumentsAsObject ? (JSON.parse(call.arguments) as unknown) : call.arguments;
    return [
      withIndex(
        {
          ...(quirks.omitCallId ? {} : { id: callId(call, index) }),
          type: 'function',
          function: { name: call.name, arguments: args },
        },
        index,
        quirks,
      ),
    ];
  }
  const later = (piece: string): Record<string, unknown> => {
    const fn: Record<string, unknown> = { arguments: piece };
    if (quirks.repeatName) fn.name = call.name;
    if (quirks.emptyLaterName) fn.name = '';
    return withIndex({ function: fn }, index, quirks);
  };
  return [callHeader(call, index, quirks), ...splitText(call.arguments, call.deltas ?? 2).map(later)];
}

function withIndex(fragment: Record<string, unknown>, index: number, quirks: ChatQuirks): Record<string, unknown> {
  return quirks.missingIndex ? fragment : { index, ...fragment };
}
