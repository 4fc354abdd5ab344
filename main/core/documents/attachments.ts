// Document attachments: a PDF, Office file, spreadsheet or EPUB attached to a message is replaced by its extracted
// markdown (a text attachment with the same name), so ../agent/userMessage inlines it as an input block.
import type { Attachment } from '../../../preload/contract/channels';
import { extractBytesInWorker } from './extractInWorker';
import { detectFormat } from './formats';

/** Tokens of extracted text one attached document may add to a message. */
export const ATTACHMENT_DOCUMENT_TOKENS = 30_000;

/** The bytes of a `data:` URL, or undefined when it is not one. */
function dataUrlBytes(dataUrl: string): Uint8Array | undefined {
  const match = /^data:[^,]*?(;base64)?,(.*)$/s.exec(dataUrl);
  if (!match) return undefined;
  return match[1] ? Buffer.from(match[2], 'base64') : Buffer.from(decodeURIComponent(match[2]), 'utf8');
}

/**
 * True when an attachment is a document to extract: not an image, not plain text, and of a format
 * ./formats recognizes (PDF, DOCX, XLSX, ODS, PPTX, ODP, ODT, RTF, EPUB; HTML pages too).
 */
function isDocument(file: Attachment, bytes: Uint8Array): boolean {
  if (file.mimeType.startsWith('image/')) return false;
  try {
    const format = detectFormat(file.name, bytes.subarray(0, 4096));
    return format !== 'text' && format !== 'csv';
  } catch {
    return false;
  }
}

/**
 * Replaces each document attachment by a `text/markdown` attachment of the same name holding its extracted text
 * (heading with type and page count, cut to {@link ATTACHMENT_DOCUMENT_TOKENS} with a note). A document that cannot
 * be extracted becomes a short text saying why, so the message still goes out and the model can tell the user.
 * Images and text files pass through unchanged.
 */
export async function prepareAttachments(
  attachments: readonly Attachment[],
  signal: AbortSignal,
): Promise<Attachment[]> {
  return Promise.all(
    attachments.map(async (file) => {
      const bytes = dataUrlBytes(file.dataUrl);
      if (!bytes || !isDocument(file, bytes)) return file;
      let text: string;
      try {
        text = (
          await extractBytesInWorker(bytes, file.name, undefined, { maxTokens: ATTACHMENT_DOCUMENT_TOKENS }, signal)
        ).text;
      } catch (error) {
        text = `[the attached document ${file.name} could not be read: ${(error as Error).message}]`;
      }
      return {
        name: file.name,
        mimeType: 'text/markdown',
        dataUrl: `data:text/markdown;base64,${Buffer.from(text).toString('base64')}`,
      };
    }),
  );
}
