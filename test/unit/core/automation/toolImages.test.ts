// Images from tools reach the model (Responses: input_image in function_call_output; Chat: a user message after the
// tool message), and the kill switch aborts a running automation call, tells the model and ends the turn.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin, defineTool, imageResult } from '../../../../plugins/sdk';
import type { PluginEntry } from '../../../../main/core/runtime';
import { scripted } from '../../../support/fakeModelServer';
import { runCli } from '../../../support/runCli';
import { createHarness, type Harness } from '../../../support/runtimeHarness';

/** A 1×1 opaque red PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

const started: Array<{ signal: AbortSignal }> = [];

const testPlugin: PluginEntry = {
  manifest: {
    id: 'probe',
    version: '1.0.0',
    displayName: 'Probe',
    description: 'test tools',
    permissions: [],
    activation: 'startup',
  },
  load: () =>
    definePlugin({
      activate: () => ({
        tools: [
          defineTool({
            name: 'shot',
            description: 'returns a screenshot',
            parameters: z.object({}),
            risk: 'read',
            execute: async () =>
              imageResult('Screenshot 1×1 px; image pixel = screen point.', [{ mimeType: 'image/png', data: PNG }]),
          }),
          defineTool({
            name: 'drag',
            description: 'a long automation action',
            parameters: z.object({ to: z.string() }),
            risk: 'read',
            activity: (args) => ({ action: 'drag', target: `to ${args.to}` }),
            execute: (_args, ctx) =>
              new Promise((resolve) => {
                started.push({ signal: ctx.signal });
                ctx.signal.addEventListener('abort', () => resolve('stopped'), { once: true });
              }),
          }),
        ],
      }),
    }),
};

let h: Harness;
afterEach(async () => {
  started.length = 0;
  await h?.close();
});

type Input = Array<Record<string, unknown>>;

describe('tool images reach the model', () => {
  it('Responses API: the function_call_output carries input_text and an input_image data URL', async () => {
    h = await createHarness({ plugins: [testPlugin] });
    h.server.enqueue(
      scripted.toolCalls({ name: 'probe_shot', arguments: {}, callId: 'call_shot' }),
      scripted.text('A red dot.'),
    );
    const sent = await h.runtime.send({ sessionId: null, text: 'look' });
    expect((await sent.done!).stopReason).toBe('completed');
    const input = (h.server.requests[1].body as { input: Input }).input;
    const output = input.find((i) => i.type === 'function_call_output');
    expect(output).toEqual({
      type: 'function_call_output',
      call_id: 'call_shot',
      output: [
        { type: 'input_text', text: 'Screenshot 1×1 px; image pixel = screen point.' },
        { type: 'input_image', image_url: `data:image/png;base64,${PNG}` },
      ],
    });
    // The transcript keeps the image; the UI reads it from the item.
    const loaded = await h.runtime.sessions.load(sent.sessionId);
    expect(JSON.stringify(loaded.entries.at(-2)?.item)).toContain('input_image');
  });

  it('Chat Completions: a text tool message, then a user message with image_url right after it', async () => {
    h = await createHarness({ plugins: [testPlugin] });
    await h.runtime.settings.update({ provider: 'openai-compatible', compatible: { baseUrl: h.server.url } });
    h.server.enqueue(
      scripted.toolCalls({ name: 'probe_shot', arguments: {}, callId: 'call_shot' }),
      scripted.text('A red dot.'),
    );
    const sent = await h.runtime.send({ sessionId: null, text: 'look' });
    expect((await sent.done!).stopReason).toBe('completed');
    expect(h.server.requests[1].path).toMatch(/\/chat\/completions$/);
    const messages = (h.server.requests[1].body as { messages: Input }).messages;
    const toolAt = messages.findIndex((m) => m.role === 'tool');
    expect(messages[toolAt]).toEqual({
      role: 'tool',
      tool_call_id: 'call_shot',
      content: 'Screenshot 1×1 px; image pixel = screen point.',
    });
    expect(messages[toolAt + 1]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'Image output of tool call call_shot:' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
      ],
    });
  });
});

describe('kill switch', () => {
  it('automation/stop aborts the running automation call, the model is told, the turn ends interrupted', async () => {
    h = await createHarness({ plugins: [testPlugin] });
    const states: number[] = [];
    h.runtime.bus.on('automation/activityChanged', (s) => states.push(s.running.length));
    h.server.enqueue(scripted.toolCalls({ name: 'probe_drag', arguments: { to: '(10, 20)' }, callId: 'call_drag' }));
    const sent = await h.runtime.send({ sessionId: null, text: 'drag it' });
    await h.waitFor((e) => e.type === 'tool_call_requested');
    await new Promise<void>((resolve) => {
      if (h.runtime.automation.state().running.length > 0) return resolve();
      const off = h.runtime.bus.on('automation/activityChanged', (s) => s.running.length > 0 && (off(), resolve()));
    });
    expect(h.runtime.automation.state().running[0]).toMatchObject({
      tool: 'probe_drag',
      action: 'drag',
      target: 'to (10, 20)',
      callId: 'call_drag',
    });
    const t0 = performance.now();
    expect(h.runtime.automation.stop()).toBe(1);
    const outcome = await sent.done!;
    expect(performance.now() - t0).toBeLessThan(500);
    expect(started[0].signal.aborted).toBe(true);
    expect(outcome.stopReason).toBe('interrupted');
    const loaded = await h.runtime.sessions.load(sent.sessionId);
    const out = loaded.entries.map((e) => e.item).find((i) => i.type === 'function_call_output');
    expect(out).toMatchObject({ call_id: 'call_drag', output: expect.stringMatching(/user stopped .*kill switch/) });
    expect(states).toEqual([1, 0]);
    expect(h.runtime.automation.state().running).toEqual([]);
  });

  it('the kill switch with nothing running stops nothing', async () => {
    h = await createHarness({ plugins: [testPlugin] });
    expect(h.runtime.automation.stop()).toBe(0);
  });

  it('deskpilot stop reaches the running runtime over its bridge and stops the action', async () => {
    h = await createHarness({ plugins: [testPlugin] });
    await h.runtime.serveBridge();
    h.server.enqueue(scripted.toolCalls({ name: 'probe_drag', arguments: { to: 'far' }, callId: 'call_far' }));
    const sent = await h.runtime.send({ sessionId: null, text: 'drag' });
    await new Promise<void>((resolve) => {
      if (h.runtime.automation.state().running.length > 0) return resolve();
      const off = h.runtime.bus.on('automation/activityChanged', (s) => s.running.length > 0 && (off(), resolve()));
    });
    const run = await runCli(['stop'], { PATH: process.env.PATH, HOME: h.home, DESKPILOT_HOME: h.home }, '', 60_000);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/Stopped 1 running automation action/);
    expect(run.code).toBe(0);
    expect((await sent.done!).stopReason).toBe('interrupted');
  }, 90_000);

  it('deskpilot stop without a running runtime fails with a clear message', async () => {
    h = await createHarness();
    await h.runtime.close();
    const run = await runCli(['stop'], { PATH: process.env.PATH, HOME: h.home, DESKPILOT_HOME: h.home }, '', 60_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No running Deskpilot answers on/);
  }, 90_000);
});
