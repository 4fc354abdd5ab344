// One entry for every format: picks the extractor for a file's format and applies `pages`/`range`.
import { extractDocx } from './docx';
import { readableMarkdown } from './html';
import { extractOffice } from './office';
import { extractPdf } from './pdf';
import { parseSelection } from './ranges';
import { extractSheets } from './sheets';
import { decodeText, extractText } from './text';
import type { DocumentFormat, ExtractedDocument, ExtractOptions } from './types';

/**
 * Extracts the document `bytes` (named `name`, of `format`) as markdown sections. `pages` chooses PDF pages or
 * sheets; for sheets `range` chooses data rows (other formats apply `range` to lines when rendering, ./render).
 * `url` is the page's address for HTML (its Source line); defaults to `name`.
 * @throws an Error naming the file and what to do when it cannot be read.
 */
export async function extractBytes(
  bytes: Uint8Array,
  name: string,
  format: DocumentFormat,
  opts: ExtractOptions & { url?: string } = {},
): Promise<ExtractedDocument> {
  const pages = opts.pages ? parseSelection(opts.pages, 'pages') : undefined;
  switch (format) {
    case 'pdf':
      return extractPdf(bytes, name, pages);
    case 'docx':
      return extractDocx(bytes, name);
    case 'xlsx':
    case 'csv':
      return extractSheets(bytes, name, format, {
        sheets: pages,
        rows: opts.range ? parseSelection(opts.range, 'range') : undefined,
        maxRows: opts.maxSheetRows,
      });
    case 'ods':
    case 'pptx':
    case 'odp':
    case 'odt':
    case 'rtf':
    case 'epub':
      return extractOffice(bytes, name, format);
    case 'html': {
      const { text } = await decodeText(bytes, name);
      return { format, sections: [{ text: await readableMarkdown(text, opts.url ?? name) }], notes: [] };
    }
    case 'text':
      return extractText(bytes, name);
  }
}
