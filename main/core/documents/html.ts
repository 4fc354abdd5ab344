// HTML to markdown: the one converter of Deskpilot (turndown with a table rule), and the readable part of a page
// (@mozilla/readability on linkedom, https://github.com/mozilla/readability) as markdown.
import type TurndownService from 'turndown';

/** The DOM surface the table rule reads (turndown hands it a DOM node; main/ compiles without the DOM lib). */
interface TableNode {
  nodeName: string;
  innerHTML: string;
  children: ArrayLike<TableNode>;
  querySelectorAll(selector: string): ArrayLike<TableNode>;
}

/** Cells of one table row as markdown text: inline content, pipes escaped, newlines flattened. */
function rowCells(row: TableNode, turndown: TurndownService): string[] {
  return Array.from(row.children)
    .filter((c) => c.nodeName === 'TD' || c.nodeName === 'TH')
    .map((cell) => turndown.turndown(cell.innerHTML).replace(/\n+/g, ' ').replace(/\|/g, '\\|').trim());
}

/** A turndown converter (ATX headings, fenced code, `-` bullets) that also writes tables as GFM pipe tables. */
async function converter(): Promise<TurndownService> {
  const { default: Turndown } = await import('turndown');
  const turndown = new Turndown({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
  turndown.remove(['script', 'style', 'noscript']);
  turndown.addRule('table', {
    filter: 'table',
    replacement: (_content, node) => {
      // Cast: turndown types the node as a DOM HTMLElement; main/ has no DOM lib, TableNode is the part we read.
      const rows = Array.from((node as unknown as TableNode).querySelectorAll('tr')).map((r) => rowCells(r, turndown));
      if (rows.length === 0) return '';
      const width = Math.max(...rows.map((r) => r.length));
      const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
      const [head, ...body] = rows;
      return `\n\n${[line(head), line(Array(width).fill('---')), ...body.map(line)].join('\n')}\n\n`;
    },
  });
  return turndown;
}

/**
 * Markdown of an HTML fragment or document: headings, lists, links, code and tables (as pipe tables) kept;
 * scripts and styles dropped.
 */
export async function htmlToMarkdown(html: string): Promise<string> {
  return (await converter()).turndown(html).trim();
}

/**
 * The readable part of a page as markdown: Readability's article when it finds one, else the whole body. Starts
 * with `# <title>` and `Source: <url>`. Not cut: callers apply their own budget.
 */
export async function readableMarkdown(html: string, url: string): Promise<string> {
  const [{ parseHTML }, { Readability }] = await Promise.all([import('linkedom'), import('@mozilla/readability')]);
  const { document } = parseHTML(html);
  const title = document.title;
  // Readability mutates the document it reads; parse again for the body fallback.
  const article = new Readability(document as unknown as Document, { charThreshold: 100 }).parse();
  const body = article?.content ?? parseHTML(html).document.body?.innerHTML ?? '';
  const markdown = await htmlToMarkdown(body);
  return `# ${article?.title || title || url}\n\nSource: ${url}\n\n${markdown}`;
}
