// Spreadsheets (XLSX, CSV) as markdown tables with exceljs (https://github.com/exceljs/exceljs), one section per
// sheet, rows capped with a note saying how many were left out and how to read them.
import { Readable } from 'node:stream';
import type { Workbook, Worksheet } from 'exceljs';
import { selects, type Selection } from './ranges';
import { DEFAULT_SHEET_ROWS, type DocumentSection, type ExtractedDocument } from './types';

/** Options of {@link extractSheets}. */
export interface SheetOptions {
  /** Sheets to include by 1-based number; all when undefined. */
  sheets?: Selection;
  /** Data rows to include (1-based, after the header row); the first `maxRows` when undefined. */
  rows?: Selection;
  /** Most data rows kept per sheet. */
  maxRows?: number;
}

/** A cell as table text: pipes escaped, line breaks flattened. */
function cellText(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

/** One sheet as a markdown table: the first non-empty row is the header. */
function sheetSection(sheet: Worksheet, number: number, opts: SheetOptions): DocumentSection {
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.text ?? '');
    });
    rows.push(Array.from(cells, (c) => c ?? ''));
  });
  const title = `Sheet ${number}: ${sheet.name}`;
  if (rows.length === 0) return { number, title, text: '(empty sheet)' };
  const width = Math.max(...rows.map((r) => r.length));
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  const [header, ...data] = rows;
  const max = opts.maxRows ?? DEFAULT_SHEET_ROWS;
  const picked: string[][] = [];
  let firstShown = 0;
  let lastShown = 0;
  for (let i = 0; i < data.length && picked.length < max; i++) {
    if (opts.rows && !selects(opts.rows, i + 1)) continue;
    if (!firstShown) firstShown = i + 1;
    lastShown = i + 1;
    picked.push(data[i]);
  }
  const lines = [line(header), line(Array<string>(width).fill('---')), ...picked.map(line)];
  const rowsLeftOut = data.length - picked.length;
  let text = lines.join('\n');
  if (rowsLeftOut > 0) {
    const next =
      lastShown < data.length ? `; read more with pages="${number}" range="${lastShown + 1}-${lastShown + max}"` : '';
    text += `\n\n[showing data rows ${firstShown || 0}-${lastShown} of ${data.length}; ${rowsLeftOut} rows left out${next}]`;
  }
  return { number, title, text, rowsLeftOut };
}

/** Loads an XLSX or CSV into an exceljs workbook. */
async function load(bytes: Uint8Array, format: 'xlsx' | 'csv'): Promise<Workbook> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  // Cast: exceljs types load() as ArrayBuffer-only, but it reads Node Buffers (its docs load from a Buffer).
  if (format === 'xlsx') await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  else await workbook.csv.read(Readable.from([Buffer.from(bytes)]));
  return workbook;
}

/**
 * The chosen sheets of an XLSX or CSV file as markdown tables.
 * @throws an Error naming `name` when the workbook cannot be read (damaged, encrypted, or another format).
 */
export async function extractSheets(
  bytes: Uint8Array,
  name: string,
  format: 'xlsx' | 'csv',
  opts: SheetOptions,
): Promise<ExtractedDocument> {
  let workbook: Workbook;
  try {
    workbook = await load(bytes, format);
  } catch (error) {
    throw new Error(
      `${name} could not be read as ${format === 'xlsx' ? 'an Excel workbook' : 'CSV'} (${(error as Error).message}). It may be damaged or password-protected: open it in a spreadsheet app and save it again${format === 'xlsx' ? ' as .xlsx or .csv' : ''}.`,
      { cause: error },
    );
  }
  const sections: DocumentSection[] = [];
  workbook.worksheets.forEach((sheet, i) => {
    if (!opts.sheets || selects(opts.sheets, i + 1)) sections.push(sheetSection(sheet, i + 1, opts));
  });
  const left = sections.reduce((sum, s) => sum + (s.rowsLeftOut ?? 0), 0);
  return {
    format,
    parts: 'sheet',
    total: workbook.worksheets.length,
    sections,
    notes: left ? [`${left} rows were left out (see the note under each sheet).`] : [],
  };
}
