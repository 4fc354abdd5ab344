// browser_extract: the page's readable text as markdown (@mozilla/readability on linkedom, then turndown).

/** Largest markdown returned, in characters; longer text is cut with a note. */
export const EXTRACT_MAX_CHARS = 40_000;

/**
 * Markdown of the main content of `html` (served from `url`): Readability's article when it finds one, else the
 * body. Starts with `# <title>`; cut at {@link EXTRACT_MAX_CHARS} with a note saying how much was left out.
 */
export async function readableMarkdown(html: string, url: string): Promise<string> {
  const [{ parseHTML }, { Readability }, { default: TurndownService }] = await Promise.all([
    import('linkedom'),
    import('@mozilla/readability'),
    import('turndown'),
  ]);
  const { document } = parseHTML(html);
  const title = document.title;
  // Readability mutates the document it reads; linkedom's document is a fresh parse per call.
  const article = new Readability(document as unknown as Document, { charThreshold: 100 }).parse();
  const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced' });
  turndown.remove(['script', 'style', 'noscript']);
  const body = article?.content ?? parseHTML(html).document.body?.innerHTML ?? '';
  const markdown = turndown.turndown(body).trim();
  const text = `# ${article?.title || title || url}\n\nSource: ${url}\n\n${markdown}`;
  if (text.length <= EXTRACT_MAX_CHARS) return text;
  return `${text.slice(0, EXTRACT_MAX_CHARS)}\n\n[cut: ${text.length - EXTRACT_MAX_CHARS} more characters; scroll or extract a narrower page]`;
}
