// Tests the markdown sanitizer (renderer/features/chat/renderMarkdown.ts) in real Chromium: hostile model output must not run.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBundlePage, type BundlePage } from '../../../../support/bundlePage';

const entry = fileURLToPath(new URL('../../../../../renderer/features/chat/renderMarkdown.ts', import.meta.url));
let opened: BundlePage;
let page: Page;

beforeAll(async () => {
  opened = await openBundlePage([entry], 'DP');
  page = opened.page;
}, 30_000);

afterAll(async () => {
  await opened?.close();
});

/** Renders `md` into the page (raw: unsanitized, and waits for its handler to fire) and reports what is in the DOM. */
async function render(md: string, raw = false) {
  return page.evaluate(
    async ({ md, raw }) => {
      // Cast: the page's globals are set by the test's script, outside TypeScript's view of window.
      const w = window as unknown as { DP: { renderMarkdown(s: string): string }; __xss?: number };
      w.__xss = 0;
      const out = document.getElementById('out')!;
      out.innerHTML = raw ? md : w.DP.renderMarkdown(md);
      // The control waits for its handler to fire; the real renders need no wait, since the handler and element
      // counts below show there is nothing left that could run later.
      if (raw) for (let i = 0; i < 500 && !w.__xss; i++) await new Promise((r) => setTimeout(r, 10));
      const all = [...out.querySelectorAll('*')];
      return {
        xss: w.__xss,
        html: out.innerHTML,
        handlers: all.filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
        scripts: out.querySelectorAll('script, iframe, object, embed, style, img, svg, form').length,
        links: [...out.querySelectorAll('a')].map((a) => ({
          href: a.getAttribute('href'),
          target: a.getAttribute('target'),
          rel: a.getAttribute('rel'),
        })),
        text: out.textContent ?? '',
      };
    },
    { md, raw },
  );
}

const hostile =
  '<img src=x onerror="window.__xss=1"> <svg onload="window.__xss=2"></svg> <script>window.__xss=3</script>';

describe('renderMarkdown', () => {
  it('the probe detects script execution when HTML is inserted unsanitized (control)', async () => {
    expect((await render(hostile, true)).xss).toBe(1);
  });

  it('never runs raw HTML from model output; it is shown as text', async () => {
    const r = await render(`Hello ${hostile}\n\n<div onclick="window.__xss=4">x</div>`);
    expect(r.xss).toBe(0);
    expect(r.handlers).toBe(0);
    expect(r.scripts).toBe(0);
    expect(r.text).toContain('<img src=x onerror="window.__xss=1">');
  });

  it('keeps only http(s)/mailto links and opens them externally with noopener noreferrer', async () => {
    const r = await render(
      '[ok](https://example.com/a) [mail](mailto:a@b.c) [bad](javascript:window.__xss=5) [data](data:text/html,hi) [rel](/etc/passwd) <https://auto.example.org>',
    );
    expect(r.xss).toBe(0);
    const hrefs = r.links.map((l) => l.href);
    expect(hrefs).toContain('https://example.com/a');
    expect(hrefs).toContain('mailto:a@b.c');
    expect(hrefs).toContain('https://auto.example.org');
    expect(hrefs.some((h) => h !== null && /^(javascript|data):|^\//.test(h))).toBe(false);
    for (const l of r.links.filter((x) => x.href))
      expect(l).toMatchObject({ target: '_blank', rel: 'noopener noreferrer' });
  });

  it('turns markdown images into links instead of loading them', async () => {
    const r = await render('![chart](https://tracker.example.com/p.png?leak=secret)');
    expect(r.scripts).toBe(0);
    expect(r.links[0]?.href).toBe('https://tracker.example.com/p.png?leak=secret');
  });

  it('highlights fenced code, escapes its content and adds a Copy button', async () => {
    const r = await render('```ts\nconst a: string = "<b>x</b>";\n```\n\n```unknownlang\n<i>y</i>\n```');
    expect(r.html).toContain('class="hljs language-ts"');
    expect(r.html).toContain('hljs-keyword');
    expect(r.html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(r.html).toContain('&lt;i&gt;y&lt;/i&gt;');
    expect(r.html.match(/<button type="button" class="code-copy" aria-label="Copy code">Copy<\/button>/g)).toHaveLength(
      2,
    );
  });

  it('renders GFM tables and task lists with disabled checkboxes', async () => {
    const r = await render('| a | b |\n|---|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo');
    expect(r.html).toContain('<table>');
    expect(r.html).toMatch(/<td align="right">2<\/td>/);
    expect(r.html).toMatch(/<input[^>]*disabled/);
  });
});
