// Document fixtures tests make themselves: PDFs printed by Chromium, DOCX/ODT/RTF/EPUB written by officeparser's
// generator from markdown, XLSX/CSV written by exceljs. No downloaded corpora.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { CHROMIUM_PATH } from './browser';

const run = promisify(execFile);

/**
 * Prints `html` to `<dir>/<name>` as a PDF with headless Chromium (no header/footer; CSS `break-after: page` makes
 * pages). Returns the PDF's path.
 * @throws an Error saying what to install when Chromium is missing.
 */
export async function printPdf(dir: string, name: string, html: string): Promise<string> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\`.`);
  const page = path.join(dir, `${name}.html`);
  const out = path.join(dir, name);
  await writeFile(page, html);
  await run(
    CHROMIUM_PATH,
    ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--print-to-pdf=${out}`, page],
    { timeout: 60_000 },
  );
  if (!existsSync(out)) throw new Error(`Chromium did not write ${out}`);
  return out;
}

/** HTML whose pages (separated by page breaks) hold the given HTML fragments. */
export function pagedHtml(pages: string[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>.pb{break-after:page}</style></head><body>${pages
    .map((p, i) => (i < pages.length - 1 ? `<div class="pb">${p}</div>` : `<div>${p}</div>`))
    .join('')}</body></html>`;
}

/** Writes `markdown` converted to `format` (docx, odt, rtf, epub) by officeparser's generator; returns the path. */
export async function writeOfficeFromMarkdown(
  dir: string,
  name: string,
  format: 'docx' | 'odt' | 'rtf' | 'epub',
  markdown: string,
): Promise<string> {
  const { OfficeConverter } = await import('officeparser');
  const result = await OfficeConverter.convert(Buffer.from(markdown), format, { parseConfig: { fileType: 'md' } });
  const out = path.join(dir, name);
  // Cast: officeparser types a generated file as its destination-specific value; for docx/odt/rtf/epub it is bytes.
  await writeFile(out, Buffer.from(result.value as unknown as Uint8Array));
  return out;
}

/** Writes an XLSX with one sheet per entry of `sheets` (name -> rows, first row the header); returns the path. */
export async function writeXlsx(
  dir: string,
  name: string,
  sheets: Record<string, (string | number)[][]>,
): Promise<string> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  for (const [sheetName, rows] of Object.entries(sheets)) workbook.addWorksheet(sheetName).addRows(rows);
  const out = path.join(dir, name);
  await workbook.xlsx.writeFile(out);
  return out;
}
