// The browser plugin: Playwright on a real Chromium-based browser with a persistent profile, as browser_* tools,
// the "Browser" context provider and settings under plugins.browser (issue 11).
import path from 'node:path';
import { defineContextProvider, definePlugin } from '../sdk';
import { BrowserConfig } from './contract';
import { BrowserSession } from './session';
import { RefLabels } from './target';
import { createBrowserTools } from './tools';

/** Appended to the system prompt: how to drive the browser. */
export const BROWSER_PROMPT_SECTION =
  'Browser: open pages with browser_open or browser_goto, then call browser_snapshot and act on elements by their ' +
  'ref (e.g. e12) with browser_click, browser_fill, browser_select, browser_press. Take a new snapshot after the page ' +
  'changes. Use browser_extract to read an article and browser_screenshot when the layout matters.';

let current: BrowserSession | null = null;

/**
 * Activation creates the (not yet launched) session on `<home>/browser/profile`; the browser starts at the first
 * browser_open/browser_goto. Deactivation closes it.
 */
export default definePlugin({
  activate(ctx) {
    const listeners = new Set<() => void>();
    const config = () => ctx.config(BrowserConfig);
    const session = new BrowserSession({
      profileDir: path.join(ctx.dataDir, 'profile'),
      config,
      log: ctx.log,
      onChange: () => listeners.forEach((l) => l()),
    });
    current = session;
    const tools = createBrowserTools({ session, config, labels: new RefLabels(), documents: ctx.documents });
    const provider = defineContextProvider({
      id: 'browser',
      title: 'Browser',
      async snapshot() {
        if (!session.isOpen) return null;
        const active = session.page();
        const tabs = await Promise.all(
          session
            .pages()
            .map(async (p) => ({ title: await p.title().catch(() => ''), url: p.url(), active: p === active })),
        );
        return { tabs };
      },
      toPrompt(snapshot) {
        if (!snapshot || snapshot.tabs.length === 0) return '';
        const active = snapshot.tabs.find((t) => t.active);
        const lines = snapshot.tabs.map(
          (t, i) => `${t.active ? '*' : ' '} ${i}: ${JSON.stringify(t.title)} — ${t.url}`,
        );
        return `Browser: active tab ${JSON.stringify(active?.title ?? '')} — ${active?.url ?? ''}\nOpen tabs (* = active):\n${lines.join('\n')}`;
      },
      subscribe(notify) {
        listeners.add(notify);
        return () => listeners.delete(notify);
      },
    });
    return {
      tools,
      contextProviders: [provider],
      promptSections: [BROWSER_PROMPT_SECTION],
      rpc: {
        /** `{summary}`: which browser would run (discovery only, nothing starts), or why none can. */
        health: async () => {
          try {
            const found = await session.discover();
            return { summary: `browser ${found.executablePath} (${found.source})${session.isOpen ? ', open' : ''}` };
          } catch (error) {
            return { summary: `no browser: ${(error as Error).message}` };
          }
        },
        status: async () => {
          try {
            const found = await session.discover();
            return { found: true, executablePath: found.executablePath, source: found.source, open: session.isOpen };
          } catch (error) {
            return { found: false, message: (error as Error).message, open: session.isOpen };
          }
        },
      },
    };
  },
  async deactivate() {
    await current?.close();
    current = null;
  },
});
