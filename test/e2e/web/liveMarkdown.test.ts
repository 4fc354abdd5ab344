// Web UI e2e (issue 9 #2): a streamed answer renders as markdown progressively, and every state of the live DOM is
// exactly the final rendering of a prefix the runtime streamed (a differential test over whole documents).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../preload/contract';
import { openBundlePage, type BundlePage } from '../../support/bundlePage';
import { scripted } from '../../support/fakeModelServer';
import { screenshot, sendMessage, turnCompleted, useWebApp } from './webApp';

const renderEntry = fileURLToPath(new URL('../../../renderer/features/chat/renderMarkdown.ts', import.meta.url));

/** Answers as models write them: a heading first, paragraphs, lists, code fences, tables, quotes, rules. */
const documents = [
  '# Title\n\nIntro paragraph with **bold**, *em* and `code`.\nA soft break.\n\n## Steps\n\n1. First step\n2. Second step\n   - nested detail\n   - more\n3. Third\n\n```ts\nconst x = 1;\n\nfunction f() {\n  return x;\n}\n```\n\n| Name | Value |\n|------|-------|\n| a | 1 |\n| b | 2 |\n\n> A quote\n> over lines\n\nDone.',
  'Setext heading\n==============\n\n- a\n- b\n\n- loose item\n\n  with a paragraph\n\n---\n\n    indented code\n\nText after.\n\n* [ ] task\n* [x] done\n',
  '## Plan\n\n| Step | Owner | Due |\n|:-----|:-----:|----:|\n| Draft | me | Mon |\n| Review | you | Tue |\n\n```\nplain fence\n```\n\nA [link](https://example.com) and <b>raw html</b>.\n\n#### Small\n\n1) paren list\n2) second',
];

/** Records the live answer's HTML after every DOM change (a MutationObserver callback sees each task's end state). */
const RECORDER = `(() => {
  window.__live = [];
  new MutationObserver(() => {
    const live = document.querySelectorAll('.msg-stream .markdown');
    const el = live[live.length - 1];
    if (!el) return;
    const html = el.innerHTML;
    if (window.__live[window.__live.length - 1] !== html) window.__live.push(html);
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
})()`;

describe('web UI: live markdown while streaming', () => {
  const web = useWebApp();
  let renderer: BundlePage;

  beforeAll(async () => {
    renderer = await openBundlePage([renderEntry], 'RM');
  }, 60_000);
  afterAll(async () => {
    await renderer?.close();
  });

  /** renderMarkdown(text) for each of `texts`, computed by the renderer's own module in Chromium. */
  const renderAll = (texts: string[]): Promise<string[]> =>
    renderer.page.evaluate(
      (all) =>
        all.map((t) => (globalThis as unknown as { RM: { renderMarkdown(s: string): string } }).RM.renderMarkdown(t)),
      texts,
    );

  it('every live DOM state equals the final rendering of a streamed prefix, in order, for several documents', async () => {
    const app = await web.open();
    const { page, h } = app;
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    for (const [n, doc] of documents.entries()) {
      h.server.enqueue(scripted.text(doc, { deltas: Math.ceil(doc.length / 4), delayMs: 12 }));
      await page.evaluate(RECORDER);
      await sendMessage(page, `Document ${n + 1}`);
      if (n === 0) {
        await page.locator('.msg-stream .markdown h2').waitFor({ timeout: 15_000 });
        await screenshot(page, 'live-markdown-streaming');
      }
      expect(await turnCompleted(h, n + 1, 30_000)).toBe('completed');

      const turnId = (h.events.filter((e) => e.type === 'turn_completed')[n] as AgentEvent).turnId;
      const deltas = h.events.flatMap((e) => (e.type === 'text_delta' && e.turnId === turnId ? [e.delta] : []));
      expect(deltas.join('')).toBe(doc);
      const prefixes = deltas.map((_, i) => deltas.slice(0, i + 1).join(''));
      const expected = await renderAll(prefixes);
      const live = (await page.evaluate('window.__live')) as string[];

      // Progressive: many distinct states, each one exactly a prefix's final rendering, never going backwards.
      expect(live.length, `document ${n + 1} rendered progressively`).toBeGreaterThan(5);
      let last = -1;
      for (const [i, html] of live.entries()) {
        const at = expected.indexOf(html, Math.max(last, 0));
        expect({ document: n + 1, state: i, html, matchesAPrefix: at >= 0 }).toMatchObject({ matchesAPrefix: true });
        last = at;
      }
      // The finished answer is the final rendering of the whole document.
      const finalHtml = await page.locator('.msg-assistant:not(.msg-stream) .markdown').last().innerHTML();
      expect(finalHtml).toBe((await renderAll([doc]))[0]);
    }
  });
});
