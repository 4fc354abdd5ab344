// Tests the streaming markdown view (renderer/features/chat/liveMarkdown.ts) in real Chromium: same HTML as renderMarkdown.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundlePage, type BundlePage } from '../../../../support/bundlePage';

const entry = fileURLToPath(new URL('../../../../../renderer/features/chat/liveMarkdown.ts', import.meta.url));
const markdownEntry = fileURLToPath(
  new URL('../../../../../renderer/features/chat/renderMarkdown.ts', import.meta.url),
);
let opened: BundlePage;
let page: Page;

beforeAll(async () => {
  opened = await openBundlePage([entry, markdownEntry], 'LM');
  page = opened.page;
}, 30_000);

afterAll(async () => {
  await opened?.close();
});

/**
 * Streams `md` into a fresh view in pieces of 1..`step` chars and returns the prefixes (by length) where the view's
 * HTML differed from renderMarkdown(prefix). `update` feeds each prefix through `update` (the store's path); `append`
 * feeds each piece through `append` as the live text fast path does, followed by the store's lagging `update` with
 * the same prefix, checking the DOM after each call.
 */
async function streamMismatches(md: string, step: number, via: 'update' | 'append' = 'update'): Promise<number[]> {
  return page.evaluate(
    ({ md, step, via }) => {
      type View = { update(t: string): void; append(d: string): void; dispose(): void };
      // Cast: the page's globals are set by the test's script, outside TypeScript's view of window.
      const lm = (
        window as unknown as {
          LM: { createLiveMarkdownView(el: HTMLElement): View; renderMarkdown(s: string): string };
        }
      ).LM;
      const out = document.getElementById('out')!;
      const view = lm.createLiveMarkdownView(out);
      const bad: number[] = [];
      let i = 0;
      let n = 0;
      while (i < md.length) {
        const from = i;
        i = Math.min(md.length, i + 1 + (n++ % step));
        const text = md.slice(0, i);
        if (via === 'append') {
          view.append(md.slice(from, i));
          if (out.innerHTML !== lm.renderMarkdown(text)) bad.push(i);
        }
        view.update(text);
        if (out.innerHTML !== lm.renderMarkdown(text) && bad.at(-1) !== i) bad.push(i);
      }
      view.dispose();
      return bad;
    },
    { md, step, via },
  );
}

const samples: Record<string, string> = {
  prose:
    'Module 3 parses the **configuration** and exposes `load()`.\n\n- It reads the file once\n- It caches the result\n\nIt is *safe* to change.\n',
  headings: '# Title\n\nSome text\nwith a soft break.\n\nSetext\n------\n\nfoo\n#b and more\n\n## Two\n\n---\n\nend',
  lists:
    '1. one\n2. two\n\n   continued\n\n3. three\n\n- a\n\n- b\n  - nested\n  - more\n\nafter the list\n\n* other\n* list\n',
  code: 'Before:\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\n\n    indented\n\n    still code\n\nafter `code` **bold**\n',
  quotes: '> quoted\nlazy line\n\n> second\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\nDone.',
  hostile:
    'Hi <img src=x onerror="window.__xss=1">\n\n<!-- comment\n\nstill comment -->\n\n<div onclick="window.__xss=2">x</div>\n\n[bad](javascript:window.__xss=3) ok',
  references: 'See [the docs][d] and more.\n\nAnother paragraph.\n\n[d]: https://example.com/docs\n\nTail text.',
  crlf: 'One\r\n\r\nTwo\r\n- a\r\n- b\r\n',
};

/** Lines markdown blocks are made of; {@link generated} strings them together at random (seeded, repeatable). */
const fragments = [
  '- item\n',
  '\n',
  '\n\n',
  '1. first\n',
  '2) paren\n',
  '   continued\n',
  '  - nested\n',
  '> quote\n',
  '```\n',
  'code();\n',
  'Text with *em* and `tick`\n',
  '# Head\n',
  '---\n',
  '===\n',
  '    indented\n',
  '| a | b |\n',
  '|---|---|\n',
  '\tTab start\n',
  '<div>\n',
  '<!--\n',
  '-->\n',
  '* star\n',
  '- [ ] task\n',
  '+ plus\n',
  '<pre>\n',
  '</pre>\n',
  'plain words \n',
];

function generated(seed: number, count: number): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += fragments[x % fragments.length]!;
  }
  return out;
}

describe('createLiveMarkdownView', () => {
  it('renders every streamed prefix of generated block mixes exactly like renderMarkdown', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const md = generated(seed, 40);
      expect({ seed, bad: await streamMismatches(md, 4) }).toEqual({ seed, bad: [] });
    }
  }, 120_000);

  it('renders every prefix of generated block mixes streamed as deltas (append) exactly like renderMarkdown', async () => {
    for (let seed = 31; seed <= 45; seed++) {
      const md = generated(seed, 40);
      expect({ seed, bad: await streamMismatches(md, 4, 'append') }).toEqual({ seed, bad: [] });
    }
  }, 120_000);

  for (const [name, md] of Object.entries(samples)) {
    it(`renders every streamed prefix exactly like renderMarkdown (${name})`, async () => {
      expect(await streamMismatches(md, 5)).toEqual([]);
      expect(await streamMismatches(md, 1)).toEqual([]);
      expect(await streamMismatches(md, 3, 'append')).toEqual([]);
      expect(await streamMismatches(md, 1, 'append')).toEqual([]);
    }, 60_000);
  }

  it('keeps finished blocks in place and re-renders only the last one', async () => {
    const r = await page.evaluate(() => {
      type View = { update(t: string): void };
      // Cast: the page's globals are set by the test's script, outside TypeScript's view of window.
      const lm = (window as unknown as { LM: { createLiveMarkdownView(el: HTMLElement): View } }).LM;
      const out = document.getElementById('out')!;
      const view = lm.createLiveMarkdownView(out);
      view.update('First paragraph.\n\nSecond');
      const first = out.querySelector('p');
      const second = out.querySelectorAll('p')[1];
      view.update('First paragraph.\n\nSecond grows');
      return {
        sameFirst: out.querySelector('p') === first,
        sameSecond: out.querySelectorAll('p')[1] === second,
        text: out.textContent,
      };
    });
    expect(r).toEqual({ sameFirst: true, sameSecond: false, text: 'First paragraph.\nSecond grows\n' });
  });

  it('renders appended deltas as markdown at once and ignores the store catching up', async () => {
    const r = await page.evaluate(() => {
      type View = { update(t: string): void; append(d: string): void };
      // Cast: the page's globals are set by the test's script, outside TypeScript's view of window.
      const w = window as unknown as {
        LM: { createLiveMarkdownView(el: HTMLElement): View; renderMarkdown(s: string): string };
        __xss?: number;
      };
      w.__xss = 0;
      const out = document.getElementById('out')!;
      const view = w.LM.createLiveMarkdownView(out);
      view.update('# Title');
      view.append('\n\nFirst **para');
      view.append('graph**\n\n- a');
      const text = '# Title\n\nFirst **paragraph**\n\n- a';
      const during = { exact: out.innerHTML === w.LM.renderMarkdown(text), h1: out.querySelector('h1')!.textContent };
      const kept = out.querySelector('h1');
      view.update(text.slice(0, 12));
      view.update(text);
      view.append(' and <img src=x onerror="window.__xss=1">');
      const full = `${text} and <img src=x onerror="window.__xss=1">`;
      return {
        during,
        sameHeading: out.querySelector('h1') === kept,
        exact: out.innerHTML === w.LM.renderMarkdown(full),
        images: out.querySelectorAll('img').length,
      };
    });
    expect(r).toEqual({ during: { exact: true, h1: 'Title' }, sameHeading: true, exact: true, images: 0 });
    await expect.poll(() => page.evaluate(() => (window as { __xss?: number }).__xss)).toBe(0);
  });

  it('re-renders a very long last block at most every LONG_BLOCK_INTERVAL_MS, showing new text as plain text between', async () => {
    const r = await page.evaluate(() => {
      type View = { update(t: string): void };
      // Cast: the page's globals are set by the test's script, outside TypeScript's view of window.
      const w = window as unknown as {
        LM: {
          createLiveMarkdownView(el: HTMLElement, now: () => number): View;
          renderMarkdown(s: string): string;
          LIVE_BLOCK_CHARS: number;
          LONG_BLOCK_INTERVAL_MS: number;
        };
      };
      const out = document.getElementById('out')!;
      let clock = 1000;
      const view = w.LM.createLiveMarkdownView(out, () => clock);
      const long = 'word '.repeat(Math.ceil(w.LM.LIVE_BLOCK_CHARS / 5) + 10);
      view.update(long);
      const exactAtStart = out.innerHTML === w.LM.renderMarkdown(long);
      clock += 10;
      view.update(`${long}**bold**`);
      const between = {
        raw: out.querySelector('p')!.textContent!.endsWith('**bold**'),
        paragraphs: out.querySelectorAll('p').length,
      };
      clock += w.LM.LONG_BLOCK_INTERVAL_MS;
      view.update(`${long}**bold** more`);
      return { exactAtStart, between, exactAfter: out.innerHTML === w.LM.renderMarkdown(`${long}**bold** more`) };
    });
    expect(r).toEqual({ exactAtStart: true, between: { raw: true, paragraphs: 1 }, exactAfter: true });
  });

  it('renders a long last block left as plain text once the interval is over, with no further update', async () => {
    const r = await page.evaluate(async () => {
      type View = { update(t: string): void; append(d: string): void };
      // Cast: the page's globals are set by the test's script, outside TypeScript's view of window.
      const w = window as unknown as {
        LM: {
          createLiveMarkdownView(el: HTMLElement): View;
          renderMarkdown(s: string): string;
          LIVE_BLOCK_CHARS: number;
        };
      };
      const out = document.getElementById('out')!;
      const view = w.LM.createLiveMarkdownView(out);
      const long = `\`\`\`ts\n${'const x = 1;\n'.repeat(Math.ceil(w.LM.LIVE_BLOCK_CHARS / 13) + 10)}`;
      view.update(long);
      view.append('**last**');
      const text = `${long}**last**`;
      const before = out.innerHTML === w.LM.renderMarkdown(text);
      const rendered = await new Promise<number>((resolve) => {
        const started = performance.now();
        const check = () =>
          out.innerHTML === w.LM.renderMarkdown(text)
            ? resolve(performance.now() - started)
            : requestAnimationFrame(check);
        check();
      });
      return { before, renderedWithinMs: rendered };
    });
    expect(r.before).toBe(false);
    expect(r.renderedWithinMs).toBeLessThan(5_000);
  });

  it('starts over when the text is replaced by one that does not continue it', async () => {
    const r = await page.evaluate(() => {
      type View = { update(t: string): void };
      // Cast: the page's globals are set by the test's script, outside TypeScript's view of window.
      const w = window as unknown as {
        LM: { createLiveMarkdownView(el: HTMLElement): View; renderMarkdown(s: string): string };
      };
      const out = document.getElementById('out')!;
      const view = w.LM.createLiveMarkdownView(out);
      view.update('Old first.\n\nOld second');
      view.update('New text\n\n- list');
      return out.innerHTML === w.LM.renderMarkdown('New text\n\n- list');
    });
    expect(r).toBe(true);
  });
});
