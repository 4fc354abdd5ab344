// DOCX to markdown: mammoth (https://github.com/mwilliamson/mammoth.js) gives semantic HTML, ./html makes markdown.
import { htmlToMarkdown } from './html';
import type { ExtractedDocument } from './types';

/**
 * The text of a DOCX as markdown, keeping headings, lists and tables.
 * @throws an Error naming `name` when the file is not a valid DOCX (damaged zip, encrypted, or another format).
 */
export async function extractDocx(bytes: Uint8Array, name: string): Promise<ExtractedDocument> {
  const { default: mammoth } = await import('mammoth');
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch (error) {
    throw new Error(
      `${name} could not be read as a Word document (${(error as Error).message}). It may be damaged, password-protected, or an old .doc renamed: open it in Word or LibreOffice and save it again as .docx.`,
      { cause: error },
    );
  }
  const markdown = (await htmlToMarkdown(html)).replace(/\[\]\(#[^)]*\)/g, '');
  return { format: 'docx', sections: [{ text: markdown }], notes: [] };
}
