// End to end with the local fake model server and the real browser and desktop plugins: the model drives Chromium
// through a snapshot, then a click after approval (the approval card's summary names the site and the element), the
// page records the click; an allowed site runs the click without asking; a desktop screenshot on Xvfb reaches the
// model as an image through the Responses and the Chat Completions adapters.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../../main/core/api/handlers';
import { builtinPlugins } from '../../../../plugins/index';
import type { PendingApproval } from '../../../../preload/contract';
import type { AgentEvent } from '../../../../preload/contract/events';
import { scripted, type CapturedRequest } from '../../../support/fakeModelServer';
import { createHarness, type Harness } from '../../../support/runtimeHarness';
import { startXDisplay, type XDisplay } from '../../../support/xDisplay';

type Item = Record<string, unknown>;
const hits: string[] = [];
let site: http.Server;
let origin: string;
let h: Harness | undefined;

beforeAll(async () => {
  site = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        `<!doctype html><title>Shop</title><h1>Checkout</h1><a href="/help">Help</a><button onclick="fetch('/clicked')">Place order</button>`,
      );
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await h?.close();
  h = undefined;
});
afterAll(() => site.close());

const plugin = (id: string) => builtinPlugins.filter((p) => p.manifest.id === id);

/** The function_call_outputs a Responses request carries, by call id. */
function outputs(req: CapturedRequest): Map<string, unknown> {
  const input = (req.body as { input?: Item[] }).input ?? [];
  return new Map(input.filter((i) => i.type === 'function_call_output').map((i) => [i.call_id as string, i.output]));
}

/**
 * A model that opens the page, takes a snapshot, then clicks the ref the snapshot gave the "Place order" button,
 * and answers once the click's output is back.
 */
function shopper(req: CapturedRequest) {
  const out = outputs(req);
  if (!out.has('call_goto'))
    return scripted.toolCalls({ name: 'browser_goto', arguments: { url: `${origin}/` }, callId: 'call_goto' });
  if (!out.has('call_snap'))
    return scripted.toolCalls({ name: 'browser_snapshot', arguments: {}, callId: 'call_snap' });
  if (!out.has('call_click')) {
    const ref = /\[(e\d+)\] button "Place order"/.exec(String(out.get('call_snap')))?.[1];
    if (!ref) return scripted.text(`No button in the snapshot: ${String(out.get('call_snap'))}`);
    return scripted.toolCalls({ name: 'browser_click', arguments: { ref }, callId: 'call_click' });
  }
  return scripted.text('Order placed.');
}

const browserSettings = (allowedHosts: string[] = []) => ({
  approvalPolicy: 'on-request',
  plugins: { browser: { executablePath: '/usr/bin/chromium', headless: 'always', allowedHosts } },
});

describe('the model drives the browser', () => {
  it('snapshot, then a click after approval; the approval names the site and the element; the page records the click', async () => {
    hits.length = 0;
    h = await createHarness({ plugins: plugin('browser'), settings: browserSettings() });
    const handlers = createHandlers(h.runtime);
    const asked: Array<{ tool: string; summary: string | null }> = [];
    h.runtime.bus.on('approval/requested', (a: PendingApproval) => {
      void (async () => {
        const { summary } = await handlers['approval/describe']({ callId: a.callId });
        asked.push({ tool: a.tool, summary });
        h!.runtime.approvals.decide(a.callId, { type: 'allow_once' });
      })();
    });
    h.server.setHandler(shopper);
    const sent = await h.runtime.send({ sessionId: null, text: 'Place the order on the shop page.' });
    expect((await sent.done!).stopReason).toBe('completed');
    expect(hits).toContain('/clicked');
    const host = new URL(origin).host;
    expect(asked).toEqual([
      { tool: 'browser_goto', summary: `go to ${origin}/` },
      {
        tool: 'browser_click',
        summary: expect.stringMatching(
          new RegExp(`^click button "Place order" \\(e\\d+\\) on ${host.replace(/\./g, '\\.')}$`),
        ),
      },
    ]);
    const click = h.events.find((e) => e.type === 'tool_output' && e.callId === 'call_click') as Extract<
      AgentEvent,
      { type: 'tool_output' }
    >;
    expect(click.status).toBe('ok');
    expect(click.allowedBy).toBeUndefined(); // the user was asked
  }, 180_000);

  it('on an allowed site the click runs without asking, allowed by the tool (the per-site allowlist)', async () => {
    hits.length = 0;
    h = await createHarness({ plugins: plugin('browser'), settings: browserSettings([new URL(origin).host]) });
    const asked: string[] = [];
    h.runtime.bus.on('approval/requested', (a: PendingApproval) => {
      asked.push(a.tool);
      h!.runtime.approvals.decide(a.callId, { type: 'allow_once' });
    });
    h.server.setHandler(shopper);
    const sent = await h.runtime.send({ sessionId: null, text: 'Place the order.' });
    expect((await sent.done!).stopReason).toBe('completed');
    expect(hits).toContain('/clicked');
    expect(asked).toEqual(['browser_goto']);
    const click = h.events.find((e) => e.type === 'tool_output' && e.callId === 'call_click') as Extract<
      AgentEvent,
      { type: 'tool_output' }
    >;
    expect(click).toMatchObject({ status: 'ok', allowedBy: { type: 'policy' } });
  }, 180_000);
});

/** Width and height of a PNG given as a data: URL, checking it is opaque RGB. */
function pngSize(dataUrl: string): [number, number] {
  const png = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64');
  expect(png[25]).toBe(2); // colour type 2: RGB, no alpha
  expect(inflateSync(png.subarray(41, 41 + png.readUInt32BE(33))).length).toBeGreaterThan(0);
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('a desktop screenshot reaches the model as an image', () => {
  let x: XDisplay;
  let saved: string | undefined;
  beforeAll(async () => {
    saved = process.env.DISPLAY;
    x = await startXDisplay({ width: 1280, height: 800, windowManager: false });
    process.env.DISPLAY = x.display;
  }, 60_000);
  afterAll(async () => {
    if (saved === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = saved;
    await x?.stop();
  });

  it.each(['responses', 'chat'] as const)(
    'through the %s adapter',
    async (api) => {
      h = await createHarness({
        plugins: plugin('desktop'),
        settings: { plugins: { desktop: { screenshotMaxSize: 640 } } },
      });
      if (api === 'chat')
        await h.runtime.settings.update({ provider: 'openai-compatible', compatible: { baseUrl: h.server.url } });
      h.server.enqueue(
        scripted.toolCalls({ name: 'desktop_screenshot', arguments: {}, callId: 'call_shot' }),
        scripted.text('A black screen.'),
      );
      const sent = await h.runtime.send({ sessionId: null, text: 'What is on my screen?' });
      expect((await sent.done!).stopReason).toBe('completed');
      const second = h.server.requests[1].body as { input?: Item[]; messages?: Item[] };
      let url: string;
      let text: string;
      if (api === 'responses') {
        const out = second.input!.find((i) => i.type === 'function_call_output') as { output: Item[] };
        text = String(out.output[0].text);
        url = String(out.output[1].image_url);
        expect(out.output[1].type).toBe('input_image');
      } else {
        expect(h.server.requests[1].path).toMatch(/\/chat\/completions$/);
        const at = second.messages!.findIndex((m) => m.role === 'tool');
        text = String(second.messages![at].content);
        const parts = second.messages![at + 1].content as Item[];
        expect(second.messages![at + 1].role).toBe('user');
        url = String((parts[1].image_url as { url: string }).url);
      }
      expect(pngSize(url)).toEqual([640, 400]);
      expect(text).toContain('Mapping: screen x = 0 + image x * 2, screen y = 0 + image y * 2');
    },
    180_000,
  );
});
