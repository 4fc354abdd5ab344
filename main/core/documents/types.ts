// Shapes shared by the document extractors, the renderer that cuts them to a budget, and the extraction worker.

/** Formats Deskpilot extracts text from (see ./formats for how a file's format is recognized). */
export type DocumentFormat =
  'pdf' | 'docx' | 'xlsx' | 'csv' | 'ods' | 'pptx' | 'odp' | 'odt' | 'rtf' | 'epub' | 'html' | 'text';

/**
 * One part of an extracted document: a PDF page, a slide, a sheet, or the whole text of a flowing document.
 * `number` is 1-based (page, slide or sheet number) when the format has such parts; `title` is what a heading shows
 * ("Page 3", "Sheet Sales"). `text` is markdown.
 */
export interface DocumentSection {
  number?: number;
  title?: string;
  text: string;
  /** Sheets only: data rows left out of `text` because of the row cap (see ./sheets). */
  rowsLeftOut?: number;
}

/**
 * A document's extracted text. `parts` names what `sections` are ("page", "slide", "sheet") when they can be
 * chosen with `pages`; undefined for flowing text (choose with `range`, a line range).
 */
export interface ExtractedDocument {
  format: DocumentFormat;
  parts?: 'page' | 'slide' | 'sheet';
  /** How many pages, slides or sheets the whole document has (not only the chosen ones). */
  total?: number;
  sections: DocumentSection[];
  /** Short notes for the reader (e.g. "page 3 has no text: it may be a scanned image"). */
  notes: string[];
}

/** Options of one extraction (tool arguments or attachment defaults). */
export interface ExtractOptions {
  /** Pages, slides or sheets to include, e.g. `"2-4,7"` (1-based); all when absent. */
  pages?: string;
  /**
   * Sheets: data rows to include, e.g. `"101-600"` (1-based, header row excluded); other formats: lines of the
   * extracted text. All (up to the caps) when absent.
   */
  range?: string;
  /** Most data rows kept per sheet (default {@link DEFAULT_SHEET_ROWS}). */
  maxSheetRows?: number;
}

/** Data rows shown per sheet when no `range` is given; the rest is counted in a note. */
export const DEFAULT_SHEET_ROWS = 500;
