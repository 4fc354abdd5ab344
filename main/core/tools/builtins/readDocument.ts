// Built-in `read_document`: the text of a PDF, Office file, spreadsheet, EPUB, HTML or text file in any encoding,
// as markdown cut to a token budget (../../documents). Paths only: a tool's risk is fixed per tool (see ../policy),
// so URLs go through `web_fetch` (risk external), which extracts the same formats.
import { z } from 'zod';
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { extractFile } from '../../documents/extractInWorker';
import { defineBuiltin } from './define';
import { errnoCode, notFoundMessage, readPath } from './fsHelpers';

const parameters = z.object({
  path: z
    .string()
    .min(1)
    .describe('Document to read. Relative paths resolve against the working directory; ~ is the home directory.'),
  pages: z
    .string()
    .optional()
    .describe('PDF pages or spreadsheet sheets to read, 1-based: "3", "2-5", "1,4-6", "10-" (to the end).'),
  range: z
    .string()
    .optional()
    .describe(
      'Spreadsheets: data rows to read ("101-600"). Other documents: lines of the extracted text ("421-"), as the cut note says.',
    ),
});

/**
 * `read_document` {path, pages?, range?}, risk `read`. Reads PDF (text per page, `## Page N`), DOCX, XLSX/ODS/CSV
 * (markdown tables), PPTX/ODP/ODT/RTF/EPUB, HTML and text in any encoding, extracted in a worker with a time limit.
 * The path goes through the call's FileAccess (protected paths refused) like `read_file`. Long documents are cut to
 * about 15,000 tokens with a note naming the `pages`/`range` that read on.
 * @throws an Error naming the file and what to do for a missing, oversized, unsupported, encrypted or damaged file.
 */
export const readDocumentTool: ToolDefinition = defineBuiltin({
  name: 'read_document',
  description:
    'Read a document file as markdown: PDF (per page), Word (.docx), spreadsheets (.xlsx, .ods, .csv as tables), slides (.pptx, .odp), .odt, .rtf, .epub, HTML and text in any encoding. Long documents are cut with a note saying which pages or range to read next. For web addresses use web_fetch.',
  parameters,
  risk: 'read',
  async execute(args, ctx) {
    const path = readPath(args.path, ctx);
    try {
      const doc = await extractFile(path, { pages: args.pages, range: args.range }, ctx.signal);
      return doc.text;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') throw new Error(notFoundMessage('File', path, ctx.cwd), { cause: error });
      throw error;
    }
  },
});
