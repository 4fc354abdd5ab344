// Streaming markdown view: finished blocks render once, only the growing last block re-renders, each delta at once.
import { lexMarkdown, renderMarkdown } from './renderMarkdown';

/** Length (chars) up to which the growing last block is re-rendered as markdown on every update. */
export const LIVE_BLOCK_CHARS = 4096;
/** Shortest pause (ms) between re-renders of a longer last block; text arriving meanwhile shows as plain text. */
export const LONG_BLOCK_INTERVAL_MS = 250;
/** A link reference definition changes links in other blocks, so text holding one is rendered as a whole. */
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]\n]+\]:/m;
/** Elements whose last child block holds the end of their text. */
const CONTAINERS = new Set(['UL', 'OL', 'LI', 'BLOCKQUOTE', 'TABLE', 'THEAD', 'TBODY', 'TR', 'DIV', 'PRE']);
/** Elements that take appended text as their own inline content. */
const TEXT_HOLDERS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TD', 'TH', 'CODE', 'LI']);

/** The markdown of a streaming message, kept in a container element the view owns (React renders it empty). */
export interface LiveMarkdownView {
  /**
   * Adds `delta` (text that arrived but is not in the store yet) to the end of the message and shows the result at
   * once, exactly as {@link update} with the longer text would.
   */
  append(delta: string): void;
  /**
   * Shows `text` (the whole message so far) as sanitized markdown, identical to `renderMarkdown(text)`: completed
   * blocks are rendered once and kept, the last block is rendered again. A last block longer than
   * {@link LIVE_BLOCK_CHARS} is rendered again at most every {@link LONG_BLOCK_INTERVAL_MS} ms: its new text shows
   * as plain text in between, and a timer renders it once the interval is over, so the view never stays behind.
   * Text that is a prefix of what the view already shows (the store catching up with `append`) is ignored.
   */
  update(text: string): void;
  /** Cancels a pending long-block render (call when the view goes away). */
  dispose(): void;
}

/** The element inside the last rendered block where plain text continues it (a paragraph, list item, code...). */
function tailTarget(container: HTMLElement, last: Element | null): Element {
  let node = last;
  while (node) {
    const child: Element | null = node.lastElementChild;
    if (node.tagName === 'LI' && (!child || (!CONTAINERS.has(child.tagName) && child.tagName !== 'P'))) return node;
    if (CONTAINERS.has(node.tagName) && child) node = child;
    else return TEXT_HOLDERS.has(node.tagName) ? node : container;
  }
  return container;
}

/** Creates a {@link LiveMarkdownView} rendering into `container` (its previous content is replaced). `now` in ms. */
export function createLiveMarkdownView(
  container: HTMLElement,
  now: () => number = () => performance.now(),
): LiveMarkdownView {
  /** Text on screen: rendered markdown plus plain tail. */
  let shown = '';
  /** Source of the completed blocks (rendered once, never again). */
  let done = '';
  /** False once the text needs rendering as a whole (reference definitions, CR line ends). */
  let splittable = true;
  let lastNodes: ChildNode[] = [];
  let tail: Text | null = null;
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastCostMs = 0;
  /** Pending render of a long last block (see {@link LiveMarkdownView.update}). */
  let timer: ReturnType<typeof setTimeout> | undefined;
  container.replaceChildren();

  const insert = (html: string): ChildNode[] => {
    const template = document.createElement('template');
    // Safe: html comes from renderMarkdown (raw HTML escaped, DOMPurify allowlist), exactly as the Markdown component.
    template.innerHTML = html;
    const nodes = [...template.content.childNodes];
    container.append(template.content);
    return nodes;
  };

  const appendTail = (delta: string) => {
    if (!tail) {
      tail = document.createTextNode('');
      const lastElement = [...lastNodes].reverse().find((n): n is Element => n instanceof Element) ?? null;
      tailTarget(container, lastElement).append(tail);
    }
    tail.appendData(delta);
  };

  const render = (text: string) => {
    const started = now();
    tail?.remove();
    tail = null;
    for (const node of lastNodes) node.remove();
    lastNodes = [];
    let rest = text.slice(done.length);
    if (splittable && (rest.includes('\r') || REFERENCE_DEFINITION.test(rest))) {
      splittable = false;
      container.replaceChildren();
      done = '';
      rest = text;
    }
    if (splittable) {
      // Blocks before the last blank line that precedes the last block are final: later text cannot change them,
      // except a list, which a later item can still join ("- a\n\n-" then "- a\n\n- b"): it stays live.
      const tokens = lexMarkdown(rest);
      let split = tokens.length - 1;
      while (split >= 0 && tokens[split]!.type === 'space') split--;
      do {
        split--;
        while (split >= 0 && tokens[split]!.type !== 'space') split--;
      } while (split > 0 && tokens[split - 1]!.type === 'list');
      const finished = tokens
        .slice(0, split + 1)
        .map((t) => t.raw)
        .join('');
      if (finished && rest.startsWith(finished)) {
        insert(renderMarkdown(finished));
        done = text.slice(0, done.length + finished.length);
        rest = rest.slice(finished.length);
      }
    }
    lastNodes = insert(renderMarkdown(rest));
    lastAt = now();
    lastCostMs = lastAt - started;
  };

  /** Shows `text`, rendering its last block now or, for a long block rendered moments ago, after the interval. */
  const show = (text: string) => {
    if (!text.startsWith(done)) {
      container.replaceChildren();
      lastNodes = [];
      tail = null;
      done = '';
      splittable = true;
    }
    const longBlock = text.length - done.length > LIVE_BLOCK_CHARS;
    const wait = lastAt + Math.max(LONG_BLOCK_INTERVAL_MS, lastCostMs * 8) - now();
    if (longBlock && wait > 0 && text.startsWith(shown)) {
      appendTail(text.slice(shown.length));
      shown = text;
      if (timer === undefined)
        timer = setTimeout(() => {
          timer = undefined;
          render(shown);
        }, wait);
      return;
    }
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    render(text);
    shown = text;
  };

  return {
    append(delta) {
      if (delta) show(shown + delta);
    },
    update(text) {
      if (!shown.startsWith(text)) show(text);
    },
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
