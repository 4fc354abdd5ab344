// Renders model markdown as sanitized HTML and wires the code blocks' Copy buttons.
import { memo, useMemo, type MouseEvent } from 'react';
import { copyText } from './copyText';
import { renderMarkdown } from './renderMarkdown';

/** Click handler of a `.markdown` element: a code block's Copy button copies its code and says whether it worked. */
export async function onCopyClick(e: MouseEvent<HTMLDivElement>) {
  const button = (e.target as Element).closest('button.code-copy');
  if (!(button instanceof HTMLButtonElement)) return;
  const code = button.closest('.code-block')?.querySelector('code')?.textContent ?? '';
  const done = await copyText(code);
  button.textContent = done ? 'Copied' : 'Copy failed';
  setTimeout(() => {
    button.textContent = 'Copy';
  }, 1500);
}

/** Markdown from the model (untrusted) rendered through {@link renderMarkdown}. */
export const Markdown = memo(function Markdown({ text, className }: { text: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return (
    <div
      className={className ? `markdown ${className}` : 'markdown'}
      onClick={(e) => void onCopyClick(e)}
      // Safe: the HTML comes from renderMarkdown, which escapes raw HTML and runs DOMPurify with an allowlist.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
});
