// Model output -> safe HTML: marked (GFM) with raw HTML escaped, highlight.js for code, DOMPurify as the final gate.
// Markdown: https://github.github.com/gfm/ ; sanitizer: https://github.com/cure53/DOMPurify#can-i-configure-dompurify
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { Marked, type Tokens, type TokensList } from 'marked';

hljs.registerLanguage('bash', bash);
hljs.registerLanguage('css', css);
hljs.registerLanguage('diff', diff);
hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('json', json);
hljs.registerLanguage('python', python);
hljs.registerLanguage('sql', sql);
hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('xml', xml);
hljs.registerLanguage('yaml', yaml);

/** Escapes text for use inside HTML element content or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Only absolute web and mail links survive; `javascript:`, `data:`, relative and app-internal URLs are dropped. */
export const SAFE_URL = /^(?:https?:|mailto:)/i;

const marked = new Marked({ gfm: true, breaks: false, async: false });
marked.use({
  renderer: {
    // Raw HTML in model output is shown as text, never parsed as markup.
    html: ({ text }: Tokens.HTML | Tokens.Tag) => escapeHtml(text),
    code({ text, lang }: Tokens.Code) {
      const language = (lang ?? '').match(/^[\w+#-]*/)?.[0]?.toLowerCase() ?? '';
      const known = language !== '' && hljs.getLanguage(language) !== undefined;
      const body = known ? hljs.highlight(text, { language, ignoreIllegals: true }).value : escapeHtml(text);
      const label = language
        ? `<span class="code-lang">${escapeHtml(language)}</span>`
        : '<span class="code-lang">text</span>';
      return (
        `<div class="code-block"><div class="code-head">${label}` +
        `<button type="button" class="code-copy" aria-label="Copy code">Copy</button></div>` +
        `<pre><code class="hljs${known ? ` language-${language}` : ''}">${body}</code></pre></div>`
      );
    },
    // Remote images in model output could leak data through their URLs: show them as links instead.
    image({ href, text }: Tokens.Image) {
      const label = escapeHtml(text || 'image');
      return SAFE_URL.test(href) ? `<a href="${escapeHtml(href)}">🖼 ${label}</a>` : label;
    },
  },
});

const purify = DOMPurify(window);
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
  if (node.nodeName === 'INPUT') {
    node.setAttribute('type', 'checkbox');
    node.setAttribute('disabled', '');
  }
});

const PURIFY_CONFIG = {
  ALLOWED_TAGS: [
    'a',
    'p',
    'br',
    'hr',
    'strong',
    'em',
    'del',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'span',
    'div',
    'button',
    'input',
  ],
  ALLOWED_ATTR: ['href', 'title', 'class', 'type', 'disabled', 'checked', 'align', 'start', 'aria-label'],
  ALLOWED_URI_REGEXP: SAFE_URL,
  // With a custom URI pattern DOMPurify checks every non-"URI-safe" attribute value against it; these hold plain values.
  ADD_URI_SAFE_ATTR: ['type', 'align', 'start', 'checked', 'aria-label'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
};

/**
 * Renders untrusted markdown to sanitized HTML. Raw HTML is escaped; links keep only http(s)/mailto targets
 * and open in a new window with `rel="noopener noreferrer"`; code blocks are highlighted and get a Copy button.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return purify.sanitize(html, PURIFY_CONFIG);
}

/**
 * Splits markdown into marked's top-level block tokens (each keeps its exact source in `raw`), with the options
 * {@link renderMarkdown} uses. Tokens are for finding block boundaries only: render HTML through renderMarkdown.
 */
export function lexMarkdown(markdown: string): TokensList {
  return marked.lexer(markdown);
}
