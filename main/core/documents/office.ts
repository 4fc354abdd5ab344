// PPTX, ODP, ODT, ODS, RTF and EPUB to markdown with officeparser (https://github.com/harshankur/officeParser).
import type { DocumentFormat, ExtractedDocument } from './types';

/** The formats this extractor reads. */
export type OfficeFormat = Extract<DocumentFormat, 'pptx' | 'odp' | 'odt' | 'ods' | 'rtf' | 'epub'>;

/** Removes officeparser's YAML front matter and `{#anchor}` heading ids from its markdown. */
function tidy(markdown: string): string {
  return markdown
    .replace(/^---\n[\s\S]*?\n---\n+/, '')
    .replace(/^(#{1,6} .*?)\s*\{#[^}]*\}$/gm, '$1')
    .replace(/^<a id="[^"]*"><\/a>\n+/gm, '')
    .trim();
}

/**
 * The text of an office document as markdown (headings, lists and tables kept). Slides of a PPTX/ODP are not
 * split into sections (officeparser renders the deck as one flow).
 * @throws an Error naming `name` for an encrypted or damaged file, with what to do.
 */
export async function extractOffice(bytes: Uint8Array, name: string, format: OfficeFormat): Promise<ExtractedDocument> {
  const { OfficeParser } = await import('officeparser');
  try {
    const ast = await OfficeParser.parseOffice(Buffer.from(bytes), {
      fileType: format,
      ocr: false,
      extractAttachments: false,
    });
    const markdown = tidy((await ast.to('md')).value as string);
    return { format, sections: [{ text: markdown }], notes: [] };
  } catch (error) {
    const message = (error as Error).message;
    if (/PASSWORD/i.test(message) || /PASSWORD/.test(String((error as { type?: unknown }).type)))
      throw new Error(
        `${name} is password-protected; Deskpilot cannot open it. Open it with the password and save an unprotected copy, then read that.`,
        { cause: error },
      );
    throw new Error(
      `${name} could not be read as .${format} (${message}). It may be damaged or another format: open it in LibreOffice or Office and save it again.`,
      { cause: error },
    );
  }
}
