// Which extractor reads a file: by extension first, then by magic bytes; the labels users see for each format.
import { extname } from 'node:path';
import type { DocumentFormat } from './types';

const byExtension: Record<string, DocumentFormat> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  '.csv': 'csv',
  '.ods': 'ods',
  '.pptx': 'pptx',
  '.odp': 'odp',
  '.odt': 'odt',
  '.rtf': 'rtf',
  '.epub': 'epub',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
};

/** Extensions of binary formats Deskpilot recognizes but cannot read, with what to do instead. */
const unsupported: Record<string, string> = {
  '.doc': 'Save it as .docx (Word: File > Save As) and read that.',
  '.xls': 'Save it as .xlsx or .csv and read that.',
  '.ppt': 'Save it as .pptx and read that.',
  '.pages': 'Export it as .docx or PDF and read that.',
  '.numbers': 'Export it as .xlsx or .csv and read that.',
  '.key': 'Export it as .pptx or PDF and read that.',
};

/** What users see for each format, e.g. in the attachment chip and the document heading. */
export const FORMAT_LABELS: Record<DocumentFormat, string> = {
  pdf: 'PDF',
  docx: 'Word document',
  xlsx: 'Excel workbook',
  csv: 'CSV',
  ods: 'OpenDocument spreadsheet',
  pptx: 'PowerPoint deck',
  odp: 'OpenDocument presentation',
  odt: 'OpenDocument text',
  rtf: 'RTF document',
  epub: 'EPUB book',
  html: 'HTML page',
  text: 'Text',
};

/** Formats {@link detectFormat} can return other than `text`: what read_file should send to read_document. */
export const BINARY_DOCUMENT_EXTENSIONS = Object.keys(byExtension).filter(
  (e) => !['.csv', '.html', '.htm', '.xhtml'].includes(e),
);

/**
 * The format of a file named `name` whose first bytes are `head`. Extension wins; without a known one, `%PDF-` is
 * a PDF, bytes without NUL (or with a UTF-16 BOM) are text.
 * @throws an Error naming the file and what to do when the type is known to be unreadable or not recognized.
 */
export function detectFormat(name: string, head: Uint8Array): DocumentFormat {
  const ext = extname(name).toLowerCase();
  if (byExtension[ext]) return byExtension[ext];
  if (unsupported[ext]) throw new Error(`${name}: the ${ext} format is not supported. ${unsupported[ext]}`);
  const start = Buffer.from(head.subarray(0, 8)).toString('latin1');
  if (start.startsWith('%PDF-')) return 'pdf';
  if (start.startsWith('{\\rtf')) return 'rtf';
  if (/^\s*<(!doctype html|html)/i.test(Buffer.from(head.subarray(0, 256)).toString('latin1'))) return 'html';
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (utf16 || !head.includes(0)) return 'text';
  throw new Error(
    `${name} is a binary file of a type Deskpilot cannot read${ext ? ` (${ext})` : ''}. Supported: PDF, DOCX, XLSX, ODS, CSV, PPTX, ODP, ODT, RTF, EPUB, HTML and text files.`,
  );
}
