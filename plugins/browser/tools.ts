// The browser_* tools (issue 11): navigation, tabs, snapshot with refs, element actions, screenshot, extract, wait.
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { defineTool, imageResult, type ToolContext, type ToolDefinition } from '../sdk';
import type { DocumentsCapability } from '../sdk/plugin';
import { hostAllowed, type BrowserConfig } from './contract';
import { actionError } from './errors';
import { BrowserToolError, type BrowserSession } from './session';
import { SNAPSHOT_SCRIPT, type SnapshotData } from './snapshotScript';
import { ElementTarget, locate, RefLabels, type TargetArgs } from './target';

/** Most lines a snapshot returns (keeps it under ~8,000 tokens on large pages). */
export const SNAPSHOT_MAX_LINES = 800;

/** What the tools share: the session, settings and the labels of the latest snapshot's refs. */
export interface BrowserToolDeps {
  session: BrowserSession;
  config(): BrowserConfig;
  labels: RefLabels;
  /** The runtime's HTML-to-markdown (PluginContext.documents); browser_extract fails saying so when absent. */
  documents?: DocumentsCapability;
}

/** Largest markdown browser_extract returns, in characters; longer text is cut with a note. */
export const EXTRACT_MAX_CHARS = 40_000;

const Url = z.string().min(1).max(4096).describe('Absolute http(s) URL, e.g. https://example.com/');

/** Parses a URL a model gave: http(s) only; a bare host gets https://. Throws naming the problem. */
export function checkUrl(raw: string): string {
  const text = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BrowserToolError(`"${raw}" is not a valid URL. Give an absolute http(s) URL, e.g. https://example.com/.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new BrowserToolError(`Only http and https pages can be opened, not ${url.protocol} URLs.`);
  return url.href;
}

/** Runs `fn`, settling early with an abort error when `signal` fires (the kill switch or an interrupt). */
async function abortable<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  if (signal.aborted) throw new BrowserToolError('Stopped before it started.');
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new BrowserToolError('Stopped by the user.'));
    signal.addEventListener('abort', onAbort, { once: true });
    fn()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function hostOf(page: Page | null): string {
  try {
    return page ? new URL(page.url()).host : '';
  } catch {
    return '';
  }
}

/** A short summary of the active tab after an action: `Tab 0: "Title" — https://…`. */
function pageLine(session: BrowserSession, page: Page, title: string): string {
  return `Tab ${session.pages().indexOf(page)}: ${JSON.stringify(title)} — ${page.url()}`;
}

/** Builds every browser tool over `deps` (names are local; the host exposes them as `browser_<name>`). */
export function createBrowserTools(deps: BrowserToolDeps): ToolDefinition[] {
  const { session, labels } = deps;
  const activePage = () => (session.isOpen ? session.page() : null);
  const site = () => hostOf(activePage()) || 'no page';
  /** Element actions pass approvals by policy unless the current site is allowlisted in settings. */
  const gated = () => !hostAllowed(hostOf(activePage()), deps.config().allowedHosts);
  const act = (verb: string) => (args: TargetArgs) => ({
    action: verb,
    target: `${labels.describe(args)} on ${site()}`,
  });

  const goto = async (url: string, ctx: ToolContext, newTab: boolean) => {
    const href = checkUrl(url);
    // A freshly launched browser already has one empty tab: use it instead of opening a second one.
    const fresh = !session.isOpen;
    if (fresh) await session.ensure();
    const page = newTab && !fresh ? await session.newTab() : session.page();
    try {
      await abortable(ctx.signal, () => page.goto(href, { waitUntil: 'domcontentloaded' }));
    } catch (error) {
      throw actionError(error, `navigation to ${href}`);
    }
    return `Opened ${pageLine(session, page, await page.title())}. Call browser_snapshot to see its elements.`;
  };

  const elementAction = (
    name: string,
    verb: string,
    description: string,
    extra: Record<string, z.ZodType>,
    run: (locator: Awaited<ReturnType<typeof locate>>, args: Record<string, unknown>) => Promise<unknown>,
  ) =>
    defineTool({
      name,
      description,
      parameters: z.object({ ...ElementTarget, ...extra }),
      risk: 'external',
      needsApproval: () => gated(),
      suggestRule: () => ({ host: hostOf(activePage()) }),
      activity: act(verb),
      timeoutMs: 30_000,
      async execute(args, ctx) {
        const page = session.page();
        const label = labels.describe(args);
        try {
          await abortable(ctx.signal, async () => run(await locate(page, args, label), args));
        } catch (error) {
          throw actionError(error, label);
        }
        return `Done: ${verb} ${label}. Now ${pageLine(session, session.page(), await session.page().title())}. Take a new browser_snapshot if the page changed.`;
      },
    });

  return [
    defineTool({
      name: 'open',
      description: "Opens the browser (persistent profile: the user's logins stay) with a new tab at `url`.",
      parameters: z.object({ url: Url }),
      risk: 'external',
      activity: (args) => ({ action: 'open', target: args.url }),
      timeoutMs: 90_000,
      execute: (args, ctx) => goto(args.url, ctx, true),
    }),
    defineTool({
      name: 'goto',
      description: 'Navigates the active tab to `url` (opens the browser first when none is open).',
      parameters: z.object({ url: Url }),
      risk: 'external',
      activity: (args) => ({ action: 'go to', target: args.url }),
      timeoutMs: 90_000,
      execute: (args, ctx) => goto(args.url, ctx, false),
    }),
    ...(['back', 'forward', 'reload'] as const).map((move) =>
      defineTool({
        name: move,
        description: `${move === 'reload' ? 'Reloads' : `Goes ${move} in`} the active tab${move === 'reload' ? '' : "'s history"}.`,
        parameters: z.object({}),
        risk: 'external',
        activity: () => ({ action: move, target: site() }),
        async execute(_args, ctx) {
          const page = session.page();
          try {
            await abortable(ctx.signal, () =>
              move === 'back' ? page.goBack() : move === 'forward' ? page.goForward() : page.reload(),
            );
          } catch (error) {
            throw actionError(error, `${move} navigation`);
          }
          return `Now ${pageLine(session, page, await page.title())}.`;
        },
      }),
    ),
    defineTool({
      name: 'tabs',
      description: 'Lists the open tabs (index, title, URL) and which one is active.',
      parameters: z.object({}),
      risk: 'read',
      async execute() {
        if (!session.isOpen) return 'No browser is open. Call browser_open with a URL.';
        const active = session.page();
        const rows = await Promise.all(
          session
            .pages()
            .map(async (p, i) => `${p === active ? '*' : ' '} ${i}: ${JSON.stringify(await p.title())} — ${p.url()}`),
        );
        return `Open tabs (* = active):\n${rows.join('\n')}`;
      },
    }),
    defineTool({
      name: 'switch_tab',
      description: 'Makes tab `index` (from browser_tabs) the active tab.',
      parameters: z.object({ index: z.number().int().min(0) }),
      risk: 'read',
      async execute(args) {
        const page = session.switchTo(args.index);
        await page.bringToFront().catch(() => undefined);
        return `Active: ${pageLine(session, page, await page.title())}.`;
      },
    }),
    defineTool({
      name: 'close_tab',
      description: 'Closes tab `index` (default: the active tab).',
      parameters: z.object({ index: z.number().int().min(0).optional() }),
      risk: 'external',
      activity: (args) => ({ action: 'close tab', target: args.index === undefined ? site() : `tab ${args.index}` }),
      async execute(args) {
        const page = args.index === undefined ? session.page() : session.switchTo(args.index);
        await page.close();
        return session.pages().length
          ? `Closed. Active: ${pageLine(session, session.page(), await session.page().title())}.`
          : 'Closed the last tab.';
      },
    }),
    defineTool({
      name: 'snapshot',
      description:
        'Reads the active tab as a compact accessibility tree: each actionable element has a ref like [e12] to pass to browser_click, browser_fill, browser_select, browser_hover or browser_press.',
      parameters: z.object({}),
      risk: 'read',
      async execute(_args, ctx) {
        const page = session.page();
        let data: SnapshotData;
        try {
          data = await abortable(
            ctx.signal,
            () => page.evaluate(`(${SNAPSHOT_SCRIPT})(${SNAPSHOT_MAX_LINES})`) as Promise<SnapshotData>,
          );
        } catch (error) {
          throw actionError(error, 'the page snapshot');
        }
        labels.remember(data.lines);
        const header = `Page: ${JSON.stringify(data.title)} — ${data.url}\n${data.refs} elements with refs`;
        return `${header}\n${data.lines.join('\n') || '(no visible elements)'}`;
      },
    }),
    elementAction(
      'click',
      'click',
      'Clicks an element (by ref from browser_snapshot).',
      {
        button: z.enum(['left', 'right', 'middle']).optional(),
        double: z.boolean().optional(),
      },
      (locator, args) =>
        args.double
          ? locator.dblclick({ button: (args.button as 'left') ?? 'left' })
          : locator.click({ button: (args.button as 'left') ?? 'left' }),
    ),
    elementAction(
      'fill',
      'fill',
      'Replaces the text of an input or text area (by ref) with `value`; `submit` presses Enter after.',
      {
        value: z.string().max(10_000),
        submit: z.boolean().optional(),
      },
      async (locator, args) => {
        await locator.fill(String(args.value));
        if (args.submit) await locator.press('Enter');
      },
    ),
    elementAction(
      'select',
      'select',
      'Selects option(s) of a select element (by ref) by their label or value.',
      {
        values: z.array(z.string().max(500)).min(1).max(50),
      },
      async (locator, args) => {
        const wanted = args.values as string[];
        const byLabel = await locator.selectOption(wanted.map((label) => ({ label }))).catch(() => null);
        if (!byLabel) await locator.selectOption(wanted);
      },
    ),
    elementAction('hover', 'hover', 'Moves the mouse over an element (by ref), e.g. to open a menu.', {}, (locator) =>
      locator.hover(),
    ),
    defineTool({
      name: 'press',
      description:
        'Presses a key or combination (Playwright names: Enter, Tab, Escape, ArrowDown, Control+A) on an element (by ref) or, without one, on the page.',
      parameters: z.object({ ...ElementTarget, key: z.string().min(1).max(60) }),
      risk: 'external',
      needsApproval: () => gated(),
      suggestRule: () => ({ host: hostOf(activePage()) }),
      activity: (args) => ({
        action: `press ${args.key}`,
        target: `${args.ref || args.role || args.text ? labels.describe(args) : 'page'} on ${site()}`,
      }),
      async execute(args, ctx) {
        const page = session.page();
        const hasTarget = Boolean(args.ref || args.role || args.text);
        const label = hasTarget ? labels.describe(args) : 'the page';
        try {
          await abortable(ctx.signal, async () =>
            hasTarget ? (await locate(page, args, label)).press(args.key) : page.keyboard.press(args.key),
          );
        } catch (error) {
          throw actionError(error, label);
        }
        return `Pressed ${args.key} on ${label}. Now ${pageLine(session, session.page(), await session.page().title())}.`;
      },
    }),
    defineTool({
      name: 'scroll',
      description: 'Scrolls an element (by ref) into view, or the page by `pixels` (positive = down).',
      parameters: z.object({ ...ElementTarget, pixels: z.number().int().min(-100_000).max(100_000).optional() }),
      risk: 'read',
      async execute(args, ctx) {
        const page = session.page();
        const hasTarget = Boolean(args.ref || args.role || args.text);
        const label = hasTarget ? labels.describe(args) : 'the page';
        try {
          await abortable(ctx.signal, async () => {
            if (hasTarget) await (await locate(page, args, label)).scrollIntoViewIfNeeded();
            else await page.mouse.wheel(0, args.pixels ?? 600);
          });
        } catch (error) {
          throw actionError(error, label);
        }
        return hasTarget ? `Scrolled ${label} into view.` : `Scrolled the page by ${args.pixels ?? 600} px.`;
      },
    }),
    defineTool({
      name: 'screenshot',
      description:
        'Takes a screenshot of the active tab (visible part, or `fullPage`) and shows it to you as an image.',
      parameters: z.object({ fullPage: z.boolean().optional() }),
      risk: 'read',
      async execute(args, ctx) {
        const page = session.page();
        let data: Buffer;
        try {
          data = await abortable(ctx.signal, () =>
            page.screenshot({ type: 'jpeg', quality: 70, fullPage: args.fullPage ?? false, scale: 'css' }),
          );
        } catch (error) {
          throw actionError(error, 'the screenshot');
        }
        const size = page.viewportSize();
        return imageResult(
          `Screenshot of ${pageLine(session, page, await page.title())}${size ? ` (${size.width}×${size.height} CSS px)` : ''}.`,
          [{ mimeType: 'image/jpeg', data: data.toString('base64') }],
        );
      },
    }),
    defineTool({
      name: 'extract',
      description: "Returns the active tab's readable text (main article or body) as markdown.",
      parameters: z.object({}),
      risk: 'read',
      async execute(_args, ctx) {
        const page = session.page();
        let html: string;
        try {
          html = await abortable(ctx.signal, () => page.content());
        } catch (error) {
          throw actionError(error, 'the page text');
        }
        if (!deps.documents)
          throw new Error(
            'browser_extract needs the runtime document helpers (ctx.documents), which this host did not provide.',
          );
        const markdown = await deps.documents.readableMarkdown(html, page.url());
        if (markdown.length <= EXTRACT_MAX_CHARS) return markdown;
        return `${markdown.slice(0, EXTRACT_MAX_CHARS)}\n\n[cut: ${markdown.length - EXTRACT_MAX_CHARS} more characters; scroll or extract a narrower page]`;
      },
    }),
    defineTool({
      name: 'wait',
      description:
        'Waits until `text` appears on the page, or a navigation to a URL containing `urlContains` finishes, or `ms` milliseconds pass (max 30,000).',
      parameters: z.object({
        text: z.string().max(500).optional(),
        urlContains: z.string().max(2000).optional(),
        ms: z.number().int().min(0).max(30_000).optional(),
      }),
      risk: 'read',
      activity: (args) => ({
        action: 'wait',
        target: args.text
          ? `for "${args.text}"`
          : args.urlContains
            ? `for ${args.urlContains}`
            : `${args.ms ?? 1000} ms`,
      }),
      timeoutMs: 40_000,
      async execute(args, ctx) {
        const page = session.page();
        try {
          await abortable(ctx.signal, async () => {
            if (args.text)
              await page
                .getByText(args.text)
                .first()
                .waitFor({ state: 'visible', timeout: args.ms ?? 15_000 });
            else if (args.urlContains) {
              const part = args.urlContains;
              await page.waitForURL((u) => u.href.includes(part), { timeout: args.ms ?? 15_000 });
            } else await page.waitForTimeout(args.ms ?? 1000);
          });
        } catch (error) {
          throw actionError(
            error,
            args.text ? `text "${args.text}"` : args.urlContains ? `navigation to ${args.urlContains}` : 'the wait',
          );
        }
        return `Waited. Now ${pageLine(session, page, await page.title())}.`;
      },
    }),
    defineTool({
      name: 'close',
      description: 'Closes the browser (logins stay in the profile).',
      parameters: z.object({}),
      risk: 'external',
      async execute() {
        await session.close();
        return 'The browser is closed.';
      },
    }),
  ];
}
