// PDF text per page with unpdf (pdf.js underneath, https://github.com/unjs/unpdf).
import type { DocumentSection, ExtractedDocument } from './types';
import { selects, type Selection } from './ranges';

/**
 * Text of the chosen pages of a PDF (`pages` undefined: all), one section per page. A page without text gets a
 * note that it may be a scanned image.
 * @throws an Error naming `name` for an encrypted (password-protected) or damaged PDF, with what to do.
 */
export async function extractPdf(
  bytes: Uint8Array,
  name: string,
  pages: Selection | undefined,
): Promise<ExtractedDocument> {
  const { getDocumentProxy } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(bytes);
  } catch (error) {
    const kind = (error as { name?: string }).name;
    if (kind === 'PasswordException')
      throw new Error(
        `${name} is an encrypted (password-protected) PDF; Deskpilot cannot open it. Open it in a PDF viewer with the password and save or print an unprotected copy, then read that.`,
        { cause: error },
      );
    throw new Error(
      `${name} could not be read as a PDF (${(error as Error).message}). The file may be damaged or not a PDF; open it in a PDF viewer to check, or re-export it.`,
      { cause: error },
    );
  }
  const sections: DocumentSection[] = [];
  const blank: number[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    if (pages && !selects(pages, n)) continue;
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str;
      if (item.hasEOL) text += '\n';
      else if (item.str && !text.endsWith(' ')) text += ' ';
    }
    text = text.replace(/[ \t]+\n/g, '\n').trim();
    if (!text) {
      blank.push(n);
      text = '(no text on this page: it may be a scanned image; Deskpilot has no OCR for it)';
    }
    sections.push({ number: n, title: `Page ${n}`, text });
    page.cleanup();
  }
  const total = pdf.numPages;
  await pdf.loadingTask.destroy();
  const notes = blank.length
    ? [`${blank.length === 1 ? 'Page' : 'Pages'} ${blank.join(', ')} had no text layer (scanned images?).`]
    : [];
  return { format: 'pdf', parts: 'page', total, sections, notes };
}
