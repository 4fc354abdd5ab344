// Markdown -> the plain text a reader sees, for excerpts shown as text (search hits). GFM: https://github.github.com/gfm/
import { Lexer, type Token, type Tokens } from 'marked';

/** The lexer options renderMarkdown.ts uses (GFM); lexing only, nothing is rendered to HTML here. */
const OPTIONS = { gfm: true, breaks: false } as const;

/** The visible text of marked tokens: leaves' `text`, containers walked, breaks as spaces, images as their alt. */
function tokensText(tokens: readonly Token[]): string {
  let out = '';
  for (const token of tokens) {
    if (token.type === 'list') out += tokensText((token as Tokens.List).items);
    else if ('tokens' in token && Array.isArray(token.tokens)) out += tokensText(token.tokens);
    else if (token.type === 'br' || token.type === 'space') out += ' ';
    else if (token.type === 'codespan' || token.type === 'text' || token.type === 'escape') out += token.text;
    else if (token.type === 'image') out += (token as Tokens.Image).text;
    else if ('text' in token && typeof token.text === 'string') out += token.text;
  }
  return out;
}

/**
 * One line of markdown as the plain text a reader sees (`**done**` → `done`, `[docs](https://x)` → `docs`, `# Title`
 * → `Title`, `` `npm ci` `` → `npm ci`), for places that show an excerpt as text, such as search hits. Whitespace is
 * collapsed; markdown that marked cannot read is returned as it came.
 */
export function markdownToPlainText(markdown: string): string {
  const text = tokensText(Lexer.lex(markdown, OPTIONS)).replace(/\s+/g, ' ').trim();
  return text === '' ? markdown.trim() : text;
}
