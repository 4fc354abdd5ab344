// The browser plugin with real Chromium (/usr/bin/chromium) against pages this test serves: open, snapshot refs,
// click, fill + submit, select, tabs, extract, screenshot as an image, stale refs, a persistent profile, no debug port.
import { readableMarkdown } from '../../../../main/core/documents/html';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import browserPlugin from '../../../../plugins/browser/index';
import type { PluginContributions, ToolDefinition, ToolResult } from '../../../../plugins/sdk';

const pages: Record<string, string> = {
  '/': `<!doctype html><title>Shop</title><h1>Checkout</h1>
    <button id="buy" onclick="document.title='Bought'; fetch('/clicked')">Place order</button>
    <form action="/submitted" method="get"><label>Email <input name="email"></label>
      <label>Size <select name="size"><option>Small</option><option>Large</option></select></label>
      <button type="submit">Send</button></form>
    <a href="/article" target="_blank">Read the article</a>
    <button id="gone" onclick="this.remove()">Vanish</button>`,
  '/article': `<!doctype html><title>Article</title><article><h1>Otters</h1>${'<p>Otters hold hands while they sleep so they do not drift apart. </p>'.repeat(8)}</article><nav>menu junk</nav>`,
  '/cookie': `<!doctype html><title>Cookie</title><script>document.cookie='dp_session=kept; max-age=86400; path=/'</script><p>set</p>`,
  '/read-cookie': `<!doctype html><title>Read</title><p id="c"></p><script>document.title='cookie:' + document.cookie</script>`,
};
const hits: string[] = [];
let server: http.Server;
let origin: string;
let home: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    const body =
      pages[url.pathname] ??
      (url.pathname === '/submitted'
        ? `<!doctype html><title>Submitted ${url.searchParams.get('email')} ${url.searchParams.get('size')}</title>`
        : 'ok');
    res.writeHead(200, { 'content-type': 'text/html' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-browser-'));
});
afterEach(async () => {
  await browserPlugin.deactivate?.();
});
afterAll(async () => {
  server.close();
  await rm(home, { recursive: true, force: true });
});

const log = { debug() {}, info() {}, warn() {}, error() {} };
async function activate(): Promise<{
  contributions: PluginContributions;
  call: (name: string, args?: unknown) => Promise<ToolResult>;
}> {
  const contributions = await browserPlugin.activate({
    manifest: {
      id: 'browser',
      version: '1.0.0',
      displayName: 'Browser',
      description: '',
      permissions: [],
      activation: 'startup',
    },
    home,
    dataDir: path.join(home, 'browser'),
    log,
    state: () => Promise.reject(new Error('unused')),
    config: (schema) => schema.parse({ executablePath: '/usr/bin/chromium', headless: 'always' }),
    documents: { readableMarkdown },
    permissions: [],
  });
  const tools = new Map((contributions.tools ?? []).map((t: ToolDefinition) => [t.name, t]));
  const call = async (name: string, args: unknown = {}) => {
    const tool = tools.get(name);
    if (!tool) throw new Error(`no tool ${name}`);
    const parsed = tool.parameters.parse(args);
    return tool.execute(parsed, { signal: new AbortController().signal, sessionId: 's', callId: 'c', cwd: home, log });
  };
  return { contributions, call };
}
const text = (r: ToolResult) => (typeof r === 'string' ? r : r.output);
const refOf = (snapshot: string, pattern: RegExp) => {
  const line = snapshot.split('\n').find((l) => pattern.test(l));
  if (!line) throw new Error(`no line matching ${pattern} in:\n${snapshot}`);
  return /^\[(e\d+)\]/.exec(line)![1];
};

describe('browser plugin (real Chromium)', () => {
  it('opens, snapshots with refs, clicks, fills and submits, selects, switches tabs, extracts, screenshots, reports stale refs', async () => {
    const { call, contributions } = await activate();
    expect(text(await call('goto', { url: `${origin}/` }))).toMatch(/Opened Tab 0: "Shop"/);
    let snap = text(await call('snapshot'));
    expect(snap).toMatch(/^heading "Checkout" level=1$/m);
    expect(snap).toMatch(/^\[e\d+\] button "Place order"$/m);
    expect(snap).toMatch(/^\[e\d+\] textbox "Email"$/m);
    expect(snap).toMatch(/^\[e\d+\] combobox "Size" value="Small" options="Small \| Large"$/m);

    await call('click', { ref: refOf(snap, /button "Place order"/) });
    await expect.poll(() => hits).toContain('/clicked');

    // Stale ref: the element is removed by its own click.
    const gone = refOf(snap, /button "Vanish"/);
    await call('click', { ref: gone });
    await expect(call('click', { ref: gone })).rejects.toThrow(/Ref e\d+ is stale.*browser_snapshot/);

    await call('select', { ref: refOf(snap, /combobox "Size"/), values: ['Large'] });
    await call('fill', { ref: refOf(snap, /textbox "Email"/), value: 'a@b.example', submit: true });
    expect(text(await call('wait', { urlContains: '/submitted' }))).toMatch(/Submitted a@b\.example Large/);

    // A link with target=_blank opens a second tab that becomes active.
    await call('goto', { url: `${origin}/` });
    snap = text(await call('snapshot'));
    await call('click', { ref: refOf(snap, /link "Read the article"/) });
    await expect.poll(async () => text(await call('tabs'))).toMatch(/\* 1: "Article"/);
    const provider = contributions.contextProviders![0];
    const prompt = provider.toPrompt(
      await provider.snapshot({ sessionId: 's', latestUserText: '', cwd: home, signal: new AbortController().signal }),
    );
    expect(prompt).toMatch(/active tab "Article" — http:\/\/127\.0\.0\.1:\d+\/article/);
    const article = text(await call('extract'));
    expect(article).toMatch(
      /^# Article\n\nSource: http:\/\/127[^\n]*\/article\n\n## Otters\n\nOtters hold hands while they sleep/,
    );
    expect(article).not.toContain('menu junk');
    expect(text(await call('switch_tab', { index: 0 }))).toMatch(/Active: Tab 0: "Shop"/);

    const shot = await call('screenshot');
    expect(typeof shot).toBe('object');
    const image = (shot as { images: Array<{ mimeType: string; data: string }> }).images[0];
    expect(image.mimeType).toBe('image/jpeg');
    expect(Buffer.from(image.data, 'base64').subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));

    await expect(call('goto', { url: 'file:///etc/passwd' })).rejects.toThrow(/Only http and https/);
  }, 120_000);

  it('launches over a pipe with no remote-debugging port listening', async () => {
    const { call } = await activate();
    await call('goto', { url: `${origin}/` });
    const pids = execFileSync('pgrep', ['-f', path.join(home, 'browser', 'profile')])
      .toString()
      .trim()
      .split('\n')
      .map(Number);
    expect(pids.length).toBeGreaterThan(0);
    const cmdlines = pids.map((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        return '';
      }
    });
    expect(cmdlines.some((c) => c.includes('--remote-debugging-pipe'))).toBe(true);
    expect(cmdlines.every((c) => !c.includes('--remote-debugging-port'))).toBe(true);
    // No socket inode owned by a browser process is a listening TCP socket.
    const inodes = new Set<string>();
    for (const pid of pids) {
      try {
        for (const fd of readdirSync(`/proc/${pid}/fd`)) {
          const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
          if (m) inodes.add(m[1]);
        }
      } catch {
        // the process exited meanwhile
      }
    }
    const listening = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .slice(1)
        .map((l) => l.trim().split(/\s+/))
        .filter((f) => f[3] === '0A' && inodes.has(f[9])),
    );
    expect(listening).toEqual([]);
  }, 120_000);

  it('keeps a cookie across a browser restart (persistent profile)', async () => {
    const { call } = await activate();
    await call('goto', { url: `${origin}/cookie` });
    await browserPlugin.deactivate?.();
    const again = await activate();
    expect(text(await again.call('goto', { url: `${origin}/read-cookie` }))).toMatch(/cookie:dp_session=kept/);
    await again.call('close');
    await expect(again.call('snapshot')).rejects.toThrow(/No browser is open.*browser_open/);
  }, 120_000);
});
