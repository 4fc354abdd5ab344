// Session items for tests that seed a chat's transcript directly (SessionStore.appendItems), in the Responses API's
// input item shapes (https://platform.openai.com/docs/api-reference/responses/create#responses-create-input).
import type { SessionItem } from '../../preload/contract/items';

/** A user message item; each text is one `input_text` part. */
export function userItem(...texts: string[]): SessionItem {
  return { type: 'message', role: 'user', content: texts.map((text) => ({ type: 'input_text' as const, text })) };
}

/** An assistant message item with one `output_text` part. */
export function assistantItem(text: string): SessionItem {
  return { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] };
}
