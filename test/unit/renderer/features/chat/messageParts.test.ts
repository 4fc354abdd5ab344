// Tests for message and reasoning text extraction (renderer/features/chat/messageParts.ts).
import { describe, expect, it } from 'vitest';
import {
  isRefusal,
  messageImages,
  messageText,
  reasoningText,
} from '../../../../../renderer/features/chat/messageParts';

describe('messageParts', () => {
  const msg = {
    type: 'message' as const,
    role: 'user' as const,
    content: [
      { type: 'input_text' as const, text: 'look' },
      { type: 'input_image' as const, image_url: 'data:image/png;base64,AAA' },
      { type: 'input_text' as const, text: 'here' },
    ],
  };

  it('joins text parts and lists images', () => {
    expect(messageText(msg)).toBe('look\n\nhere');
    expect(messageImages(msg)).toEqual(['data:image/png;base64,AAA']);
    expect(isRefusal(msg)).toBe(false);
  });

  it('shows refusals as text', () => {
    const refusal = {
      type: 'message' as const,
      role: 'assistant' as const,
      content: [{ type: 'refusal' as const, refusal: 'I cannot' }],
    };
    expect(messageText(refusal)).toBe('I cannot');
    expect(isRefusal(refusal)).toBe(true);
  });

  it('prefers reasoning summaries over raw reasoning text', () => {
    expect(
      reasoningText({
        type: 'reasoning',
        summary: [
          { type: 'summary_text', text: 's1' },
          { type: 'summary_text', text: 's2' },
        ],
      }),
    ).toBe('s1\n\ns2');
    expect(reasoningText({ type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'raw' }] })).toBe(
      'raw',
    );
  });
});
