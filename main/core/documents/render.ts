// Renders an extracted document as one markdown text cut to a token budget, with a note saying what was left out
// and the exact `pages`/`range` arguments that read on.
import { estimateTokens } from '../context/tokens';
import { FORMAT_LABELS } from './formats';
import { parseSelection, selects } from './ranges';
import type { ExtractedDocument } from './types';

/** Tokens of document text returned when the caller gives no budget (~4 characters a token). */
export const DEFAULT_DOCUMENT_TOKENS = 15_000;

/** A rendered document: the text for the model, and facts for chips and notes. */
export interface RenderedDocument {
  text: string;
  /** Estimated tokens of `text` (./context/tokens). */
  tokens: number;
  /** True when something was left out because of the budget. */
  truncated: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The heading line: `# report.pdf (PDF, 12 pages)`. */
export function documentHeading(name: string, doc: ExtractedDocument): string {
  const count = doc.parts && doc.total !== undefined ? `, ${plural(doc.total, doc.parts)}` : '';
  return `# ${name} (${FORMAT_LABELS[doc.format]}${count})`;
}

/**
 * `doc` as markdown: a heading, its notes, then each section (`## Page 3` …). `range` (not for sheets, where
 * extraction applied it to rows) keeps only those lines of the body. Cut at whole lines to about `maxTokens`; the
 * closing note names the `pages` (paged formats) or `range` (line numbers of the body) to pass to read on.
 * @throws an Error when `range` is malformed or starts past the end of the text.
 */
export function renderDocument(
  name: string,
  doc: ExtractedDocument,
  opts: { pages?: string; range?: string; maxTokens?: number } = {},
): RenderedDocument {
  // Body lines, each remembering its section number (for "read on with pages=").
  const lines: { text: string; section?: number }[] = [];
  for (const section of doc.sections) {
    if (section.title)
      lines.push({ text: `## ${section.title}`, section: section.number }, { text: '', section: section.number });
    for (const text of section.text.split('\n')) lines.push({ text, section: section.number });
    lines.push({ text: '', section: section.number });
  }
  while (lines.length && lines[lines.length - 1].text === '') lines.pop();
  let first = 1;
  let chosen = lines.map((line, i) => ({ ...line, no: i + 1 }));
  if (opts.range && doc.parts !== 'sheet') {
    const selection = parseSelection(opts.range, 'range');
    chosen = chosen.filter((l) => selects(selection, l.no));
    if (chosen.length === 0)
      throw new Error(
        `range=${JSON.stringify(opts.range)} is past the end: ${name} has ${lines.length} lines of text.`,
      );
    first = chosen[0].no;
  }
  const head = [documentHeading(name, doc), ...doc.notes.map((n) => `[${n}]`)].join('\n');
  const budget = (opts.maxTokens ?? DEFAULT_DOCUMENT_TOKENS) * 4 - head.length;
  let used = 0;
  let kept = 0;
  while (kept < chosen.length && used + chosen[kept].text.length + 1 <= budget) {
    used += chosen[kept].text.length + 1;
    kept++;
  }
  const paged = doc.parts !== undefined && doc.parts !== 'sheet';
  if (paged && kept < chosen.length && kept > 0 && chosen[0].section !== chosen[kept].section) {
    // Cut inside a page that is not the first shown: end at the page's start, so pages="N-" reads on exactly.
    const section = chosen[kept].section;
    while (kept > 0 && chosen[kept - 1].section === section) kept--;
  }
  let body = chosen.slice(0, kept).map((l) => l.text);
  let note = '';
  if (kept < chosen.length) {
    const cutLine = chosen[kept];
    if (kept === 0) {
      // One line longer than the whole budget: keep its start.
      body = [cutLine.text.slice(0, Math.max(0, budget - 200))];
    }
    const lastNo = kept === 0 ? cutLine.no : chosen[kept - 1].no;
    const resumeLine = kept === 0 ? cutLine.no + 1 : cutLine.no;
    const atSectionStart = kept > 0 && chosen[kept - 1].section !== cutLine.section;
    const readOn =
      paged && atSectionStart && cutLine.section !== undefined
        ? `pages="${cutLine.section}-"`
        : `range="${resumeLine}-"${opts.pages ? ` and the same pages="${opts.pages}"` : ''}`;
    note = `\n\n[cut to about ${opts.maxTokens ?? DEFAULT_DOCUMENT_TOKENS} tokens: showing lines ${first}-${lastNo} of ${lines.length}. Read on with ${readOn}.]`;
  }
  const text = `${head}\n\n${body.join('\n')}${note}`;
  return { text, tokens: estimateTokens(text), truncated: note !== '' };
}
