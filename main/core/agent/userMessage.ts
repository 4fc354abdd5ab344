// Turns typed text plus attachments into a Responses `message` input item.
import type { Attachment } from '../../../preload/contract/channels';
import type { ContentPart, MessageItem } from '../../../preload/contract/items';

/** Largest text attachment inlined into the message, in bytes. */
export const MAX_TEXT_ATTACHMENT_BYTES = 256 * 1024;

/**
 * Builds the user message: the text, then each image as `input_image` (its data: URL) and each text-like
 * file inlined as a fenced block. Other binary files are named but not sent (the model could not read them).
 */
export function userMessage(text: string, attachments: readonly Attachment[] = []): MessageItem {
  const content: ContentPart[] = [];
  if (text) content.push({ type: 'input_text', text });
  for (const file of attachments) {
    if (file.mimeType.startsWith('image/')) {
      content.push({ type: 'input_image', image_url: file.dataUrl, detail: 'auto' });
      continue;
    }
    const decoded = decodeTextDataUrl(file.dataUrl, file.mimeType);
    content.push({
      type: 'input_text',
      text:
        decoded === null
          ? `[attached file ${file.name} (${file.mimeType}) could not be read as text and was not sent]`
          : `Attached file ${file.name}:\n\`\`\`\n${decoded}\n\`\`\``,
    });
  }
  if (content.length === 0) content.push({ type: 'input_text', text: '' });
  return { type: 'message', role: 'user', content };
}

function decodeTextDataUrl(dataUrl: string, mimeType: string): string | null {
  const textual =
    mimeType.startsWith('text/') ||
    /json|xml|yaml|javascript|typescript|csv|markdown/.test(mimeType) ||
    mimeType === '';
  const match = /^data:[^,]*?(;base64)?,(.*)$/s.exec(dataUrl);
  if (!textual || !match) return null;
  const bytes = match[1] ? Buffer.from(match[2], 'base64') : Buffer.from(decodeURIComponent(match[2]), 'utf8');
  if (bytes.length > MAX_TEXT_ATTACHMENT_BYTES)
    return `${bytes.subarray(0, MAX_TEXT_ATTACHMENT_BYTES).toString('utf8')}\n[cut: ${bytes.length - MAX_TEXT_ATTACHMENT_BYTES} more bytes]`;
  return bytes.toString('utf8');
}
