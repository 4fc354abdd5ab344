// Web UI e2e: the bridge as the browser sees it (tickets, HttpOnly cookie, foreign pages) and recovery after a bridge restart.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { scripted } from '../../support/fakeModelServer';
import { connectionText, screenshot, sendMessage, transcriptText, turnCompleted, VIEWPORT, useWebApp } from './webApp';

/** Samples the status bar's connection text every 50 ms for `ms` and returns the distinct values seen, in order. */
async function sampleConnection(page: Page, ms: number): Promise<string[]> {
  const seen: string[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const text = await connectionText(page);
    if (seen[seen.length - 1] !== text) seen.push(text);
    await new Promise((r) => setTimeout(r, 50));
  }
  return seen;
}

describe('web UI: bridge security and reconnect', () => {
  const web = useWebApp({ allowPageErrors: true });

  it('without a ticket the app answers 401; a used ticket is refused; the cookie is HttpOnly', async () => {
    const app = await web.open();
    const { h, page, context } = app;

    const stranger = await web.browser().newContext({ viewport: VIEWPORT });
    try {
      const bare = await (await stranger.newPage()).goto(h.bridge.url);
      expect(bare?.status()).toBe(401);
      expect(await bare?.text()).toMatch(/Not signed in/);

      const ticketUrl = h.bridge.loginUrl();
      const first = await (await stranger.newPage()).goto(ticketUrl);
      expect(first?.status()).toBe(200);
      const other = await web.browser().newContext();
      try {
        const reused = await (await other.newPage()).goto(ticketUrl);
        expect(reused?.status()).toBe(401);
        expect(await reused?.text()).toMatch(/expired or was already used/);
      } finally {
        await other.close();
      }
    } finally {
      await stranger.close();
    }

    // The session cookie exists, is HttpOnly + SameSite=Strict, and page scripts cannot read it.
    const cookies = await context.cookies(h.bridge.url);
    const session = cookies.find((c) => c.name === h.bridge.cookieName);
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(session?.value.length).toBeGreaterThanOrEqual(40);
    expect(await page.evaluate('document.cookie')).not.toContain(h.bridge.cookieName);
    expect(await page.evaluate('document.cookie')).not.toContain(session!.value);
  });

  it('a page on another origin of the same machine cannot use the bridge, even though the browser holds the cookie', async () => {
    const app = await web.open();
    const { h, context } = app;
    // The fake model server is another origin on 127.0.0.1 (a different port): same site, so the cookie would be sent.
    const foreign = await context.newPage();
    await foreign.goto(`${h.server.origin}/not-the-bridge`);
    const outcome = (await foreign.evaluate(`(async () => {
      const ws = await new Promise((resolve) => {
        const s = new WebSocket(${JSON.stringify(h.bridge.url.replace('http:', 'ws:') + '/ws')});
        s.onopen = () => { resolve('open'); s.close(); };
        s.onerror = () => resolve('error');
      });
      let fetched;
      try {
        const r = await fetch(${JSON.stringify(h.bridge.url + '/')}, { credentials: 'include' });
        fetched = 'read ' + r.status;
      } catch (e) {
        fetched = 'blocked';
      }
      return { ws, fetched };
    })()`)) as { ws: string; fetched: string };
    expect(outcome).toEqual({ ws: 'error', fetched: 'blocked' });
  });

  it('after a bridge restart the page shows it is disconnected, then reconnects by itself with its cookie', async () => {
    const app = await web.open();
    const { h, page } = app;
    h.server.enqueue(scripted.text('Before the restart.'));
    await sendMessage(page, 'First');
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('Before the restart.');
    await turnCompleted(h);

    await h.restartBridge();
    await expect.poll(() => connectionText(page), { timeout: 10_000 }).toBe('Disconnected — retrying');
    await screenshot(page, 'reconnect-disconnected');
    // The restarted bridge signs cookies with the same key (runtime/cookie-key), so the page reconnects by itself.
    await expect.poll(() => connectionText(page), { timeout: 20_000 }).toBe('Connected');
    expect(await transcriptText(page)).toContain('Before the restart.');

    h.server.enqueue(scripted.text('After the restart.'));
    await sendMessage(page, 'Second');
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('After the restart.');
    expect(await turnCompleted(h, 2)).toBe('completed');
    expect(app.pageErrors).toEqual([]);
  });

  it('deleting runtime/cookie-key signs browsers out: after a restart the page stays disconnected until signed in again', async () => {
    const app = await web.open();
    const { h, page, context } = app;
    await rm(path.join(h.home, 'runtime', 'cookie-key'));
    await h.restartBridge();
    await expect.poll(() => connectionText(page), { timeout: 10_000 }).not.toBe('Connected');
    const seen = await sampleConnection(page, 2_500);
    expect(seen).not.toContain('Connected');
    const relogin = await context.newPage();
    expect((await relogin.goto(h.bridge.loginUrl()))?.status()).toBe(200);
    await relogin.close();
    await expect.poll(() => connectionText(page), { timeout: 20_000 }).toBe('Connected');
    h.server.enqueue(scripted.text('Still works.'));
    await sendMessage(page, 'Ping');
    await expect.poll(() => transcriptText(page), { timeout: 10_000 }).toContain('Still works.');
    expect(app.pageErrors).toEqual([]);
  });
});
