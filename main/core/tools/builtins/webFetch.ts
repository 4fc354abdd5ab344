// Built-in `web_fetch`: a web page (or a PDF/Office file on the web) as readable markdown, through ../../web/fetch
// (http(s) only, each redirect re-checked, private addresses refused unless allowed) and ../../documents.
import { z } from 'zod';
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { extractBytesInWorker } from '../../documents/extractInWorker';
import { detectFormat } from '../../documents/formats';
import type { DocumentFormat } from '../../documents/types';
import { fetchUrl } from '../../web/fetch';
import { defineBuiltin } from './define';

const parameters = z.object({
  url: z.string().min(1).describe('The http:// or https:// address to read.'),
  pages: z.string().optional().describe('For a PDF or spreadsheet at the URL: pages or sheets to read, e.g. "2-5".'),
  range: z.string().optional().describe('Lines of the extracted text to read (spreadsheets: data rows), e.g. "421-".'),
});

/** Content-Type (without parameters) to document format; others are detected from the URL's file name and bytes. */
const byContentType: Record<string, DocumentFormat> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/epub+zip': 'epub',
  'application/rtf': 'rtf',
  'application/json': 'text',
};

/** The format of a fetched body: by Content-Type, else `text/*` is text, else by the URL's file name and bytes. */
function formatOf(contentType: string, url: string, body: Uint8Array): DocumentFormat {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (byContentType[type]) return byContentType[type];
  if (type.startsWith('text/')) return 'text';
  const file = decodeURIComponent(new URL(url).pathname.split('/').pop() || 'index');
  return detectFormat(file, body.subarray(0, 4096));
}

/** Settings `web_fetch` reads at each call. */
export interface WebFetchSettings {
  /** Allow loopback, private and link-local addresses (`web.allowPrivateAddresses`). */
  allowPrivateAddresses: boolean;
}

/**
 * Creates `web_fetch` {url, pages?, range?}, risk `external`. Fetches the URL (up to 20 MB, 30 s, 10 redirects,
 * every hop re-checked; non-http(s) schemes refused; loopback/private/link-local addresses, checked after DNS,
 * refused unless `settings().allowPrivateAddresses`), then returns the page's readable part as markdown (Readability
 * + turndown), or a PDF/Office/spreadsheet body extracted like read_document, cut to about 15,000 tokens with a note
 * saying how to read on.
 */
export function createWebFetchTool(settings: () => WebFetchSettings): ToolDefinition {
  return defineBuiltin({
    name: 'web_fetch',
    description:
      'Fetch a web page (http/https) and return its readable text as markdown; PDFs and Office files at a URL are extracted too. Long pages are cut with a note saying which range to read next. Local and private network addresses are refused unless the user allows them.',
    parameters,
    risk: 'external',
    async execute(args, ctx) {
      const page = await fetchUrl(args.url, { allowPrivate: settings().allowPrivateAddresses, signal: ctx.signal });
      const status = page.status >= 400 ? ` (HTTP ${page.status})` : '';
      if (page.body.byteLength === 0) return `${page.url} returned an empty body${status}.`;
      const format = formatOf(page.contentType, page.url, page.body);
      const doc = await extractBytesInWorker(
        page.body,
        page.url,
        format,
        { pages: args.pages, range: args.range, url: page.url },
        ctx.signal,
      );
      const redirected = page.url !== new URL(args.url).href ? `[redirected to ${page.url}]\n` : '';
      return { output: `${redirected}${doc.text}`, isError: page.status >= 400 };
    },
  });
}
