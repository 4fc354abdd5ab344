// Session items in OpenAI Responses API input-item form, shared by runtime and renderer.
// Source: https://platform.openai.com/docs/api-reference/responses/create (input items).
import { z } from 'zod';

/** Text the user typed (`input_text`) or the model wrote (`output_text`); `input_image` carries a data: or https: URL. */
export const ContentPart = z.discriminatedUnion('type', [
  z.object({ type: z.literal('input_text'), text: z.string() }),
  z.object({ type: z.literal('output_text'), text: z.string() }),
  z.object({ type: z.literal('refusal'), refusal: z.string() }),
  z.object({
    type: z.literal('input_image'),
    image_url: z.string(),
    detail: z.enum(['low', 'high', 'auto']).optional(),
  }),
]);
/** Shape of {@link ContentPart}. */
export type ContentPart = z.infer<typeof ContentPart>;

/** A chat message item: `role` user/assistant/system/developer with content parts. */
export const MessageItem = z.object({
  type: z.literal('message'),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.array(ContentPart),
});
/** Shape of {@link MessageItem}. */
export type MessageItem = z.infer<typeof MessageItem>;

/**
 * A reasoning item. `summary` holds reasoning summary parts, `content` raw reasoning text (local models),
 * `encrypted_content` the opaque blob the provider returns with `include: ["reasoning.encrypted_content"]`.
 */
export const ReasoningItem = z.object({
  type: z.literal('reasoning'),
  summary: z.array(z.object({ type: z.literal('summary_text'), text: z.string() })),
  content: z.array(z.object({ type: z.literal('reasoning_text'), text: z.string() })).optional(),
  encrypted_content: z.string().nullable().optional(),
});
/** Shape of {@link ReasoningItem}. */
export type ReasoningItem = z.infer<typeof ReasoningItem>;

/** A tool call the model made: `arguments` is the raw JSON string exactly as the model sent it. */
export const FunctionCallItem = z.object({
  type: z.literal('function_call'),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
});
/** Shape of {@link FunctionCallItem}. */
export type FunctionCallItem = z.infer<typeof FunctionCallItem>;

/**
 * One part of a tool output given as a list (Responses `ResponseFunctionCallOutputItemList`): text, or an image as a
 * `data:` URL (a screenshot a tool returned).
 */
export const FunctionOutputPart = z.discriminatedUnion('type', [
  z.object({ type: z.literal('input_text'), text: z.string() }),
  z.object({
    type: z.literal('input_image'),
    image_url: z.string(),
    detail: z.enum(['low', 'high', 'auto']).optional(),
  }),
]);
/** Shape of {@link FunctionOutputPart}. */
export type FunctionOutputPart = z.infer<typeof FunctionOutputPart>;

/**
 * The result sent back for one `function_call`, matched by `call_id`. `output` is text, or (when the tool returned
 * images) a list of `input_text` / `input_image` parts, exactly as the Responses API takes it.
 */
export const FunctionCallOutputItem = z.object({
  type: z.literal('function_call_output'),
  call_id: z.string(),
  output: z.union([z.string(), z.array(FunctionOutputPart)]),
});
/** Shape of {@link FunctionCallOutputItem}. */
export type FunctionCallOutputItem = z.infer<typeof FunctionCallOutputItem>;

/** The text of a tool output: the string itself, or its `input_text` parts joined by newlines. */
export function functionOutputText(output: FunctionCallOutputItem['output']): string {
  if (typeof output === 'string') return output;
  return output
    .filter((part) => part.type === 'input_text')
    .map((part) => part.text)
    .join('\n');
}

/** The image URLs (`data:` URLs) of a tool output, in order; none for a text output. */
export function functionOutputImages(output: FunctionCallOutputItem['output']): string[] {
  if (typeof output === 'string') return [];
  return output.flatMap((part) => (part.type === 'input_image' ? [part.image_url] : []));
}

/** Any item of a session transcript. */
export const SessionItem = z.discriminatedUnion('type', [
  MessageItem,
  ReasoningItem,
  FunctionCallItem,
  FunctionCallOutputItem,
]);
/** Shape of {@link SessionItem}. */
export type SessionItem = z.infer<typeof SessionItem>;

/** Token usage as the Responses API reports it in `response.completed` (all values in tokens). */
export const Usage = z.object({
  inputTokens: z.number().int().nonnegative(),
  cachedInputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  reasoningTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
});
/** Shape of {@link Usage}. */
export type Usage = z.infer<typeof Usage>;

/** A usage record with every count at zero. */
export const zeroUsage: Usage = {
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  totalTokens: 0,
};

/** Adds two usage records field by field. */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}
