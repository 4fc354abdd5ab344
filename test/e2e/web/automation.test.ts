// Web UI e2e: the "Browser & desktop" settings (every control saved to settings.json, a bad site blocks Save, each
// plugin's health shown) and the approval card of a browser click naming the site and the element.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinPlugins } from '../../../plugins/index';
import { scripted, type CapturedRequest } from '../../support/fakeModelServer';
import { screenshot, sendMessage, transcriptText, useWebApp } from './webApp';

const automationPlugins = builtinPlugins.filter((p) => p.manifest.id === 'browser' || p.manifest.id === 'desktop');

describe('web UI: browser and desktop automation', () => {
  const web = useWebApp();
  const hits: string[] = [];
  let site: http.Server;
  let origin: string;

  beforeAll(async () => {
    site = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(`<!doctype html><title>Shop</title><button onclick="fetch('/clicked')">Place order</button>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });
  afterAll(() => site.close());

  it('every Browser & desktop control is saved; a bad site blocks Save with the fix; health is shown', async () => {
    const { page, h } = await web.open({
      plugins: automationPlugins,
      env: { DISPLAY: undefined, WAYLAND_DISPLAY: undefined },
    });
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('button', { name: 'Browser & desktop' })
      .click();
    await dialog.getByRole('textbox', { name: 'Browser executable' }).fill('/usr/bin/chromium');
    await dialog.getByRole('combobox', { name: 'Show the browser window' }).selectOption('always');
    const sites = dialog.getByRole('textbox', { name: 'Allowed sites' });
    await sites.fill('https://shop.example.com/cart');
    await expect.poll(() => dialog.getByRole('alert').filter({ hasText: 'is not a site' }).count()).toBe(1);
    expect(await dialog.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await sites.fill('shop.example.com\n*.example.org');
    await dialog.getByRole('spinbutton', { name: 'Screenshot size (pixels)' }).fill('1024');
    await dialog.getByRole('switch', { name: 'Screenshot after each input action' }).click();
    // Health of both plugins: the browser found; the desktop's display (reachable or not, with the fix).
    await expect.poll(() => dialog.innerText()).toContain('browser /usr/bin/chromium');
    await expect.poll(() => dialog.innerText()).toMatch(/display (not reachable: |:\d+)/);
    await screenshot(page, 'settings-browser-desktop');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Saved' }).waitFor({ state: 'visible' });

    const onDisk = JSON.parse(await readFile(path.join(h.home, 'settings.json'), 'utf8')) as {
      plugins: Record<string, unknown>;
    };
    expect(onDisk.plugins.browser).toEqual({
      executablePath: '/usr/bin/chromium',
      headless: 'always',
      allowedHosts: ['shop.example.com', '*.example.org'],
    });
    expect(onDisk.plugins.desktop).toEqual({ screenshotMaxSize: 1024, verifyScreenshot: true });
  });

  it('the approval card of a browser click names the site and the element', async () => {
    hits.length = 0;
    const { page, h } = await web.open({
      plugins: automationPlugins,
      settings: { plugins: { browser: { executablePath: '/usr/bin/chromium', headless: 'always' } } },
    });
    const outputs = (req: CapturedRequest) =>
      new Map(
        ((req.body as { input?: Array<Record<string, unknown>> }).input ?? [])
          .filter((i) => i.type === 'function_call_output')
          .map((i) => [i.call_id as string, String(i.output)]),
      );
    h.server.setHandler((req) => {
      const out = outputs(req);
      if (!out.has('call_goto'))
        return scripted.toolCalls({ name: 'browser_goto', arguments: { url: `${origin}/` }, callId: 'call_goto' });
      if (!out.has('call_snap'))
        return scripted.toolCalls({ name: 'browser_snapshot', arguments: {}, callId: 'call_snap' });
      if (!out.has('call_click')) {
        const ref = /\[(e\d+)\] button "Place order"/.exec(out.get('call_snap') ?? '')?.[1] ?? 'e999';
        return scripted.toolCalls({ name: 'browser_click', arguments: { ref }, callId: 'call_click' });
      }
      return scripted.text('Order placed.');
    });
    await sendMessage(page, 'Place the order');
    const gotoCard = page.getByRole('group', { name: 'Approval needed: browser_goto' });
    await gotoCard.waitFor({ state: 'visible', timeout: 60_000 });
    await expect.poll(() => gotoCard.getByLabel('What it will do').innerText()).toBe(`go to ${origin}/`);
    await gotoCard.getByRole('button', { name: 'Allow once' }).click();

    const clickCard = page.getByRole('group', { name: 'Approval needed: browser_click' });
    await clickCard.waitFor({ state: 'visible', timeout: 60_000 });
    await expect
      .poll(() => clickCard.getByLabel('What it will do').innerText())
      .toMatch(new RegExp(`^click button "Place order" \\(e\\d+\\) on ${new URL(origin).host.replace(/\./g, '\\.')}$`));
    await screenshot(page, 'approval-browser-click');
    await clickCard.getByRole('button', { name: 'Allow once' }).click();
    await expect.poll(() => transcriptText(page), { timeout: 30_000 }).toContain('Order placed.');
    expect(hits).toContain('/clicked');
  });
});
