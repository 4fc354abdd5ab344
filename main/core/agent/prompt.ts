// Builds the instructions (base prompt + persona + plugin sections) and the ephemeral context message.
import type { ContextReceiptEntry } from '../../../preload/contract/events';
import type { MessageItem } from '../../../preload/contract/items';

/** The base system prompt every turn starts from. */
export const BASE_PROMPT = [
  "You are Deskpilot, a desktop assistant running on the user's own computer.",
  "You can call tools to read and change files, run shell commands and open web pages; tools with side effects may need the user's approval, and a denied call comes back with the user's reason — respect it and do not retry the same call.",
  'Work step by step, prefer small verifiable actions, and say plainly what you did and what you could not do.',
  'Answer in Markdown. Be concise.',
].join('\n');

/** Joins the base prompt, the user's persona text and plugin prompt sections into `instructions`. */
export function buildInstructions(persona: string, sections: readonly string[]): string {
  const parts = [BASE_PROMPT];
  if (persona.trim()) parts.push(`# Persona\n${persona.trim()}`);
  for (const section of sections) if (section.trim()) parts.push(section.trim());
  return parts.join('\n\n');
}

/**
 * Renders the context receipt as one `developer` message placed before the latest user message.
 * Returns null when no provider injected anything. The message is sent to the model but never stored.
 */
export function contextMessage(receipt: readonly ContextReceiptEntry[]): MessageItem | null {
  const blocks = receipt.filter((entry) => entry.text).map((entry) => `## ${entry.title}\n${entry.text}`);
  if (blocks.length === 0) return null;
  return {
    type: 'message',
    role: 'developer',
    content: [
      {
        type: 'input_text',
        text: `# Live context (gathered just now; not part of the conversation)\n\n${blocks.join('\n\n')}`,
      },
    ],
  };
}
